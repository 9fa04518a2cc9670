"""What the scripts QGIS runs under Xvfb (tools/screenshot_dialog.py, screenshot_labelling.py)
share: write what they saw to $METRIC_CD_REPORT (JSON) and quit QGIS, also on an exception.
tools/screenshot_dialog.sh puts this folder on QGIS's Python path."""
import json
import os
import traceback

from qgis.core import QgsApplication, QgsProject


def finish(report: dict) -> None:
    path = os.environ.get("METRIC_CD_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as f:
            json.dump(report, f, indent=1)
    QgsProject.instance().setDirty(False)  # quit without "save the project?"
    QgsApplication.exit(0)


def guarded(step, report: dict):
    """step, run from a QTimer: an exception is reported and QGIS quits instead of waiting."""
    def run():
        try:
            step()
        except Exception:
            report["errors"].append(traceback.format_exc())
            finish(report)
    return run
