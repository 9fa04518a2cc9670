"""qgis_process (a separate QGIS process, fresh profile) loads the packaged plugin's
provider through tools/qgis_process_env.sh and runs its algorithms."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal

from conftest import GEOTRANSFORM, REPO
from metric_cd_plugin.core.raster.metadata import read_run_metadata

SCRIPT = os.path.join(REPO, "tools", "qgis_process_env.sh")
pytestmark = pytest.mark.skipif(not (shutil.which("qgis_process.bin") or shutil.which("qgis_process")),
                                reason="qgis_process is not installed")


def qgis_process(plugins_dir, *args, **env):
    return subprocess.run(["bash", SCRIPT, plugins_dir, *args], capture_output=True, text=True, timeout=110,
                          env={**os.environ, "OMP_NUM_THREADS": "1", **env})


def run_json(plugins_dir, algorithm_id, **params):
    done = qgis_process(plugins_dir, "--json", "run", algorithm_id, "--",
                        *(f"{k}={v}" for k, v in params.items()))
    assert done.returncode == 0, done.stderr + done.stdout
    return json.loads(done.stdout)


def test_qgis_process_runs_cva_from_the_packaged_plugin(packaged_plugins_dir, square_pair, tmp_path):
    t1, t2, _ = square_pair
    out = str(tmp_path / "score.tif")
    answer = run_json(packaged_plugins_dir, "metriccd:cva", T1=t1, T2=t2, OUTPUT=out,
                      OUTPUT_MASK=str(tmp_path / "mask.tif"))
    assert answer["provider_details"]["name"] == "Metric-CD change detection"
    assert answer["results"]["OUTPUT"] == out and answer["results"]["THRESHOLD_USED"] > 0
    ds = gdal.Open(out)
    assert ds.GetGeoTransform() == GEOTRANSFORM and ds.GetRasterBand(1).GetNoDataValue() == -1
    mask = gdal.Open(answer["results"]["OUTPUT_MASK"]).ReadAsArray()
    assert set(np.unique(mask)) == {0, 1}


def test_qgis_process_runs_the_deep_method_with_torch_from_the_venv(packaged_plugins_dir, square_pair, tmp_path):
    t1, t2, _ = square_pair
    answer = run_json(packaged_plugins_dir, "metriccd:changedetection", T1=t1, T2=t2,
                      OUTPUT=str(tmp_path / "prob.tif"), OUTPUT_POLYGONS=str(tmp_path / "changes.gpkg"),
                      ITERATIONS=3, DEVICE=1, SEED=0, WEIGHTS="random")
    assert os.path.isfile(answer["results"]["OUTPUT"]) and os.path.isfile(answer["results"]["OUTPUT_POLYGONS"])
    assert any(line.startswith("Device: cpu") for line in answer["log"]["info"])


def test_qgis_process_takes_preset_and_device_by_name(packaged_plugins_dir, square_pair, tmp_path):
    """PRESET=fast DEVICE=cpu as well as the indexes (above): names read as the choices they are."""
    t1, t2, _ = square_pair
    answer = run_json(packaged_plugins_dir, "metriccd:changedetection", T1=t1, T2=t2,
                      OUTPUT=str(tmp_path / "prob.tif"), ITERATIONS=3, PRESET="fast", DEVICE="cpu", WEIGHTS="random")
    assert any(line.startswith("Device: cpu") for line in answer["log"]["info"])
    assert read_run_metadata(answer["results"]["OUTPUT"])["preset"]["name"] == "fast"


def test_qgis_process_shows_the_readable_message_and_fails(packaged_plugins_dir, square_pair, tmp_path):
    t1, t2, _ = square_pair
    done = qgis_process(packaged_plugins_dir, "run", "metriccd:cva", "--", f"T1={t1}", f"T2={t2}",
                        "BANDS_T1=1,2", "BANDS_T2=1", f"OUTPUT={tmp_path / 'score.tif'}")
    assert done.returncode != 0
    assert "T1 has 2 band(s) and T2 has 1" in done.stderr and "Traceback" not in done.stderr
    assert not os.path.exists(tmp_path / "score.tif")


def test_a_reused_profile_gets_the_plugin_enabled(packaged_plugins_dir, tmp_path):
    profile = tmp_path / "profile"
    done = qgis_process(packaged_plugins_dir, "plugins", METRIC_CD_QGIS_CONFIG=str(profile))
    assert done.returncode == 0, done.stderr
    assert "* metric_cd_plugin" in done.stdout
    ini = (profile / "profiles" / "default" / "QGIS" / "QGIS3.ini").read_text()
    assert "[PythonPlugins]" in ini and "metric_cd_plugin=true" in ini


def test_the_script_names_a_wrong_plugin_folder(tmp_path):
    done = qgis_process(str(tmp_path), "list")
    assert done.returncode == 2 and "metadata.txt is missing" in done.stderr


def test_qgis_process_prints_an_output_refusal_once(packaged_plugins_dir, square_pair, tmp_path):
    """An exception of a run is printed three times by qgis_process 3.22 (its message log, its
    ERROR line, and the log again; native algorithms too): the outputs are checked in
    checkParameterValues, whose refusal it prints once, before anything runs."""
    t1, t2, _ = square_pair
    before = Path(t1).read_bytes()
    done = qgis_process(packaged_plugins_dir, "run", "metriccd:cva", "--", f"T1={t1}", f"T2={t2}",
                        f"OUTPUT={tmp_path / 'score.tif'}", f"OUTPUT_MASK={t1}",
                        f"OUTPUT_SUMMARY={tmp_path / 'missing' / 'summary.html'}")
    assert done.returncode != 0
    for words in (f"The change mask '{t1}' is also an input", "The output folder '"):
        assert done.stderr.count(words) == 1, done.stderr
    assert "Traceback" not in done.stderr and Path(t1).read_bytes() == before
    assert not os.path.exists(tmp_path / "score.tif")
