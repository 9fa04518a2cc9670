"""The dialog's data kind (auto / optical / SAR): offered in the algorithm's order, automatic by
default, remembered, explained, handed to metriccd:changedetection as DATA_KIND, and recorded
with its reason in the run's outputs and log."""
import pytest
from qgis.core import QgsApplication, QgsProcessingContext

from dialog_fixtures import add_raster, random_raster, wait_until


@pytest.fixture()
def ready_dialog(make_dialog, clean_project, tmp_path):
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    return make_dialog()[0]


def choose(combo, option):
    combo.setCurrentIndex(combo.findData(option))


def test_automatic_by_default_with_the_rule_in_the_tooltip(ready_dialog):
    from metric_cd_plugin.core.raster.kind import DATA_KINDS, OPTICAL_CV, SAR_CV, SPECKLE_CORRELATION, SPECKLE_WINDOW
    combo = ready_dialog.settings_panel.data_kind
    assert [combo.itemData(i) for i in range(combo.count())] == list(DATA_KINDS)
    assert combo.currentData() == "auto"
    assert combo.itemText(combo.findData("sar")) == "SAR amplitude or intensity (log-ratio)"
    tip = combo.toolTip()
    assert "VV, VH, HH, HV" in tip and str(SPECKLE_CORRELATION) in tip
    assert f"{SPECKLE_WINDOW} x {SPECKLE_WINDOW}" in tip
    assert f"at least {SAR_CV:.0%} of its brightness" in tip and f"optical below {OPTICAL_CV:.0%}" in tip
    assert "costs least when wrong" in tip and "which evidence decided and how sure" in tip
    assert ready_dialog.collect_request().to_parameters()["DATA_KIND"] == "auto"
    assert "Data kind" in ready_dialog.help.toPlainText()


def test_the_choice_is_remembered_by_a_new_dialog(make_dialog, ready_dialog):
    choose(ready_dialog.settings_panel.data_kind, "sar")
    ready_dialog.close()  # closing remembers the settings, as in QGIS
    again, _ = make_dialog()
    assert again.settings_panel.data_kind.currentData() == "sar"


def test_the_choice_becomes_a_valid_data_kind_parameter(ready_dialog):
    choose(ready_dialog.settings_panel.data_kind, "optical")
    parameters = ready_dialog.collect_request().to_parameters()
    assert parameters["DATA_KIND"] == "optical"
    algorithm = QgsApplication.processingRegistry().algorithmById("metriccd:changedetection")
    context = QgsProcessingContext()
    context.setProject(ready_dialog.manager.project)
    assert algorithm.checkParameterValues(parameters, context) == (True, "")


def test_sar_chosen_on_an_optical_pair_is_recorded_in_the_output_and_the_log(
        make_dialog, square_pair, clean_project, tmp_path, logged):
    from metric_cd_plugin.core.raster.metadata import read_run_metadata
    t1, t2, _ = square_pair  # 3-band optical: Automatic would say optical
    add_raster(t1, "t1")
    add_raster(t2, "t2")
    dialog, manager = make_dialog()
    panel = dialog.settings_panel
    choose(panel.data_kind, "sar")
    choose(panel.device, "cpu")
    panel.iterations.setValue(3)  # fast preset, 3 fitting steps: seconds on 48 x 48 pixels
    out = tmp_path / "p.tif"
    dialog.outputs.probability.setFilePath(str(out))
    assert dialog.start_run()
    assert wait_until(lambda: not manager.busy)
    assert "finished" in dialog.status.text()
    meta = read_run_metadata(str(out))
    assert meta["data_kind"] == "sar"
    assert meta["data_kind_reason"].startswith("sar: chosen by the user")
    assert any(text.startswith("Data kind: sar: chosen by the user") for text, _ in logged)
