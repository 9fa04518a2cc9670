"""The failure matrix through the dialog, for every case it can be given (it lists only
layers QGIS loaded, so a missing or unreadable file never reaches it). A choice that cannot
work keeps Run disabled with the reason shown; a run that fails ends with the message in
the message bar (no traceback: that goes to the log panel), nothing added, nothing written."""
import pytest
from qgis.core import Qgis, QgsProject, QgsRasterLayer

from dialog_fixtures import add_raster, wait_until
from failure_cases import CASES, ITERATIONS, case_ids
from failure_inputs import good_pair
from failure_checks import Before, assert_readable, file_size_limit

pytestmark = pytest.mark.usefixtures("one_torch_thread")
WEB_TILES = "http://127.0.0.1:9/%7Bz%7D/%7Bx%7D/%7By%7D.png"  # never fetched: the run stops first
IN_DIALOG = [case for case in CASES if not case.dialog.startswith("n/a")]


def dialog_for(make_dialog, inputs):
    add_raster(inputs.t1, "earlier")
    add_raster(inputs.t2, "later")
    dialog, manager = make_dialog()
    dialog.settings_panel.iterations.setValue(ITERATIONS)
    dialog.settings_panel.device.setCurrentIndex(dialog.settings_panel.device.findData("cpu"))
    dialog.outputs.probability.setFilePath(inputs.output)
    dialog.outputs.mask_check.setChecked(True)
    dialog.outputs.mask.setFilePath(inputs.mask)
    dialog.outputs.polygons_check.setChecked(False)
    return dialog, manager


def run_to_the_end(dialog, manager, inputs):
    with file_size_limit(inputs.file_size_limit):
        assert dialog.start_run(), dialog.run_button.toolTip()
        assert wait_until(lambda: not manager.busy)


@pytest.mark.parametrize("case", IN_DIALOG, ids=case_ids(IN_DIALOG))
def test_dialog(case, case_folder, make_dialog, qgis_iface, logged):
    inputs = case.make(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    dialog, manager = dialog_for(make_dialog, inputs)
    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    critical.clear()
    groups_before = QgsProject.instance().layerTreeRoot().findGroups()
    if case.dialog == "blocked":
        assert not dialog.run_button.isEnabled() and not dialog.start_run()
        assert_readable(" ".join(dialog.checks.errors), *case.expected("dialog"))
        assert dialog.run_button.toolTip() == dialog.checks.errors[0]
        before.assert_nothing_written()
        return
    run_to_the_end(dialog, manager, inputs)
    if case.fails:
        assert len(critical) == 1, critical
        assert_readable(critical[0], *case.expected("dialog"))
        assert_readable(dialog.status.text(), *case.expected("dialog"))
        assert any(level == Qgis.MessageLevel.Critical and case.expected("dialog")[0] in text for text, level in logged)
        assert QgsProject.instance().layerTreeRoot().findGroups() == groups_before
        before.assert_nothing_written()
    else:
        assert critical == [] and "finished" in dialog.status.text()
        group = QgsProject.instance().layerTreeRoot().findGroup("Changes: earlier → later")
        assert [node.layer().source() for node in group.findLayers()] == [inputs.mask, inputs.output]
        assert any(case.says in text for text, _ in logged)
        probability = before.assert_outputs_only()
        if case.check:
            case.check(probability)


def test_web_map_layers_are_refused_and_virtual_layers_exported(case_folder, processing_api,
                                                                make_dialog, qgis_iface):
    """Layers that are not files: a web map (rendered colours, no pixel grid) is refused by
    the toolbox and not even listed by the dialog; a virtual raster (raster calculator on the
    fly) is exported to a temporary GeoTIFF and runs, from both."""
    from test_failure_matrix_processing import run_toolbox
    from dialog_fixtures import virtual_raster
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    tiles = QgsRasterLayer(f"type=xyz&url={WEB_TILES}&zmax=19&zmin=0", "web tiles", "wms")
    assert tiles.isValid()
    inputs_web = type(inputs)(tiles, inputs.t2, inputs.output, inputs.mask)
    _, error, _ = run_toolbox(processing_api, inputs_web)
    assert_readable(error, "is a web map (wms) of rendered colours", "save the area you need as a GeoTIFF")
    before.assert_nothing_written()
    QgsProject.instance().addMapLayer(tiles)
    dialog, manager = dialog_for(make_dialog, inputs)
    assert tiles.id() not in [dialog.t1.combo.layer(i).id() for i in range(dialog.t1.combo.count())]

    virtual = virtual_raster(inputs.t1, "calculated")
    virtual_inputs = type(inputs)(virtual, inputs.t2, inputs.output, inputs.mask)
    results, error, feedback = run_toolbox(processing_api, virtual_inputs, BANDS_T2="1")
    assert error is None and any(text.startswith("Exporting T1 to a temporary GeoTIFF") for text in feedback.shown)
    before.assert_outputs_only()
    QgsProject.instance().addMapLayer(virtual)
    dialog.t1.set_layer(virtual)
    dialog.t2.set_checked_bands([1])  # one band each: the calculator gives one
    run_to_the_end(dialog, manager, inputs)
    assert "finished" in dialog.status.text(), dialog.status.text()
    assert QgsProject.instance().layerTreeRoot().findGroup("Changes: calculated → later") is not None
    before.assert_outputs_only()


def test_the_dialog_runs_again_after_the_matrix(case_folder, make_dialog, qgis_iface):
    """Last in this module: after every failure above, a run from the dialog succeeds."""
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    dialog, manager = dialog_for(make_dialog, inputs)
    run_to_the_end(dialog, manager, inputs)
    assert "finished" in dialog.status.text()
    before.assert_outputs_only()
