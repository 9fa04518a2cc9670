"""Run by QGIS (`qgis --code`, through tools/screenshot_guide.sh): the user guide's screenshots
from the real desktop, each step done as a user does it in the dialog, on the bundled Landsat
pair with seeded random D-FE weights:
  dialog.png             the dialog before the run (T1, T2, bands, outputs with polygons)
  desktop_after_run.png  QGIS after the run: the group, the layers, the message bar with Save…
  dialog_threshold.png   the dialog's threshold box previewing 0.7
  map_threshold.png      the map after the run, previewing 0.7, and after Apply at 0.7
  desktop_saved.png      QGIS after Save… (the layers then read the saved copies)
  styles_backdrops.png   the styled results over T2 in true colour, false colour and greyscale
  ungeoreferenced.png    a run on the same pair without any georeference: polygons over T2
written into the folder of $METRIC_CD_SCREENSHOT (dialog.png's path); what the script saw goes
to $METRIC_CD_REPORT (JSON) when set. Every step waits for the one before (task manager runs)."""
import os
import tempfile
import time

from osgeo import gdal
from qgis.core import (QgsContrastEnhancement, QgsMapRendererSequentialJob, QgsMapSettings,
                       QgsMultiBandColorRenderer, QgsProject, QgsRasterLayer, QgsRasterMinMaxOrigin,
                       QgsRectangle, QgsSettings, QgsSingleBandGrayRenderer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize, Qt, QTimer
from qgis.PyQt.QtGui import QColor, QFont, QImage, QPainter
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface, plugins, unloadPlugin

import desktop_report  # tools/, on QGIS's path (screenshot_dialog.sh)

FOLDER = os.path.dirname(os.environ["METRIC_CD_SCREENSHOT"])
SAMPLE = os.environ["METRIC_CD_SAMPLE"]
ITERATIONS = int(os.environ.get("METRIC_CD_SCREENSHOT_ITERATIONS", "0"))  # 0: the dialog's default
STEP_DEADLINE_S = int(os.environ.get("METRIC_CD_SCREENSHOT_DEADLINE", "300"))
PREVIEW = 0.7
NAMES = ("Taizhou 2000 (Landsat 7)", "Taizhou 2003 (Landsat 7)")
MAP_SIZE = 400  # pixels of each map panel
report = {"errors": [], "shots": []}
state = {}


def out(name):
    report["shots"].append(name)
    return os.path.join(FOLDER, name)


def plugin():
    return plugins["metric_cd_plugin"]


def show_results_legend():
    """The layers panel shows the results' legend: the run's group expanded (in the model and in
    the view), the input rasters' band lists folded."""
    group, view = results_group(), iface.layerTreeView()
    for node in QgsProject.instance().layerTreeRoot().children():
        node.setExpanded(False)
    for node in [group] + group.children():
        node.setExpanded(True)
        view.setExpanded(view.layerTreeModel().node2index(node), True)


def grab_window(name, width=1280):
    """QGIS's main window as the user sees it, scaled to `width`."""
    QApplication.processEvents()
    image = iface.mainWindow().grab().toImage()
    image.scaledToWidth(width, Qt.TransformationMode.SmoothTransformation).save(out(name))


def render(layers, extent):
    """The map as the canvas draws it (its CRS and transform context), these layers only."""
    settings = QgsMapSettings(iface.mapCanvas().mapSettings())
    settings.setLayers(layers)
    settings.setBackgroundColor(QColor("white"))
    settings.setOutputSize(QSize(MAP_SIZE, MAP_SIZE))
    settings.setExtent(extent)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return job.renderedImage()


def strip(images, captions, name):
    """Map panels side by side, each captioned above."""
    caption_h, gap = 30, 8
    sheet = QImage(len(images) * (MAP_SIZE + gap) - gap, MAP_SIZE + caption_h, QImage.Format.Format_RGB32)
    sheet.fill(QColor("white"))
    painter = QPainter(sheet)
    painter.setFont(QFont("DejaVu Sans", 11))
    for i, (image, caption) in enumerate(zip(images, captions)):
        x = i * (MAP_SIZE + gap)
        painter.drawText(x, 0, MAP_SIZE, caption_h, Qt.AlignmentFlag.AlignCenter, caption)
        painter.drawImage(x, caption_h, image)
    painter.end()
    sheet.save(out(name))


def results_group(t2_name=NAMES[1]):
    """The group of the run whose T2 is this layer ("Changes: T1 → T2")."""
    root = QgsProject.instance().layerTreeRoot()
    return next(g for g in root.findGroups() if g.name().startswith("Changes:") and g.name().endswith(t2_name))


def shown_layers(under):
    """Checked layers of the results group, drawn over `under`."""
    return [node.layer() for node in results_group().findLayers() if node.isVisible()] + [under]


def layer_named(name):
    return QgsProject.instance().mapLayersByName(name)[0]


def backdrop(layer, bands):
    """T2 drawn as true colour (3 bands), false colour or greyscale (1 band), stretched 2-98 %."""
    provider = layer.dataProvider()
    renderer = (QgsMultiBandColorRenderer(provider, *bands) if len(bands) == 3
                else QgsSingleBandGrayRenderer(provider, bands[0]))
    layer.setRenderer(renderer)
    layer.setContrastEnhancement(QgsContrastEnhancement.StretchToMinimumMaximum,
                                 QgsRasterMinMaxOrigin.CumulativeCut)


# ---- the steps -------------------------------------------------------------------------------
def open_dialog():
    for name, label in zip(("t1.tif", "t2.tif"), NAMES):
        backdrop(iface.addRasterLayer(os.path.join(SAMPLE, name), label), (3, 2, 1))  # true colour
    for entry in iface.rasterMenu().actions():
        if entry.menu() is not None and entry.text() == "&Metric-CD":
            entry.menu().actions()[0].trigger()
    state["dialog"] = dialog = plugin().dialog
    dialog.settings_panel.weights_random.setChecked(True)  # offline: no download to announce
    dialog.settings_panel.device.setCurrentIndex(dialog.settings_panel.device.findData("cpu"))
    if ITERATIONS:
        dialog.settings_panel.iterations.setValue(ITERATIONS)
    dialog.outputs.polygons_check.setChecked(True)  # every output left empty: temporary files
    dialog.move(40, 20)


def run_dialog():
    dialog = state["dialog"]
    QApplication.processEvents()
    if "run" not in report:
        dialog.grab().save(out("dialog.png"))
    report["run"] = report.get("run", 0) + 1
    dialog.run_button.click()
    return lambda: not plugin().run_manager.busy


def after_run():
    dialog, project = state["dialog"], QgsProject.instance()
    project.layerTreeRoot().findLayer(layer_named(NAMES[0]).id()).setItemVisibilityChecked(False)
    report["groups"] = {g.name(): [n.layer().name() for n in g.findLayers()]
                        for g in project.layerTreeRoot().findGroups()}
    report["messages"] = [item.text() for item in iface.messageBar().items()]
    report["status"] = dialog.status.text()
    iface.mapCanvas().setExtent(layer_named(NAMES[1]).extent())
    iface.mapCanvas().refresh()
    state["extent"] = layer_named(NAMES[1]).extent()
    state["maps"] = [render(shown_layers(layer_named(NAMES[1])), state["extent"])]
    dialog.hide()
    show_results_legend()
    return wait_seconds(3)  # the canvas and the layers panel draw


def shoot_desktop_after_run():
    grab_window("desktop_after_run.png")
    state["dialog"].show()


def preview():
    dialog = state["dialog"]
    panel = dialog.threshold_panel
    report["automatic_threshold"] = panel.auto_value
    panel.set_value(PREVIEW)
    dialog.help_button.setChecked(False)
    dialog.scroll.ensureWidgetVisible(panel)
    QApplication.processEvents()
    dialog.grab().save(out("dialog_threshold.png"))
    state["maps"].append(render(shown_layers(layer_named(NAMES[1])), state["extent"]))
    panel.apply()
    return lambda: panel.task is None


def after_apply():
    state["maps"].append(render(shown_layers(layer_named(NAMES[1])), state["extent"]))
    auto = report["automatic_threshold"]
    strip(state["maps"], [f"After the run (automatic, {auto:.3g})", f"Preview at {PREVIEW}",
                          f"After Apply at {PREVIEW}"], "map_threshold.png")
    report["after_apply"] = [n.layer().name() for n in results_group().findLayers()]
    folder = tempfile.mkdtemp(prefix="metric-cd-saved-")
    state["dialog"].hide()
    report["saved"] = sorted(os.path.basename(p) for p in plugin().run_manager.save_temporary(folder).values())
    report["sources_after_save"] = [n.layer().source() for n in results_group().findLayers()]
    show_results_legend()
    return wait_seconds(2)


def shoot_saved_and_backdrops():
    grab_window("desktop_saved.png")
    t2 = layer_named(NAMES[1])
    panels = []
    for bands in ((3, 2, 1), (4, 3, 2), (4,)):
        backdrop(t2, bands)
        panels.append(render(shown_layers(t2), state["extent"]))
    strip(panels, ["True colour (bands 3-2-1)", "False colour (bands 4-3-2)", "Greyscale (band 4)"],
          "styles_backdrops.png")


def ungeoreferenced_pair():
    """The same pair as plain images (no CRS, no geotransform), added as new layers; the other
    layers hidden; the dialog run on them."""
    folder = tempfile.mkdtemp(prefix="metric-cd-plain-")
    QgsSettings().setValue("/projections/unknownCrsBehavior", "NoAction", QgsSettings.App)
    root = QgsProject.instance().layerTreeRoot()
    for node in root.children():
        node.setItemVisibilityChecked(False)
    layers = []
    for name in ("t1.tif", "t2.tif"):
        source = gdal.Open(os.path.join(SAMPLE, name))
        target = gdal.GetDriverByName("GTiff").Create(os.path.join(folder, name), source.RasterXSize,
                                                      source.RasterYSize, source.RasterCount, gdal.GDT_Byte)
        for band in range(1, source.RasterCount + 1):
            target.GetRasterBand(band).WriteArray(source.GetRasterBand(band).ReadAsArray())
        target = None
        layers.append(QgsRasterLayer(os.path.join(folder, name), f"{name[:2].upper()} without georeference"))
    QgsProject.instance().addMapLayers(layers)
    dialog = state["dialog"]
    dialog.t1.set_layer(layers[0])
    dialog.t2.set_layer(layers[1])
    dialog.show()
    state["plain"] = layers
    return run_dialog()


def shoot_ungeoreferenced():
    t2 = state["plain"][1]
    backdrop(t2, (3, 2, 1))
    group = results_group(t2.name())
    polygons = [n.layer() for n in group.findLayers() if isinstance(n.layer(), QgsVectorLayer)]
    report["plain"] = {"group": group.name(), "raster_extent": t2.extent().toString(3), "raster_crs": t2.crs().authid(),
                       "polygons": [(p.name(), p.extent().toString(3), p.crs().authid(), p.featureCount())
                                    for p in polygons]}
    extent = QgsRectangle(t2.extent())
    extent.scale(1.05)
    render_one = render(polygons + [t2], extent)
    render_one.save(out("ungeoreferenced.png"))


def smaller_pngs():
    """256 colours (median cut, dithered): a third to a half of the bytes, no visible loss."""
    try:
        from PIL import Image
    except ImportError:
        return  # left in full colour
    for name in report["shots"]:
        path = os.path.join(FOLDER, name)
        image = Image.open(path).convert("RGB")
        image.quantize(256, Image.Quantize.MEDIANCUT, dither=Image.Dither.FLOYDSTEINBERG).save(path, optimize=True)
        report.setdefault("bytes", {})[name] = os.path.getsize(path)


def wait_seconds(seconds):
    until = time.monotonic() + seconds
    return lambda: time.monotonic() >= until


STEPS = [open_dialog, run_dialog, after_run, shoot_desktop_after_run, preview, after_apply,
         shoot_saved_and_backdrops, ungeoreferenced_pair, shoot_ungeoreferenced, smaller_pngs]


def next_step(index=0):
    if index == len(STEPS):
        unloadPlugin("metric_cd_plugin")
        desktop_report.finish(report)
        return
    ready = STEPS[index]()
    deadline = time.monotonic() + STEP_DEADLINE_S

    def poll():
        if ready is not None and not ready():
            if time.monotonic() > deadline:
                raise TimeoutError(f"step {STEPS[index].__name__} did not finish in {STEP_DEADLINE_S} s")
            QTimer.singleShot(200, desktop_report.guarded(poll, report))
            return
        QTimer.singleShot(1000, desktop_report.guarded(lambda: next_step(index + 1), report))
    QTimer.singleShot(200, desktop_report.guarded(poll, report))


QTimer.singleShot(1500, desktop_report.guarded(next_step, report))
