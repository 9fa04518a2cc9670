"""Run by QGIS (`qgis --code`, see screenshot_dialog.sh): load the bundled Landsat pair, open
the Metric-CD dialog from its Raster menu entry, save a screenshot; with
METRIC_CD_SCREENSHOT_RUN=1 also press Run (3 fitting steps, CPU) and wait for the layers;
then unload the plugin and quit. What it saw goes to $METRIC_CD_REPORT (JSON) when set."""
import os
import time

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface, plugins, unloadPlugin

import desktop_report  # tools/, on QGIS's path (screenshot_dialog.sh)

OUT = os.environ["METRIC_CD_SCREENSHOT"]
SAMPLE = os.environ["METRIC_CD_SAMPLE"]
RUN = os.environ.get("METRIC_CD_SCREENSHOT_RUN") == "1"
RUN_DEADLINE_S = int(os.environ.get("METRIC_CD_SCREENSHOT_DEADLINE", "150"))
ITERATIONS = int(os.environ.get("METRIC_CD_SCREENSHOT_ITERATIONS", "3"))
AFTER_PNG = os.environ.get("METRIC_CD_SCREENSHOT_AFTER")  # the dialog after the run: threshold box
MAP_PNG = os.environ.get("METRIC_CD_SCREENSHOT_MAP")      # the map with the styled results
report = {"errors": []}


def finish():
    desktop_report.finish(report)


def guarded(step):
    return desktop_report.guarded(step, report)


def dialog_action():
    for entry in iface.rasterMenu().actions():
        if entry.menu() is not None and entry.text() == "&Metric-CD":
            return entry.menu().actions()[0]
    return None


def open_dialog():
    report["plugin_loaded"] = "metric_cd_plugin" in plugins
    for name, label in (("t1.tif", "Taizhou 2000 (Landsat 7)"), ("t2.tif", "Taizhou 2003 (Landsat 7)")):
        iface.addRasterLayer(os.path.join(SAMPLE, name), label)
    action = dialog_action()
    report["raster_menu_entry"] = action.text() if action else None
    report["on_plugins_toolbar"] = action in iface.pluginToolBar().actions()
    report["icon"] = action is not None and not action.icon().isNull()
    action.trigger()
    QTimer.singleShot(2000, guarded(shoot))


def shoot():
    dialog = plugins["metric_cd_plugin"].dialog
    dialog.settings_panel.weights_random.setChecked(True)  # no network here: no download to announce
    dialog.move(40, 20)
    QApplication.processEvents()
    dialog.grab().save(OUT)
    report.update(dialog_title=dialog.windowTitle(), dialog_size=[dialog.width(), dialog.height()],
                  t1=dialog.t1.layer().name(), t2=dialog.t2.layer().name(),
                  checks=dialog.check_label.text(), run_enabled=dialog.run_button.isEnabled())
    if RUN:
        start_run(dialog)
    else:
        unload()


def start_run(dialog):
    dialog.settings_panel.iterations.setValue(ITERATIONS)
    dialog.settings_panel.device.setCurrentIndex(dialog.settings_panel.device.findData("cpu"))
    dialog.run_button.click()
    report["task_in_manager"] = [task.description() for task in QgsApplication.taskManager().activeTasks()]
    deadline = time.monotonic() + RUN_DEADLINE_S

    def poll():
        if plugins["metric_cd_plugin"].run_manager.busy and time.monotonic() < deadline:
            QTimer.singleShot(200, guarded(poll))
            return
        group = QgsProject.instance().layerTreeRoot().findGroups()
        report["groups"] = {g.name(): [[n.layer().name(), type(n.layer().renderer()).__name__]
                                       for n in g.findLayers()] for g in group}
        # QGIS may stack its own "task complete" notice on top of the plugin's message
        report["messages"] = [[item.text(), item.widget().text() if item.widget() else None]
                              for item in iface.messageBar().items()]
        report["status"] = dialog.status.text()
        after_run(dialog)
        unload()
    QTimer.singleShot(200, guarded(poll))


def render_map(path):
    """The map as QGIS draws it (T2 under the styled results), zoomed to the results."""
    from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings
    from qgis.PyQt.QtCore import QSize
    canvas = iface.mapCanvas()
    settings = QgsMapSettings(canvas.mapSettings())
    layers = [layer for layer in QgsProject.instance().layerTreeRoot().checkedLayers()]
    settings.setLayers(layers)
    settings.setExtent(layers[0].extent())
    settings.setOutputSize(QSize(800, 800))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    job.renderedImage().save(path)


def after_run(dialog):
    """The threshold box after the run, previewing another threshold, and the map."""
    panel = dialog.threshold_panel
    report["threshold_panel"] = {"enabled": panel.isEnabled(), "auto": panel.auto_value,
                                 "bins": int(panel.histogram.counts.size)}
    if MAP_PNG:
        for layer in QgsProject.instance().mapLayers().values():
            if layer.name().startswith("Taizhou 2000"):  # T2 alone under the results
                node = QgsProject.instance().layerTreeRoot().findLayer(layer.id())
                node.setItemVisibilityChecked(False)
        render_map(MAP_PNG)
    if AFTER_PNG and panel.isEnabled():
        panel.set_value(0.65)
        dialog.help_button.setChecked(False)
        dialog.scroll.ensureWidgetVisible(panel)
        QApplication.processEvents()
        dialog.grab().save(AFTER_PNG)


def unload():
    screen = os.environ.get("METRIC_CD_SCREEN_PNG")
    if screen:
        QApplication.primaryScreen().grabWindow(0).save(screen)
    unloadPlugin("metric_cd_plugin")
    report["after_unload_menu_entry"] = dialog_action() is not None
    finish()


QTimer.singleShot(RUN_DEADLINE_S * 1000 + 30000, finish)  # never hang the caller
QTimer.singleShot(500, guarded(open_dialog))
