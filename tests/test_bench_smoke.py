"""The bench harness runs every method and writes its report with every column."""
import json
import os
import subprocess
import sys

import numpy as np

from synthetic import change_pair, write_raster

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def test_bench_writes_tables_json_and_figures(tmp_path):
    pair = tmp_path / "tiny"
    pair.mkdir()
    _, _, changed = change_pair(pair, size=48, square=(14, 30))
    labels = np.where(changed, 2, 1).astype(np.uint8)
    labels[:4] = 0  # unlabelled rows
    write_raster(pair / "labels.tif", labels)
    out = tmp_path / "results"
    r = subprocess.run([sys.executable, "bench/run_bench.py", "--pair", f"tiny={pair}", "--iterations", "3",
                        "--out", str(out), "--work", str(tmp_path / "work")],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    md = (out / "latest.md").read_text()
    header = [line for line in md.splitlines() if line.startswith("| pair")][0]
    for column in ("F1", "kappa", "AUC", "precision", "recall", "time (s)", "peak RSS (MiB)", "MP/min"):
        assert column in header
    data = json.loads((out / "latest.json").read_text())
    assert {r["method"] for r in data["pairs"]} == {"fast", "paper", "cva", "pcakmeans", "irmad"}
    assert all(0 <= r["f1"] <= 1 for r in data["pairs"])
    assert data["machine"]["cores"] >= 1
    for png in ("panel_tiny.png", "f1_per_method.png"):
        assert (out / png).stat().st_size > 1000
