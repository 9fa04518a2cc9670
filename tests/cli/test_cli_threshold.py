"""`python -m metric_cd_plugin threshold`: a new mask (and polygons) from a probability file,
one line on success, one `error: ...` line and exit 1 on bad input, nothing written."""
import hashlib
import os

import numpy as np
from osgeo import gdal, ogr

from cli.test_cli import cli
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import run_probability


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def test_threshold_writes_mask_and_polygons_and_says_so(tmp_path):
    prob, values = run_probability(tmp_path / "prob.tif")
    before = sha(prob)
    mask, polygons = tmp_path / "mask.tif", tmp_path / "changes.gpkg"
    r = cli("threshold", prob, "--threshold", "0.6", "-o", str(mask), "--polygons", str(polygons))
    assert r.returncode == 0, r.stderr
    assert r.stderr == "" and len(r.stdout.strip().splitlines()) == 1
    assert "threshold 0.600 (user value); 112 changed pixels" in r.stdout and "(2 polygons)" in r.stdout
    written = gdal.Open(str(mask)).ReadAsArray()
    valid = values != -1
    np.testing.assert_array_equal(written[valid], (values[valid].astype(np.float64) > 0.6).astype(np.uint8))
    assert read_run_metadata(str(mask))["threshold_origin"] == "user value"
    assert ogr.Open(str(polygons)).GetLayer(0).GetFeatureCount() == 2
    assert sha(prob) == before


def test_auto_uses_the_run_threshold(tmp_path):
    prob, _ = run_probability(tmp_path / "prob.tif")
    r = cli("threshold", prob, "-o", str(tmp_path / "mask.tif"))
    assert r.returncode == 0, r.stderr
    assert "threshold 0.500 (automatic: the run's own (decision (Pc > Pnc)))" in r.stdout


def test_bad_inputs_are_one_line_and_write_nothing(tmp_path):
    prob, _ = run_probability(tmp_path / "prob.tif")
    out = str(tmp_path / "mask.tif")
    cases = [((str(tmp_path / "missing.tif"), "-o", out), "error: Change probability raster '"),
             ((prob, "--threshold", "1.5", "-o", out), "error: Threshold 1.5 is outside [0, 1]"),
             ((prob, "-o", prob), "error: The output '"),
             ((prob, "-o", out, "--polygons", str(tmp_path / "p.shp")), "error: The polygon output '")]
    for args, start in cases:
        r = cli("threshold", *args)
        assert r.returncode == 1 and r.stderr.startswith(start), (args, r.stderr)
        assert len(r.stderr.strip().splitlines()) == 1
    assert sorted(os.listdir(tmp_path)) == ["prob.tif"]
