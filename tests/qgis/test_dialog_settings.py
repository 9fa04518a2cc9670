"""The dialog's settings: device availability, remembered values, tooltips, help, and the
parameters a run hands to metriccd:changedetection."""
import sys

import pytest
from qgis.core import (QgsApplication, QgsCoordinateReferenceSystem, QgsProcessingContext,
                       QgsProcessingParameterExtent, QgsProcessingParameters, QgsRectangle,
                       QgsReferencedRectangle)
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QLabel

from dialog_fixtures import add_raster, random_raster


@pytest.fixture()
def ready_dialog(make_dialog, clean_project, tmp_path):
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    return make_dialog()[0]


def test_cuda_is_greyed_out_with_a_reason_when_torch_has_no_cuda(ready_dialog):
    import torch
    if torch.cuda.is_available():
        pytest.skip("this machine has a CUDA GPU")
    device = ready_dialog.settings_panel.device
    cuda = device.findData("cuda")
    assert not device.model().item(cuda).isEnabled()
    assert "no CUDA GPU" in device.itemData(cuda, Qt.ItemDataRole.ToolTipRole)
    assert [device.itemData(i) for i in range(device.count())] == ["auto", "cpu", "cuda"]


def test_without_torch_run_is_disabled_and_cuda_explains_why(make_dialog, clean_project, tmp_path, monkeypatch):
    from metric_cd_plugin.gui.torch_probe import probe_torch
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    status = probe_torch()
    assert not status.available and "torch" in status.detail
    add_raster(random_raster(tmp_path / "t1.tif", 1), "t1")
    add_raster(random_raster(tmp_path / "t2.tif", 2), "t2")
    dialog, _ = make_dialog(torch=status)
    assert not dialog.run_button.isEnabled() and "PyTorch cannot be imported" in dialog.check_label.text()
    device = dialog.settings_panel.device
    assert "cannot be imported" in device.itemData(device.findData("cuda"), Qt.ItemDataRole.ToolTipRole)


def test_last_used_settings_are_remembered(make_dialog, ready_dialog):
    panel = ready_dialog.settings_panel
    panel.preset.setCurrentIndex(panel.preset.findData("paper"))
    panel.device.setCurrentIndex(panel.device.findData("cpu"))
    panel.iterations.setValue(7)
    panel.seed.setValue(42)
    panel.threshold_auto.setChecked(False)
    panel.threshold.setValue(0.35)
    ready_dialog.outputs.polygons_check.setChecked(True)
    ready_dialog.outputs.min_area.setValue(900)
    ready_dialog.outputs.add_to_map.setChecked(False)
    ready_dialog.remember_settings()
    again, _ = make_dialog()
    restored = again.settings_panel
    assert (restored.preset.currentData(), restored.device.currentData()) == ("paper", "cpu")
    assert (restored.iterations.value(), restored.seed.value()) == (7, 42)
    assert restored.threshold_value() == pytest.approx(0.35) and restored.threshold.isEnabled()
    assert again.outputs.polygons_check.isChecked() and again.outputs.min_area.value() == 900
    assert not again.outputs.add_to_map.isChecked()
    assert again.outputs.probability_path() == ""  # paths are not remembered


def test_every_field_and_button_has_a_tooltip(ready_dialog):
    d, outputs, settings = ready_dialog, ready_dialog.outputs, ready_dialog.settings_panel
    fields = [d.t1.combo, d.t1.bands, d.t1.summary, d.t2.combo, d.t2.bands, d.t2.summary,
              d.check_label, outputs.probability, outputs.mask_check, outputs.mask,
              outputs.polygons_check, outputs.polygons, outputs.min_area, outputs.add_to_map,
              settings.preset, settings.device, settings.iterations, settings.seed,
              settings.threshold_auto, settings.threshold, settings.weights_auto, settings.weights_random,
              settings.weights_file, settings.weights_path, settings.extent, d.help, d.progress,
              d.status, d.help_button, d.run_button, d.cancel_button, d.close_button]
    assert [type(w).__name__ for w in fields if not w.toolTip()] == []
    labels = [w for w in d.findChildren(QLabel) if w.buddy() is None and w.text() and w.parent()
              in (outputs, settings, settings.advanced)]
    assert labels and all(label.toolTip() for label in labels)


def test_help_panel_explains_the_method_and_every_setting(ready_dialog):
    text = ready_dialog.help.toPlainText()
    for word in ("What it does", "T1 and T2", "Bands", "Change probability", "Change mask",
                 "Change polygons", "Preset", "Device", "Iterations", "Random seed", "Threshold",
                 "VGG16 weights", "Extent", "task manager"):
        assert word in text
    ready_dialog.show()
    ready_dialog.help_button.setChecked(False)
    assert not ready_dialog.help.isVisible()
    ready_dialog.help_button.setChecked(True)
    assert ready_dialog.help.isVisible()


def test_the_request_becomes_valid_algorithm_parameters(ready_dialog, tmp_path):
    ready_dialog.t1.bands.item(0).setCheckState(Qt.CheckState.Unchecked)
    ready_dialog.t2.bands.item(2).setCheckState(Qt.CheckState.Unchecked)
    ready_dialog.settings_panel.threshold_auto.setChecked(False)
    ready_dialog.settings_panel.threshold.setValue(0.4)
    ready_dialog.outputs.probability.setFilePath(str(tmp_path / "p.tif"))
    ready_dialog.outputs.mask_check.setChecked(False)
    parameters = ready_dialog.collect_request().to_parameters()
    assert parameters["BANDS_T1"] == "2,3" and parameters["BANDS_T2"] == "1,2"
    assert parameters["THRESHOLD"] == "0.4" and parameters["OUTPUT"] == str(tmp_path / "p.tif")
    assert parameters["OUTPUT_MASK"] is None and parameters["OUTPUT_POLYGONS"] is None
    assert "EXTENT" not in parameters
    algorithm = QgsApplication.processingRegistry().algorithmById("metriccd:changedetection")
    context = QgsProcessingContext()
    context.setProject(ready_dialog.manager.project)
    assert algorithm.checkParameterValues(parameters, context) == (True, "")


def test_a_chosen_extent_is_passed_as_a_referenced_rectangle():
    from metric_cd_plugin.gui.run_request import RunRequest
    crs = QgsCoordinateReferenceSystem("EPSG:32651")
    extent = QgsReferencedRectangle(QgsRectangle(500300, 3598800, 500900, 3599700), crs)
    parameters = RunRequest("a", "b", "A", "B", [1], [1], extent=extent).to_parameters()
    definition = QgsProcessingParameterExtent("EXTENT", optional=True)
    assert definition.checkValueIsAcceptable(parameters["EXTENT"])
    context = QgsProcessingContext()
    parsed = QgsProcessingParameters.parameterAsExtent(definition, parameters, context, crs)
    assert parsed == QgsRectangle(500300, 3598800, 500900, 3599700)
    assert QgsProcessingParameters.parameterAsExtentCrs(definition, parameters, context) == crs


def test_a_missing_weights_file_blocks_run(ready_dialog, tmp_path):
    settings = ready_dialog.settings_panel
    settings.weights_file.setChecked(True)
    assert not ready_dialog.run_button.isEnabled()
    assert "Choose the VGG16 weights file" in ready_dialog.check_label.text()
    settings.weights_path.setFilePath(str(tmp_path / "missing.pth"))
    assert "does not exist" in ready_dialog.check_label.text()
    (tmp_path / "vgg16.pth").write_bytes(b"")
    settings.weights_path.setFilePath(str(tmp_path / "vgg16.pth"))
    assert ready_dialog.run_button.isEnabled()
    params = ready_dialog.collect_request().to_parameters()
    assert params["WEIGHTS"] == "file" and params["WEIGHTS_FILE"] == str(tmp_path / "vgg16.pth")
