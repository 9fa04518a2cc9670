"""tools/screenshot_guide.sh: the user guide's screenshots from the real QGIS desktop under Xvfb.
Each step is what a user does (Run in the dialog, preview 0.7, Apply, Save…, a pair without
georeference), and what QGIS then holds is checked: every PNG written, drawn and small enough
to commit; the layers after Apply and Save… those of the applied threshold, read from the
saved folder; the polygons of the ungeoreferenced pair on the raster's own extent, without a
CRS. 3 fitting steps: the shape of the run is checked here, not the quality of the map."""
import json
import os
import shutil
import subprocess

import pytest
from qgis.PyQt.QtGui import QImage

from conftest import REPO

SCRIPT = os.path.join(REPO, "tools", "screenshot_guide.sh")
SHOTS = ["dialog.png", "desktop_after_run.png", "dialog_threshold.png", "map_threshold.png", "desktop_saved.png",
         "styles_backdrops.png", "ungeoreferenced.png"]
pytestmark = pytest.mark.skipif(
    shutil.which("xvfb-run") is None or shutil.which("qgis") is None,
    reason="the desktop screenshots need xvfb-run and the qgis binary (apt-get install xvfb qgis)")


def test_the_guide_screenshots_follow_a_users_session(packaged_plugins_dir, tmp_path):
    report_path = tmp_path / "report.json"
    env = {**os.environ, "METRIC_CD_REPORT": str(report_path), "METRIC_CD_SCREENSHOT_ITERATIONS": "3"}
    done = subprocess.run(["bash", SCRIPT, packaged_plugins_dir, str(tmp_path)], env=env, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stderr + done.stdout
    report = json.loads(report_path.read_text(encoding="utf-8"))
    assert report["errors"] == [] and report["shots"] == SHOTS
    for name in SHOTS:
        image = QImage(str(tmp_path / name))
        assert not image.isNull() and image.width() >= 400, name
        colours = {image.pixel(x, y) for x in range(0, image.width(), 4) for y in range(0, image.height(), 4)}
        assert len(colours) > 50, name  # drawn: text, widgets or imagery, not one flat colour
        assert os.path.getsize(tmp_path / name) < 600_000, name
    pair = "Taizhou 2000 (Landsat 7) → Taizhou 2003 (Landsat 7)"
    assert list(report["groups"]) == [f"Changes: {pair}"]
    assert [name.split(" (")[0] for name in report["after_apply"]] == ["Change polygons", "Change mask",
                                                                       "Change probability"]
    assert all("threshold 0.7, set after the run" in name for name in report["after_apply"][:2])
    assert report["saved"] == ["change_mask.tif", "change_probability.tif", "changes.gpkg"]
    saved_folders = {os.path.dirname(source.split("|")[0]) for source in report["sources_after_save"]}
    assert len(saved_folders) == 1 and "metric-cd-saved-" in saved_folders.pop()
    plain = report["plain"]
    assert plain["raster_crs"] == "" and plain["raster_extent"] == "0.000,-400.000 : 400.000,0.000"
    [(_, extent, crs, count)] = plain["polygons"]
    assert crs == "" and count > 0
    xmin, ymin, xmax, ymax = (float(v) for v in extent.replace(" : ", ",").split(","))
    assert 0 <= xmin < xmax <= 400 and -400 <= ymin < ymax <= 0  # on the raster, not mirrored to +y
