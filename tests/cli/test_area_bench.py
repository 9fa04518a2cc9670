"""The area coverage bench runs the product's sampler and estimators end to end on a pair and
writes its table."""
import json
import subprocess
import sys

import numpy as np

from conftest import REPO as ROOT  # noqa: E402
from synthetic import change_pair, write_raster


def test_area_coverage_bench_writes_its_table(tmp_path):
    pair = tmp_path / "data" / "tiny"
    pair.mkdir(parents=True)
    _, _, changed = change_pair(pair, size=96, square=(30, 60))
    labels = np.where(changed, 2, 1).astype(np.uint8)
    labels[:4] = 0  # unlabelled rows are outside the population
    write_raster(pair / "labels.tif", labels)
    out = tmp_path / "results"
    r = subprocess.run([sys.executable, "-m", "bench.area_coverage", "--data", str(tmp_path / "data"), "--reps", "4",
                        "--out", str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    (row,) = json.loads((out / "area_coverage.json").read_text())
    assert row["pair"] == "tiny" and row["reps"] == 4 and row["pixels"] == 92 * 96
    assert row["true_change"] == changed[4:].sum() / (92 * 96) and 0 <= row["coverage"] <= 1
    assert "| tiny | 8,832 |" in (out / "area_coverage.md").read_text()
