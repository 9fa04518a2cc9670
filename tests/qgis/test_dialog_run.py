"""Runs started from the dialog: a QgsProcessingAlgRunnerTask in QGIS's task manager on small
real rasters, styled layers in a named group, cancel, readable failures, one run at a time."""
import os

import numpy as np
import pytest
from qgis.core import (Qgis, QgsApplication, QgsPalettedRasterRenderer, QgsProject,
                       QgsSingleBandPseudoColorRenderer, QgsSingleSymbolRenderer)
from qgis.gui import QgsMessageBar

from conftest import write_raster
from dialog_fixtures import add_raster, wait_until
from metric_cd_plugin.core.raster.metadata import stored_threshold

TINY = {"iterations": 3}  # fast preset, 3 fitting steps: seconds on 48 x 48 pixels


def tiny_settings(dialog):
    dialog.settings_panel.iterations.setValue(TINY["iterations"])
    dialog.settings_panel.device.setCurrentIndex(dialog.settings_panel.device.findData("cpu"))


@pytest.fixture()
def pair_layers(square_pair, clean_project):
    t1, t2, _ = square_pair
    return add_raster(t1, "Taizhou 2000"), add_raster(t2, "Taizhou 2003")


def test_run_completes_in_the_task_manager_and_adds_styled_layers_in_a_group(
        make_dialog, pair_layers, tmp_path, logged):
    bar = QgsMessageBar()  # QGIS's own bar, to find the "Zoom to" button
    dialog, manager = make_dialog(message_bar=bar)
    tiny_settings(dialog)
    out = tmp_path / "change_probability.tif"
    dialog.outputs.probability.setFilePath(str(out))
    dialog.outputs.mask_check.setChecked(True)  # mask left empty: a temporary file
    dialog.outputs.polygons_check.setChecked(True)
    dialog.outputs.polygons.setFilePath(str(tmp_path / "changes.gpkg"))
    stages, progress = [], []
    manager.stageChanged.connect(stages.append)
    manager.progressChanged.connect(progress.append)

    assert dialog.start_run()
    assert manager.busy and not dialog.run_button.isEnabled() and dialog.cancel_button.isEnabled()
    tasks = QgsApplication.taskManager().activeTasks()
    assert any(task.description() == "Metric-CD: Taizhou 2000 → Taizhou 2003" for task in tasks)
    assert wait_until(lambda: not manager.busy)

    assert "finished" in dialog.status.text() and dialog.progress.value() == 100
    assert "Normalising T1 onto T2" in stages and progress[-1] == 100
    group = QgsProject.instance().layerTreeRoot().findGroup("Changes: Taizhou 2000 → Taizhou 2003")
    assert group is not None
    # named after what they are and how they were made, e.g. "Change mask (Metric-CD fast, ...)"
    named = {node.layer().name(): node.layer() for node in group.findLayers()}
    layers = {name.split(" (")[0]: layer for name, layer in named.items()}
    assert list(layers) == ["Change polygons", "Change mask", "Change probability"]  # top to bottom
    assert "Change probability (Metric-CD fast, random D-FE weights)" in named
    auto = stored_threshold(str(out))  # the fast preset's rule: 0.5, or Otsu's split of Pc above it
    assert auto >= 0.5
    assert f"Change mask (Metric-CD fast, random D-FE weights, threshold {auto:.3g}, automatic)" in named
    assert isinstance(layers["Change probability"].renderer(), QgsSingleBandPseudoColorRenderer)
    assert isinstance(layers["Change mask"].renderer(), QgsPalettedRasterRenderer)
    assert isinstance(layers["Change polygons"].renderer(), QgsSingleSymbolRenderer)
    assert layers["Change probability"].source() == str(out) and out.is_file()
    mask_source = layers["Change mask"].source()
    assert mask_source.endswith(".tif") and os.path.isfile(mask_source)  # temporary, but a real file
    assert layers["Change polygons"].featureCount() >= 1

    item = bar.currentItem()
    assert item.level() == Qgis.MessageLevel.Success and "finished in" in item.text()
    assert "3 layer(s) added to 'Changes: Taizhou 2000 → Taizhou 2003'" in item.text()
    canvas = manager.canvas
    canvas.setExtent(canvas.extent().buffered(1e6))
    item.widget().click()  # "Zoom to"
    assert item.widget().text() == "Zoom to"
    assert canvas.extent().contains(layers["Change probability"].extent())
    assert canvas.extent().width() < 10 * layers["Change probability"].extent().width()
    texts = [text for text, _ in logged]
    assert any(text.startswith("Threshold used") for text in texts)


def test_a_second_run_is_refused_while_one_runs_and_closing_the_dialog_keeps_it(
        make_dialog, pair_layers, tmp_path):
    from metric_cd_plugin.gui.run_task import RunRefused
    dialog, manager = make_dialog()
    tiny_settings(dialog)
    dialog.outputs.probability.setFilePath(str(tmp_path / "first.tif"))
    assert dialog.start_run()
    assert not dialog.run_button.isEnabled() and "in progress" in dialog.run_button.toolTip()
    assert not dialog.start_run()
    with pytest.raises(RunRefused, match="already in progress"):
        manager.start(dialog.collect_request())
    dialog.close()  # hides only: the task goes on
    assert wait_until(lambda: not manager.busy)
    group = QgsProject.instance().layerTreeRoot().findGroup("Changes: Taizhou 2000 → Taizhou 2003")
    assert group is not None and (tmp_path / "first.tif").is_file()


def test_cancel_leaves_no_layer_and_no_file(make_dialog, pair_layers, tmp_path, qgis_iface):
    out = tmp_path / "out"
    out.mkdir()
    dialog, manager = make_dialog()
    tiny_settings(dialog)
    dialog.outputs.probability.setFilePath(str(out / "prob.tif"))
    dialog.outputs.mask.setFilePath(str(out / "mask.tif"))
    dialog.outputs.polygons_check.setChecked(True)
    dialog.outputs.polygons.setFilePath(str(out / "changes.gpkg"))
    manager.progressChanged.connect(lambda _value: dialog.cancel_button.isEnabled() and dialog.cancel_run())
    layers_before = set(QgsProject.instance().mapLayers())
    assert dialog.start_run()
    assert wait_until(lambda: not manager.busy)
    assert set(QgsProject.instance().mapLayers()) == layers_before
    assert os.listdir(out) == []
    assert "cancelled" in dialog.status.text() and dialog.run_button.isEnabled()
    assert any("cancelled" in m for m in qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Info))


def test_a_failing_run_reports_a_readable_error(make_dialog, clean_project, tmp_path, qgis_iface, logged):
    empty = np.zeros((3, 48, 48), np.uint8)  # every pixel is nodata: nothing to compare
    add_raster(write_raster(tmp_path / "t1.tif", empty, nodata=0), "empty 1")
    add_raster(write_raster(tmp_path / "t2.tif", empty, nodata=0), "empty 2")
    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    critical.clear()
    dialog, manager = make_dialog()
    tiny_settings(dialog)
    assert dialog.start_run()
    assert wait_until(lambda: not manager.busy)
    assert len(critical) == 1 and "Fewer than two pixels are valid" in critical[0]
    assert "Traceback" not in critical[0] and "Fewer than two pixels" in dialog.status.text()
    assert any("Fewer than two pixels" in text and level == Qgis.MessageLevel.Critical for text, level in logged)
    assert QgsProject.instance().layerTreeRoot().findGroups() == []


def test_tracebacks_stay_in_the_log():
    from metric_cd_plugin.gui.notify import readable_error
    traceback = ('Traceback (most recent call last):\n  File "x.py", line 3, in run\n    boom()\n'
                 'ZeroDivisionError: division by zero')
    short, details = readable_error(traceback)
    assert "Traceback" not in short and "ZeroDivisionError: division by zero" in short
    assert details == traceback
    assert readable_error("T1 has 2 band(s) and T2 has 1; choose...")[0].startswith("T1 has 2 band(s)")
