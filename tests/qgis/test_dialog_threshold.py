"""The dialog's threshold panel after a run: histogram with the automatic threshold, a
preview that only changes renderers, and Apply writing a new mask and polygons through
metriccd:threshold in the task manager, replacing the old layers in the run's group."""
import os

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsLayerTreeModel, QgsProject, QgsSingleBandPseudoColorRenderer
from qgis.PyQt.QtCore import Qt
from qgis.gui import QgsMessageBar

from dialog_fixtures import add_raster, clean_project, make_dialog, wait_until  # noqa: F401
from metric_cd_plugin.core.raster.metadata import stored_threshold


@pytest.fixture()
def finished_run(make_dialog, square_pair, clean_project, tmp_path):  # noqa: F811
    t1, t2, _ = square_pair
    add_raster(t1, "Taizhou 2000")
    add_raster(t2, "Taizhou 2003")
    dialog, manager = make_dialog(message_bar=QgsMessageBar())
    dialog.settings_panel.iterations.setValue(3)
    dialog.settings_panel.device.setCurrentIndex(dialog.settings_panel.device.findData("cpu"))
    assert not dialog.threshold_panel.isEnabled()  # nothing to threshold before a run
    dialog.outputs.probability.setFilePath(str(tmp_path / "prob.tif"))
    dialog.outputs.mask_check.setChecked(True)
    dialog.outputs.mask.setFilePath(str(tmp_path / "mask.tif"))
    dialog.outputs.polygons_check.setChecked(True)
    dialog.outputs.polygons.setFilePath(str(tmp_path / "changes.gpkg"))
    assert dialog.start_run()
    assert wait_until(lambda: not manager.busy)
    return dialog, manager


def visible(layer):
    return QgsProject.instance().layerTreeRoot().findLayer(layer.id()).isVisible()


def test_histogram_preview_and_apply(finished_run, tmp_path):
    dialog, manager = finished_run
    panel = dialog.threshold_panel
    probability, mask, polygons = manager.last_layers
    old_ids = [mask.id(), polygons.id()]
    prob = gdal.Open(probability.source()).ReadAsArray()
    auto = stored_threshold(probability.source())  # the fast preset's rule: 0.5, or Otsu's split of Pc above it
    assert auto >= 0.5
    assert panel.isEnabled() and panel.auto_value == auto and panel.value() == pytest.approx(auto, abs=1e-3)
    assert panel.histogram.counts.sum() == (prob != -1).sum() and panel.histogram.auto == auto
    assert f"Automatic threshold {auto:.3f}" in panel.info.text()
    assert not panel.histogram.grab().isNull()
    before = sorted(os.listdir(tmp_path))

    panel.slider.setValue(300)  # preview at 0.3: renderers only, nothing written
    assert panel.value() == pytest.approx(0.3) and panel.previewing()
    # the legend says so (the drawn pixels are counted in test_threshold_preview.py)
    model = QgsLayerTreeModel(QgsProject.instance().layerTreeRoot())
    legend = model.layerLegendNodes(QgsProject.instance().layerTreeRoot().findLayer(probability.id()))
    assert "> 0.3: change (preview)" in [node.data(Qt.ItemDataRole.DisplayRole) for node in legend]
    assert not visible(mask) and not visible(polygons)
    assert sorted(os.listdir(tmp_path)) == before
    panel.auto_button.click()  # back to the run's threshold: the run's styles again
    assert panel.value() == pytest.approx(auto, abs=1e-3) and visible(mask) and visible(polygons)
    assert probability.renderer().shader().rasterShaderFunction().minimumValue() == pytest.approx(auto, abs=1e-5)

    panel.spin.setValue(0.3)
    assert panel.apply()
    assert wait_until(lambda: panel.task is None)
    group = QgsProject.instance().layerTreeRoot().findGroup("Changes: Taizhou 2000 → Taizhou 2003")
    names = [node.layer().name() for node in group.findLayers()]
    details = "Metric-CD fast, random D-FE weights"
    assert names == [f"Change polygons ({details}, threshold 0.3, set after the run)",
                     f"Change mask ({details}, threshold 0.3, set after the run)",
                     f"Change probability ({details})"]
    new_mask = group.findLayers()[1].layer().source()
    assert new_mask == str(tmp_path / "mask_t0_300.tif")
    written = gdal.Open(new_mask).ReadAsArray()
    np.testing.assert_array_equal(written[prob != -1], (prob[prob != -1] > 0.3).astype(np.uint8))
    assert (tmp_path / "changes_t0_300.gpkg").is_file() and (tmp_path / "mask.tif").is_file()  # old files kept
    assert all(QgsProject.instance().mapLayer(i) is None for i in old_ids)  # the old layers left the map
    assert isinstance(probability.renderer(), QgsSingleBandPseudoColorRenderer) and not panel.previewing()
    assert "threshold 0.300" in panel.info.text()


def test_a_failed_apply_says_why_in_the_panel(finished_run, tmp_path):
    """The probability file damaged after the run: Apply's task fails, and the panel shows
    the message (and the bar gets it) instead of raising in the task's slot."""
    dialog, manager = finished_run
    panel = dialog.threshold_panel
    probability = manager.last_layers[0]
    with open(probability.source(), "wb") as damaged:  # the layer stays on the map
        damaged.write(b"not a GeoTIFF")
    panel.spin.setValue(0.3)
    assert panel.apply()
    assert wait_until(lambda: panel.task is None)
    assert "prob.tif' cannot be read by GDAL" in panel.info.text()  # the core's message, not a tuple
    assert "cannot be read by GDAL" in dialog.manager.message_bar.currentItem().text()
    assert panel.apply_button.isEnabled()
    assert not (tmp_path / "mask_t0_300.tif").exists()
