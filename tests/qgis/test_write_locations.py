"""Runs write their outputs and nothing else: not beside the inputs (no .aux.xml, no
temporary file left), not in the working folder, not in the home folder; the system temp
folder and the QGIS profile's metric_cd folder are the only other places allowed. Checked
for the command line (a separate process with HOME, TMPDIR and the working folder pointed
at empty folders) and for a Processing run in this QGIS (real registry; HOME, TMPDIR and
the working folder redirected the same way for the plugin's Python code)."""
import xml.etree.ElementTree as ET
import os
import subprocess
import sys
import tempfile

import numpy as np
import pytest

from conftest import REPO, SIZE, SQUARE, write_raster


def snapshot(folder):
    """{relative path: (size, mtime in ns)} of everything under folder, folders included."""
    found = {}
    for root, dirs, files in os.walk(folder):
        for name in dirs + files:
            path = os.path.join(root, name)
            info = os.stat(path)
            found[os.path.relpath(path, folder)] = (info.st_size if name in files else 0, info.st_mtime_ns)
    return found


@pytest.fixture
def places(tmp_path):
    """Empty home, temp and working folders, an output folder and a fresh input pair."""
    folders = {name: tmp_path / name for name in ("inputs", "out", "home", "tmp", "cwd")}
    for folder in folders.values():
        folder.mkdir()
    rng = np.random.default_rng(3)
    t1 = rng.integers(30, 200, (3, SIZE, SIZE)).astype(np.uint8)
    t2 = (0.9 * t1 + 10).astype(np.uint8)
    t2[:, SQUARE[0], SQUARE[1]] = 250
    folders["t1"] = write_raster(folders["inputs"] / "t1.tif", t1)
    folders["t2"] = write_raster(folders["inputs"] / "t2.tif", t2)
    return folders


def assert_only_outputs(places, before, outputs, qgis_sidecars=()):
    after = snapshot(places["inputs"])
    for name in set(qgis_sidecars) & set(after):  # see the Processing test
        keys = [item.get("key") for item in ET.parse(places["inputs"] / name).iter("MDI")]
        assert keys and all(key.startswith("STATISTICS_") for key in keys), keys
        del after[name]
    assert after == before["inputs"]  # untouched: no .aux.xml, no temporary file
    assert snapshot(places["cwd"]) == {} and snapshot(places["home"]) == {}
    assert sorted(snapshot(places["out"])) == sorted(outputs)


def test_the_command_line_writes_only_its_outputs(places):
    env = {k: v for k, v in os.environ.items() if not k.startswith("XDG_")}  # defaults under HOME
    env.update(HOME=str(places["home"]), TMPDIR=str(places["tmp"]), PYTHONPATH=REPO, OMP_NUM_THREADS="1")
    before = {"inputs": snapshot(places["inputs"])}
    out = places["out"]
    for args in (["detect", places["t1"], places["t2"], "-o", str(out / "prob.tif"), "--mask",
                  str(out / "mask.tif"), "--weights", "random", "--iterations", "2", "--device", "cpu"],
                 ["classical", "cva", places["t1"], places["t2"], "-o", str(out / "cva.tif"), "--mask",
                  str(out / "cva_mask.tif")]):
        done = subprocess.run([sys.executable, "-m", "metric_cd_plugin", *args], cwd=places["cwd"], env=env,
                              capture_output=True, text=True, timeout=300)
        assert done.returncode == 0, done.stderr
    assert_only_outputs(places, before, ["prob.tif", "mask.tif", "cva.tif", "cva_mask.tif"])


def test_a_processing_run_writes_only_its_outputs(processing_api, places, monkeypatch):
    from qgis.core import QgsApplication
    monkeypatch.setenv("HOME", str(places["home"]))
    monkeypatch.setenv("TMPDIR", str(places["tmp"]))
    monkeypatch.setattr(tempfile, "tempdir", str(places["tmp"]))
    monkeypatch.chdir(places["cwd"])
    profile = QgsApplication.qgisSettingsDirPath()
    plugin_data = os.path.join(profile, "metric_cd")
    before = {"inputs": snapshot(places["inputs"]), "profile": snapshot(profile)}
    out = places["out"]
    processing_api.run("metriccd:changedetection", {
        "T1": places["t1"], "T2": places["t2"], "OUTPUT": str(out / "prob.tif"),
        "OUTPUT_MASK": str(out / "mask.tif"), "OUTPUT_POLYGONS": str(out / "changes.gpkg"),
        "WEIGHTS": "random", "ITERATIONS": 2, "DEVICE": 1})
    # QGIS itself loads each input file as a layer with a default style, whose contrast
    # stretch makes GDAL save band statistics beside it (<input>.aux.xml, GDAL's PAM) for any
    # algorithm with a raster layer parameter; the command line above shows the plugin's own
    # code writes nothing there, and this allows those statistics and nothing else
    assert_only_outputs(places, before, ["prob.tif", "mask.tif", "changes.gpkg"],
                        qgis_sidecars=["t1.tif.aux.xml", "t2.tif.aux.xml"])
    changed = {path for path, stamp in snapshot(profile).items() if before["profile"].get(path) != stamp}
    assert {p for p in changed if not os.path.join(profile, p).startswith(plugin_data)} == set()
