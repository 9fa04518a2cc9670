"""After a run with a change mask, the dialog offers "Estimate the real change area…" under its
change summary; the button opens Processing's sampling design filled with the run's mask and
probability. A run without a mask offers nothing."""
from qgis.core import QgsProject

from dialog_fixtures import add_raster, clean_project, make_dialog, wait_until  # noqa: F401
from test_dialog_run import tiny_settings


def test_the_offer_follows_the_run_and_opens_the_sampling_design(make_dialog, square_pair, clean_project,  # noqa: F811
                                                                 tmp_path, qgis_iface, monkeypatch):
    from qgis.gui import QgsBrowserGuiModel
    browser = QgsBrowserGuiModel()  # Processing's dialog reads QGIS's browser model, which pytest-qgis's iface lacks
    monkeypatch.setattr(qgis_iface, "browserModel", lambda: browser, raising=False)
    t1, t2, _ = square_pair
    add_raster(t1, "Taizhou 2000")
    add_raster(t2, "Taizhou 2003")
    dialog, manager = make_dialog()
    tiny_settings(dialog)
    assert dialog.area_offer.isHidden()
    dialog.outputs.probability.setFilePath(str(tmp_path / "prob.tif"))
    dialog.outputs.mask_check.setChecked(True)
    dialog.outputs.mask.setFilePath(str(tmp_path / "mask.tif"))
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    assert not dialog.area_offer.isHidden() and dialog.area_offer.text() == "Estimate the real change area…"
    algorithm_dialog = dialog.area_offer.open_sampling()
    try:
        assert algorithm_dialog.algorithm().id() == "metriccd:samplingdesign"
        params = algorithm_dialog.createProcessingParameters()  # the run's layers, now in the project
        sources = {name: QgsProject.instance().mapLayer(params[name]).source() for name in ("INPUT", "PROBABILITY")}
        assert sources == {"INPUT": str(tmp_path / "mask.tif"), "PROBABILITY": str(tmp_path / "prob.tif")}
    finally:
        algorithm_dialog.close()
        algorithm_dialog.deleteLater()
    dialog.outputs.mask_check.setChecked(False)
    dialog.outputs.probability.setFilePath(str(tmp_path / "prob2.tif"))
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    assert dialog.area_offer.isHidden()
