"""The labelling panel in the real QGIS desktop under Xvfb (tools/screenshot_labelling.py through
tools/screenshot_dialog.sh): sample points from a CVA mask of the bundled Landsat pair, the
panel opened from its Raster menu entry, ten points labelled by key presses (the sample's
reference labels as the interpreter) and written to the GeoPackage, the panel closed and
reopened on point 11, a drawn screenshot, the plugin unloaded."""
import json
import os
import shutil
import subprocess

import pytest
from qgis.PyQt.QtGui import QImage

from conftest import REPO
from test_dialog_screenshot import distinct_colours

SCRIPT = os.path.join(REPO, "tools", "screenshot_dialog.sh")
pytestmark = pytest.mark.skipif(
    shutil.which("xvfb-run") is None or shutil.which("qgis") is None,
    reason="the desktop screenshot needs xvfb-run and the qgis binary (apt-get install xvfb qgis)")


def test_label_ten_points_by_keys_close_reopen_resume_in_the_desktop(packaged_plugins_dir, tmp_path):
    png, report_path = tmp_path / "panel.png", tmp_path / "report.json"
    env = {**os.environ, "METRIC_CD_REPORT": str(report_path), "OMP_NUM_THREADS": "1",
           "METRIC_CD_SCREENSHOT_CODE": os.path.join(REPO, "tools", "screenshot_labelling.py")}
    done = subprocess.run(["bash", SCRIPT, packaged_plugins_dir, str(png)], env=env, capture_output=True,
                          text=True, timeout=300)
    assert done.returncode == 0, done.stderr + done.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["errors"] == [] and report["plugin_loaded"]
    assert report["raster_menu_entry"] == "Label sample points (change area)..."
    assert report["first"] == 1 and report["progress_after_ten"] == "10 of 60 labelled" and report["closed"]
    assert report["resumed_on"] == 11 and report["progress_reopened"] == "10 of 60 labelled"
    assert report["stored"][:10] == report["pressed"] and report["stored"][10:] == [None] * 50
    assert set(report["pressed"]) <= {"change", "no change", "unsure"}
    assert not report["after_unload_menu_entry"]
    image = QImage(str(png))
    assert image.width() > 300 and image.height() > 400 and distinct_colours(image) > 200
