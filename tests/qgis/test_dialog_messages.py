"""The message bar after a run without network (issue 27 item 5), in QGIS's own bar: the
result is the message on top, the offline-weights warning is short with a "Details" button
showing the whole text, and the dialog remembers the failed download for the session: it no
longer announces a download, the next run uses seeded random weights at once, and the
"Retry the download" link brings the download back."""
from qgis.core import Qgis
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtWidgets import QMessageBox, QPushButton

from dialog_fixtures import add_raster, clean_project, make_dialog, wait_until  # noqa: F401
from test_dialog_results import WHERE, offline_profile, pair_layers  # noqa: F401
from test_dialog_run import tiny_settings
from test_offline_weights import FALLBACK, offline  # noqa: F401

SHORT = 200  # characters: a message bar line, not a paragraph


def run(dialog, manager):
    assert dialog.start_run() and wait_until(lambda: not manager.busy)


def unsure_dialog(make_dialog, tmp_path):  # noqa: F811 (the fixture, passed on)
    """Two single near-infrared bands of the bundled Landsat pair, without their names, on the
    map: `auto` is unsure of them (core/raster/kind.py rule 8) -> (bar, dialog, manager)."""
    from conftest import nameless_nir_pair
    for d, path in enumerate(nameless_nir_pair(tmp_path), 1):
        add_raster(path, f"NIR {d}")
    bar = QgsMessageBar()
    dialog, manager = make_dialog(message_bar=bar)
    tiny_settings(dialog)
    dialog.settings_panel.weights_auto.setChecked(True)  # warnings reach the bar (chosen random weights: log only)
    return bar, dialog, manager


def test_the_result_stays_on_top_and_the_offline_warning_is_short_with_details(
        make_dialog, pair_layers, offline_profile):  # noqa: F811
    bar = QgsMessageBar()
    dialog, manager = make_dialog(message_bar=bar)
    tiny_settings(dialog)
    dialog.settings_panel.weights_auto.setChecked(True)  # the default: tries the download, offline
    run(dialog, manager)
    current = bar.currentItem()
    assert current.level() == Qgis.MessageLevel.Success and current.title() == "Metric-CD finished"
    assert "Changed: " in current.text()
    warnings = [item for item in bar.items() if item.level() == Qgis.MessageLevel.Warning]
    assert len(warnings) == 1 and len(warnings[0].text()) < SHORT and FALLBACK not in warnings[0].text()
    assert "could not be downloaded" in warnings[0].text()
    details = [b for b in warnings[0].findChildren(QPushButton) if b.text() == "Details"]
    assert len(details) == 1
    details[0].click()
    boxes = [box for box in details[0].findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1 and FALLBACK in boxes[0].text() and f"{WHERE}Pretrained file'" in boxes[0].text()
    assert not boxes[0].isModal()  # QGIS stays usable while it is open


def test_a_failed_download_is_remembered_for_the_session_with_a_retry(
        make_dialog, pair_layers, offline_profile):  # noqa: F811
    bar = QgsMessageBar()
    dialog, manager = make_dialog(message_bar=bar)
    tiny_settings(dialog)
    dialog.settings_panel.weights_auto.setChecked(True)
    dialog.refresh_checks()
    assert "Run will first download" in dialog.check_label.text()
    run(dialog, manager)
    said = dialog.check_label.text()  # as soon as the run has finished
    assert "Run will first download" not in said and "failed earlier in this session" in said
    assert "seeded random weights" in said and "Retry the download" in said
    assert dialog.collect_request().weights == "random"  # no second wait on a download known to fail
    warnings_before = len([i for i in bar.items() if i.level() == Qgis.MessageLevel.Warning])
    run(dialog, manager)
    assert bar.currentItem().level() == Qgis.MessageLevel.Success
    assert len([i for i in bar.items() if i.level() == Qgis.MessageLevel.Warning]) == warnings_before
    dialog.check_label.linkActivated.emit("retry-download")  # the user clicks "Retry the download"
    assert "Run will first download" in dialog.check_label.text()
    assert dialog.collect_request().weights == "auto"


def test_an_unsure_data_kind_is_a_short_warning_with_the_whole_advice_under_details(
        make_dialog, clean_project, offline_profile, tmp_path):  # noqa: F811
    """Two single near-infrared bands of the bundled Landsat pair, without their names: `auto` is
    unsure (core/raster/kind.py rule 8), and the bar says so in a line, with what to choose."""
    bar, dialog, manager = unsure_dialog(make_dialog, tmp_path)
    run(dialog, manager)
    kind = [item for item in bar.items() if item.level() == Qgis.MessageLevel.Warning
            and "data kind was unsure" in item.text()]
    assert len(kind) == 1 and len(kind[0].text()) < SHORT, [item.text() for item in bar.items()]
    assert "compared as optical" in kind[0].text() and "Are the rasters SAR?" in kind[0].text()
    details = [b for b in kind[0].findChildren(QPushButton) if b.text() == "Details"]
    assert len(details) == 1
    details[0].click()
    boxes = [box for box in details[0].findChildren(QMessageBox) if box.isVisible()]
    assert len(boxes) == 1 and "choose Data kind Optical" in boxes[0].text()
    assert bar.currentItem().level() == Qgis.MessageLevel.Success  # the result stays on top
    manager.shutdown()  # the plugin unloaded: its "Run again as SAR" would call nothing
    assert not [item for item in bar.items() if "data kind was unsure" in item.text()]
    assert bar.items()  # the result's message is QGIS's to keep


def test_run_again_as_sar_from_the_unsure_warning(make_dialog, clean_project, offline_profile, tmp_path):  # noqa: F811
    """The unsure warning's "Run again as SAR": the same request with Data kind SAR, into new
    temporary files; the first result stays on the map, its file untouched, and the dialog now
    shows SAR."""
    from metric_cd_plugin.core.raster.metadata import read_run_metadata
    bar, dialog, manager = unsure_dialog(make_dialog, tmp_path)
    first = tmp_path / "first.tif"
    dialog.outputs.probability.setFilePath(str(first))
    run(dialog, manager)
    before = first.read_bytes()
    assert read_run_metadata(str(first))["data_kind"] == "optical"
    first_layers = [layer.id() for layer in manager.last_layers]
    warning = [item for item in bar.items() if "data kind was unsure" in item.text()][0]
    again = [b for b in warning.findChildren(QPushButton) if b.text() == "Run again as SAR"]
    assert len(again) == 1 and "this result stays" in again[0].toolTip()
    again[0].click()
    assert manager.busy and wait_until(lambda: not manager.busy)
    assert warning not in bar.items()  # answered: the warning is gone
    assert dialog.settings_panel.data_kind.currentData() == "sar"
    second = manager.last_results["OUTPUT"]
    assert second != str(first) and read_run_metadata(second)["data_kind"] == "sar"
    assert read_run_metadata(second)["data_kind_reason"].startswith("sar: chosen by the user")
    assert first.read_bytes() == before and all(clean_project.mapLayer(i) for i in first_layers)
    groups = [g.name() for g in clean_project.layerTreeRoot().findGroups()]
    assert groups == ["Changes: NIR 1 → NIR 2 (SAR)", "Changes: NIR 1 → NIR 2"]  # the new one on top
    assert bar.currentItem().level() == Qgis.MessageLevel.Success
    # the run with the kind chosen is sure of it: no warning, so no button, this time
    assert not [item for item in bar.items() if "data kind was unsure" in item.text()]
