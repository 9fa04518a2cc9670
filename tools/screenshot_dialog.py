"""Run by QGIS (`qgis --code`, see screenshot_dialog.sh): load the bundled Landsat pair, open
the Metric-CD dialog from its Raster menu entry, save a screenshot, unload the plugin, quit.
What it saw goes to $METRIC_CD_REPORT (JSON) when set."""
import json
import os
import traceback

from qgis.core import QgsApplication, QgsProject
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QApplication
from qgis.utils import iface, plugins, unloadPlugin

OUT = os.environ["METRIC_CD_SCREENSHOT"]
SAMPLE = os.environ["METRIC_CD_SAMPLE"]
report = {"errors": []}


def finish():
    path = os.environ.get("METRIC_CD_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    QgsProject.instance().setDirty(False)  # quit without "save the project?"
    QgsApplication.exit(0)


def guarded(step):
    def run():
        try:
            step()
        except Exception:
            report["errors"].append(traceback.format_exc())
            finish()
    return run


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
    dialog.move(40, 20)
    QApplication.processEvents()
    dialog.grab().save(OUT)
    screen = os.environ.get("METRIC_CD_SCREEN_PNG")
    if screen:
        QApplication.primaryScreen().grabWindow(0).save(screen)
    report.update(dialog_title=dialog.windowTitle(), dialog_size=[dialog.width(), dialog.height()],
                  t1=dialog.t1.layer().name(), t2=dialog.t2.layer().name(),
                  checks=dialog.check_label.text(), run_enabled=dialog.run_button.isEnabled())
    unloadPlugin("metric_cd_plugin")
    report["after_unload_menu_entry"] = dialog_action() is not None
    finish()


QTimer.singleShot(60000, finish)  # never hang the caller
QTimer.singleShot(500, guarded(open_dialog))
