"""The labelling panel on a real QgsApplication: sample points from a real mask, T1 and T2
side by side with the pixel outlined, ten points labelled by key presses, the panel closed,
reopened on the same layer, and resuming on the first point not labelled yet."""
import numpy as np
import pytest
from osgeo import ogr
from qgis.core import QgsProject, QgsRasterLayer, QgsVectorLayer
from qgis.PyQt.QtCore import QEvent, Qt
from qgis.PyQt.QtGui import QKeyEvent
from qgis.PyQt.QtWidgets import QApplication

from conftest import write_raster
from metric_cd_plugin.core.accuracy.sample_points import write_points
from metric_cd_plugin.core.accuracy.sampling import allocate, count_strata, select_points, shuffled
from metric_cd_plugin.gui.labelling_dock import LabellingDock


@pytest.fixture
def session(qgis_iface, tmp_path):
    project = QgsProject.instance()
    project.removeAllMapLayers()
    mask = np.zeros((40, 40), np.uint8)
    mask[10:20, 10:20] = 1
    mask_path = write_raster(str(tmp_path / "mask.tif"), mask, nodata=255)
    rng = np.random.default_rng(0)
    t1 = write_raster(str(tmp_path / "t1.tif"), rng.integers(0, 255, (3, 40, 40)).astype(np.uint8))
    t2 = write_raster(str(tmp_path / "t2.tif"), rng.integers(0, 255, (3, 40, 40)).astype(np.uint8))
    grid = count_strata(mask_path, ring=1)
    points = select_points(mask_path, allocate(grid.counts, 24, "equal"), 3, ring=1, grid=grid)
    gpkg = write_points(str(tmp_path / "points.gpkg"), shuffled(points, 3), grid)
    layers = [QgsRasterLayer(t1, "T1 2000"), QgsRasterLayer(t2, "T2 2003"), QgsVectorLayer(gpkg, "points", "ogr")]
    project.addMapLayers(layers)
    yield project, layers, gpkg
    project.removeAllMapLayers()


def press(widget, key):
    """A key pressed and released on the widget, through Qt's event dispatch."""
    for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
        QApplication.sendEvent(widget, QKeyEvent(kind, key, Qt.KeyboardModifier.NoModifier))


def open_dock(project, layers):
    dock = LabellingDock(project)
    dock.points_combo.setLayer(layers[2])
    dock.t1_combo.setLayer(layers[0])
    dock.t2_combo.setLayer(layers[1])
    dock.show()
    return dock


def stored_labels(gpkg):
    ds = ogr.Open(gpkg)
    return {f.GetField("id"): f.GetField("reference") for f in ds.GetLayer(0)}


def test_label_ten_points_by_keys_close_reopen_resume(session):
    project, layers, gpkg = session
    dock = open_dock(project, layers)
    assert dock.progress.text() == "0 of 24 labelled" and dock.current().point_id == 1
    assert [c.layers()[0].name() for c in dock.canvases] == ["T1 2000", "T2 2003"]
    outline = dock.bands[0].asGeometry().boundingBox()
    assert (round(outline.width()), round(outline.height())) == (30, 30)  # the sampled 30 m pixel
    assert dock.canvases[0].extent().contains(outline) and dock.canvases[1].extent().contains(outline)
    keys = [Qt.Key.Key_C, Qt.Key.Key_N, Qt.Key.Key_U, Qt.Key.Key_1, Qt.Key.Key_2,
            Qt.Key.Key_3, Qt.Key.Key_N, Qt.Key.Key_N, Qt.Key.Key_C, Qt.Key.Key_N]
    for i, key in enumerate(keys):
        press(dock.canvases[i % 2], key)  # wherever the focus is in the panel
    assert dock.progress.text() == "10 of 24 labelled"
    expected = ["change", "no change", "unsure", "change", "no change", "unsure", "no change", "no change", "change",
                "no change"]
    labels = stored_labels(gpkg)
    assert [labels[i] for i in range(1, 11)] == expected and all(labels[i] is None for i in range(11, 25))
    dock.close()
    dock.deleteLater()
    again = open_dock(project, layers)
    assert again.current().point_id == 11 and again.progress.text() == "10 of 24 labelled"
    press(again.canvases[0], Qt.Key.Key_Left)  # back to point 10 to check it
    assert again.current().point_id == 10 and "no change" in again.position.text()
    press(again.canvases[0], Qt.Key.Key_C)  # corrected; then on to the first point not labelled
    assert stored_labels(gpkg)[10] == "change" and again.current().point_id == 11
    again.change_button.click()
    assert stored_labels(gpkg)[11] == "change" and again.progress.text() == "11 of 24 labelled"
    again.close()


def test_a_layer_without_a_reference_field_is_explained(session, tmp_path):
    project, layers, _ = session
    other = QgsVectorLayer("Point?crs=EPSG:32651&field=name:string", "other points", "memory")
    project.addMapLayer(other)
    dock = open_dock(project, layers)
    dock.points_combo.setLayer(other)
    assert "has no 'reference' field" in dock.position.text() and not dock.change_button.isEnabled()
    dock.close()
