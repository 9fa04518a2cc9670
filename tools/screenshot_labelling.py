"""Run by QGIS (METRIC_CD_SCREENSHOT_CODE=$PWD/tools/screenshot_labelling.py tools/screenshot_dialog.sh):
in the real desktop, on the bundled Landsat pair, draw sample points from a CVA change mask,
open the labelling panel from its Raster menu entry, label ten points by key presses (the
sample's reference labels playing the interpreter), close the panel, reopen it, check that it
resumes on point 11, save a screenshot of the panel (METRIC_CD_SCREEN_PNG: of QGIS's window),
unload the plugin and quit. What it saw goes to $METRIC_CD_REPORT (JSON) when set. The mask is
cut to the labelled pixels of the sample (13 % of it), as in bench/area_coverage.py."""
import os
import tempfile

import numpy as np
from osgeo import gdal, ogr
from qgis.core import QgsProject, QgsVectorLayer
from qgis.PyQt.QtCore import Qt, QTimer
from qgis.PyQt.QtTest import QTest
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface, plugins, unloadPlugin

import desktop_report  # tools/, on QGIS's path (screenshot_dialog.sh)

OUT = os.environ["METRIC_CD_SCREENSHOT"]
SAMPLE = os.environ["METRIC_CD_SAMPLE"]
WORK = tempfile.mkdtemp(prefix="metric-cd-labelling-")
KEY = {2: Qt.Key.Key_C, 1: Qt.Key.Key_N, 0: Qt.Key.Key_U}  # the reference raster's 2 change, 1 no change, 0 none
report = {"errors": []}
state = {}


def finish():
    desktop_report.finish(report)


def guarded(step):
    return desktop_report.guarded(step, report)


def labelling_action():
    for entry in iface.rasterMenu().actions():
        if entry.menu() is not None and entry.text() == "&Metric-CD":
            return next((a for a in entry.menu().actions() if a.objectName() == "metricCDLabellingAction"), None)
    return None


def sample_points():
    from metric_cd_plugin.core.accuracy.sample_points import write_points
    from metric_cd_plugin.core.accuracy.sampling import allocate, count_strata, select_points, shuffled
    from metric_cd_plugin.core.classical.output import write_classical
    from metric_cd_plugin.core.classical.request import ClassicalRequest
    score, mask = os.path.join(WORK, "cva.tif"), os.path.join(WORK, "mask.tif")
    write_classical(ClassicalRequest("cva", f"{SAMPLE}/t1.tif", f"{SAMPLE}/t2.tif", score, mask))
    ds = gdal.Open(mask, gdal.GA_Update)  # the sample's labels cover 13 % of it: sample there only (as the bench)
    band = ds.GetRasterBand(1)
    band.WriteArray(np.where(gdal.Open(f"{SAMPLE}/labels.tif").ReadAsArray() == 0, 255, band.ReadAsArray()))
    ds = None
    grid = count_strata(mask, ring=2)
    points = select_points(mask, allocate(grid.counts, 60, "proportional", 15), 0, ring=2, grid=grid)
    return write_points(os.path.join(WORK, "sample_points.gpkg"), shuffled(points, 0), grid)


def start():
    report["plugin_loaded"] = "metric_cd_plugin" in plugins
    t1 = iface.addRasterLayer(os.path.join(SAMPLE, "t1.tif"), "Taizhou 2000 (Landsat 7)")
    t2 = iface.addRasterLayer(os.path.join(SAMPLE, "t2.tif"), "Taizhou 2003 (Landsat 7)")
    for layer in (t1, t2):  # true colour (bands 3, 2, 1), as an analyst would set it
        layer.renderer().setRedBand(3)
        layer.renderer().setBlueBand(1)
    state["gpkg"] = sample_points()
    points = QgsVectorLayer(state["gpkg"], "Sample points", "ogr")
    QgsProject.instance().addMapLayer(points)
    state["layers"] = (points, t1, t2)
    action = labelling_action()
    report["raster_menu_entry"] = action.text() if action else None
    action.trigger()
    dock = plugins["metric_cd_plugin"].labelling.dock
    for combo, layer in zip((dock.points_combo, dock.t1_combo, dock.t2_combo), state["layers"]):
        combo.setLayer(layer)
    report["first"] = dock.current().point_id
    QTimer.singleShot(1500, guarded(label_ten))


def label_ten():
    dock = plugins["metric_cd_plugin"].labelling.dock
    labels = gdal.Open(os.path.join(SAMPLE, "labels.tif")).ReadAsArray()
    ds = ogr.Open(state["gpkg"])
    cells = {f.GetField("id"): (f.GetField("row"), f.GetField("col")) for f in ds.GetLayer(0)}
    ds = None
    pressed = []
    for _ in range(10):
        row, col = cells[dock.current().point_id]
        key = KEY[int(labels[row, col])]
        QTest.keyClick(dock.canvases[0], key)
        pressed.append({Qt.Key.Key_C: "change", Qt.Key.Key_N: "no change", Qt.Key.Key_U: "unsure"}[key])
    report["pressed"] = pressed
    report["progress_after_ten"] = dock.progress.text()
    dock.close()
    report["closed"] = dock.isHidden()
    labelling_action().trigger()  # reopened: resumes on the first point not labelled
    report["resumed_on"] = dock.current().point_id
    report["progress_reopened"] = dock.progress.text()
    QTimer.singleShot(3000, guarded(shoot))


def shoot():
    dock = plugins["metric_cd_plugin"].labelling.dock
    ds = ogr.Open(state["gpkg"])
    stored = {f.GetField("id"): f.GetField("reference") for f in ds.GetLayer(0)}
    ds = None
    report["stored"] = [stored[i] for i in sorted(stored)]
    QApplication.processEvents()
    dock.grab().save(OUT)
    screen = os.environ.get("METRIC_CD_SCREEN_PNG")
    if screen:
        iface.mainWindow().grab().save(screen)
    unloadPlugin("metric_cd_plugin")
    report["after_unload_menu_entry"] = labelling_action() is not None
    finish()


QTimer.singleShot(120000, finish)  # never hang the caller
QTimer.singleShot(500, guarded(start))
