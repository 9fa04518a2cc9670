"""metriccd:threshold through the real Processing registry: a new mask and polygons from a
probability, readable refusals, and loaded results named, styled and grouped like the
dialog's (also for the change algorithms' toolbox runs)."""
import hashlib
import json
import os
import subprocess
import sys

import numpy as np
import pytest
from osgeo import gdal, ogr
from qgis.core import QgsProcessingException

from conftest import REPO, write_raster
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import run_probability


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def vertices(path):
    ds = ogr.Open(path)
    return [f.GetGeometryRef().GetGeometryRef(0).GetPointCount() for f in ds.GetLayer(0)]


def test_threshold_writes_mask_polygons_and_figures(processing_api, tmp_path):
    prob, values = run_probability(tmp_path / "prob.tif")
    before = sha(prob)
    results = processing_api.run("metriccd:threshold", {
        "INPUT": prob, "THRESHOLD": "0.6", "OUTPUT_MASK": str(tmp_path / "mask.tif"),
        "OUTPUT_POLYGONS": str(tmp_path / "changes.gpkg")})
    assert (results["THRESHOLD_USED"], results["THRESHOLD_ORIGIN"]) == (0.6, "user value")
    valid = values != -1
    assert results["CHANGED_PIXELS"] == int((values[valid].astype(np.float64) > 0.6).sum())
    mask = gdal.Open(results["OUTPUT_MASK"]).ReadAsArray()
    np.testing.assert_array_equal(mask[valid], (values[valid].astype(np.float64) > 0.6).astype(np.uint8))
    assert read_run_metadata(results["OUTPUT_MASK"])["preset"]["name"] == "fast"  # the run's metadata kept
    assert vertices(results["OUTPUT_POLYGONS"]) == [5, 5]  # two rectangles on the pixel grid
    assert sha(prob) == before
    smooth = processing_api.run("metriccd:threshold", {
        "INPUT": prob, "THRESHOLD": "auto", "SMOOTH": True, "OUTPUT_MASK": str(tmp_path / "mask2.tif"),
        "OUTPUT_POLYGONS": str(tmp_path / "smooth.gpkg")})
    assert smooth["THRESHOLD_USED"] == 0.5 and smooth["THRESHOLD_ORIGIN"].startswith("automatic")
    assert all(n > 20 for n in vertices(smooth["OUTPUT_POLYGONS"]))  # corners cut three times


@pytest.mark.parametrize("case, message", [
    ("missing", "Change probability raster '.*missing.tif' does not exist; check the path."),
    ("threshold", r"Threshold 1.5 is outside \[0, 1\]; give 'auto' or a value between 0 and 1."),
    ("same", "The output '.*prob.tif' is also an input; choose another output file."),
    ("mask", r"holds Byte values \(a change mask\?\), not a change probability"),
    ("scaled", r"holds values outside \[0, 1\] \(e.g. "),
    ("empty", r"holds no valid value \(NaN or nodata everywhere\), so there is nothing to threshold"),
])
def test_bad_inputs_are_refused_with_one_sentence(processing_api, tmp_path, case, message):
    prob, values = run_probability(tmp_path / "prob.tif")
    inputs = {"missing": str(tmp_path / "missing.tif"), "threshold": prob, "same": prob,
              "mask": write_raster(tmp_path / "in_mask.tif", (values > 0.5).astype(np.uint8)),
              "scaled": write_raster(tmp_path / "scaled.tif", (values * 100).astype(np.float32), gdal.GDT_Float32),
              "empty": write_raster(tmp_path / "empty.tif", np.full_like(values, np.nan, np.float32),
                                    gdal.GDT_Float32)}
    before = sorted(os.listdir(tmp_path))
    out = prob if case == "same" else str(tmp_path / "out_mask.tif")
    with pytest.raises(QgsProcessingException, match=message):
        processing_api.run("metriccd:threshold", {"INPUT": inputs[case], "OUTPUT_MASK": out,
                                                  "THRESHOLD": "1.5" if case == "threshold" else "auto"})
    assert sorted(os.listdir(tmp_path)) == before


def toolbox_load(algorithm, parameters, preload=None):
    """The layer tree after one processing.runAndLoadResults in a fresh QGIS (toolbox_load.py)."""
    script = os.path.join(os.path.dirname(__file__), "toolbox_load.py")
    done = subprocess.run([sys.executable, script, algorithm, json.dumps(parameters), json.dumps(preload or {})],
                          capture_output=True, text=True, timeout=300, cwd=REPO,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": REPO})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_toolbox_results_are_named_styled_and_grouped_like_the_dialog(square_pair, tmp_path):
    t1, t2, _ = square_pair
    loaded = toolbox_load("cva", {"T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "score.tif"),
                                  "OUTPUT_MASK": str(tmp_path / "mask.tif"),
                                  "OUTPUT_POLYGONS": str(tmp_path / "changes.gpkg")})
    threshold = loaded["results"]["THRESHOLD_USED"]
    (group,) = loaded["tree"]
    assert group["group"] == "Changes: t1 → t2"
    assert [(c["name"], c["renderer"]) for c in group["children"]] == [
        (f"Change polygons (CVA, threshold {threshold:.3g}, automatic)", "QgsSingleSymbolRenderer"),
        (f"Change mask (CVA, threshold {threshold:.3g}, automatic)", "QgsPalettedRasterRenderer"),
        ("Change score (CVA)", "QgsSingleBandPseudoColorRenderer")]
    # transparent at and below the threshold: the ramp starts just above it and clips
    assert group["children"][2]["clip_from"] == pytest.approx(threshold, abs=1e-5)


def test_a_toolbox_threshold_run_joins_the_group_of_its_probability(tmp_path):
    prob, _ = run_probability(tmp_path / "prob.tif")
    loaded = toolbox_load("threshold", {"INPUT": prob, "THRESHOLD": "0.6", "OUTPUT_MASK": str(tmp_path / "m.tif"),
                                        "OUTPUT_POLYGONS": str(tmp_path / "p.gpkg")},
                          preload={"Changes: a → b": [prob]})
    (group,) = loaded["tree"]
    assert group["group"] == "Changes: a → b"
    assert [c["name"] for c in group["children"]] == [
        "Change polygons (Metric-CD fast, random D-FE weights, threshold 0.6, set after the run)",
        "Change mask (Metric-CD fast, random D-FE weights, threshold 0.6, set after the run)", prob]
