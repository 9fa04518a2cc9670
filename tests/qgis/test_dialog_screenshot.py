"""tools/screenshot_dialog.sh: the real QGIS desktop under Xvfb loads the packaged plugin,
opens the dialog from its Raster menu entry on the bundled Landsat pair, saves a screenshot,
runs a short change detection from the dialog (QGIS's own task manager and message bar) and
unloads the plugin. The PNG must show a drawn dialog, not a blank window."""
import json
import os
import shutil
import subprocess

import pytest
from qgis.PyQt.QtGui import QImage

from conftest import REPO

SCRIPT = os.path.join(REPO, "tools", "screenshot_dialog.sh")
pytestmark = pytest.mark.skipif(
    shutil.which("xvfb-run") is None or shutil.which("qgis") is None,
    reason="the desktop screenshot needs xvfb-run and the qgis binary (apt-get install xvfb qgis)")


def distinct_colours(image: QImage, step: int = 3) -> int:
    return len({image.pixel(x, y) for x in range(0, image.width(), step) for y in range(0, image.height(), step)})


def test_the_desktop_dialog_screenshot_and_run(packaged_plugins_dir, tmp_path):
    png, report_path = tmp_path / "dialog.png", tmp_path / "report.json"
    sample = os.path.join(REPO, "resources", "sample_data", "landsat_taizhou")
    before = set(os.listdir(sample))  # make demo may have left GDAL .aux.xml there already
    env = {**os.environ, "METRIC_CD_REPORT": str(report_path), "METRIC_CD_SCREEN_PNG": str(tmp_path / "screen.png"),
           "METRIC_CD_SCREENSHOT_RUN": "1", "OMP_NUM_THREADS": "1"}
    done = subprocess.run(["bash", SCRIPT, packaged_plugins_dir, str(png)], env=env, capture_output=True,
                          text=True, timeout=240)
    assert done.returncode == 0, done.stderr + done.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["errors"] == [] and report["plugin_loaded"]
    assert report["raster_menu_entry"] == "Metric-CD change detection..."
    assert report["on_plugins_toolbar"] and report["icon"]
    assert (report["t1"], report["t2"]) == ("Taizhou 2000 (Landsat 7)", "Taizhou 2003 (Landsat 7)")
    assert "Ready" in report["checks"] and report["run_enabled"]
    pair = "Taizhou 2000 (Landsat 7) → Taizhou 2003 (Landsat 7)"
    assert report["task_in_manager"] == [f"Metric-CD: {pair}"]
    details = "Metric-CD fast, random D-FE weights"
    auto = report["threshold_panel"]["auto"]  # the fast preset's rule: 0.5, or Otsu's split of Pc above it
    assert auto >= 0.5
    assert report["groups"] == {f"Changes: {pair}": [
        [f"Change mask ({details}, threshold {auto:.3g}, automatic)", "QgsPalettedRasterRenderer"],
        [f"Change probability ({details})", "QgsSingleBandPseudoColorRenderer"]]}
    finished = [text for text, button in report["messages"] if button == "Zoom to"]
    assert len(finished) == 1 and finished[0].startswith("Change detection finished in")
    assert report["after_unload_menu_entry"] is False  # unloading removed the entry
    for path in (png, tmp_path / "screen.png"):
        image = QImage(str(path))
        assert not image.isNull() and image.width() >= 800 and image.height() >= 500
        assert distinct_colours(image) > 50  # text, icons and widgets, not one flat colour
    assert not [name for name in set(os.listdir(sample)) - before if name.endswith(".aux.xml")]
