"""The bench harness runs every method and writes its report with every column."""
import json
import subprocess
import sys

import numpy as np

from synthetic import change_pair, run_probability, write_raster

from conftest import REPO as ROOT  # noqa: E402


def test_bench_writes_tables_json_and_figures(tmp_path):
    pair = tmp_path / "tiny"
    pair.mkdir()
    _, _, changed = change_pair(pair, size=48, square=(14, 30))
    labels = np.where(changed, 2, 1).astype(np.uint8)
    labels[:4] = 0  # unlabelled rows
    write_raster(pair / "labels.tif", labels)
    out = tmp_path / "results"
    # the scaling runs at 0.01 MP (a 100 x 100 mirrored copy) and the paper preset's probe on a 32 px crop
    r = subprocess.run([sys.executable, "-m", "bench.run_bench", "--pair", f"tiny={pair}", "--iterations", "3",
                        "--scales", "0.01", "--paper-crop", "32",
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
    assert {(r["megapixels"], r["method"]) for r in data["scaling"] if not r.get("estimated")} == {
        (0.01, m) for m in ("fast", "cva", "pcakmeans", "irmad")}
    assert all(r["seconds"] > 0 and r["rss_mib"] > 0 for r in data["scaling"] if not r.get("estimated"))
    paper = [r for r in data["scaling"] if r.get("estimated")]
    assert len(paper) == 1 and "per_iteration_s" in paper[0]  # a difference of two short timings: any sign
    scaling_header = [line for line in md.splitlines() if line.startswith("| megapixels")][0]
    for column in ("time (s)", "x PCA-KMeans", "s per MP", "CPU time (s)", "peak RSS (MiB)"):
        assert column in scaling_header
    pcakmeans_row = [line for line in md.splitlines() if line.startswith("| 0.01 | pcakmeans |")][0]
    assert pcakmeans_row.split(" | ")[3] == "1.00"  # PCA-KMeans against itself
    for png in ("panel_tiny.png", "f1_per_method.png", "time_vs_megapixels.png"):
        assert (out / png).stat().st_size > 1000


def test_threshold_bench_smoke(tmp_path):
    """python -m bench.threshold_bench end to end on a tiny mirrored probability: the table and JSON."""
    prob, _ = run_probability(tmp_path / "prob.tif")
    r = subprocess.run([sys.executable, "-m", "bench.threshold_bench", "--scales", "0.01",
                        "--out", str(tmp_path / "out"), "--work", str(tmp_path / "work"), "--probability", prob],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    table = (tmp_path / "out" / "threshold_scaling.md").read_text()
    assert "| 0.01 | auto | 256 |" in table and "| 0.01 | 0.3 | 64 |" in table
    rows = json.loads((tmp_path / "out" / "threshold_scaling.json").read_text())["rows"]
    # the largest size is also run with a small GDAL cache
    assert [(r["threshold"], r["gdal_cache_mb"]) for r in rows] == [("auto", 256), ("0.3", 256), ("0.3", 64)]
    assert all(r["rss_mib"] > 0 for r in rows)


def test_seed_and_decision_reports_from_scratch(tmp_path):
    """`make bench`'s 3-seed report (min, median, mean over pairs and seeds, each class of
    data) and the decision-rule report with its leave-one-pair-out rows, made from no
    cached run (tiny pairs, 3 iterations, 2 seeds)."""
    data, out = tmp_path / "data", tmp_path / "results"
    for name, square in (("tiny_a", (14, 30)), ("tiny_b", (8, 20))):
        pair = data / name
        pair.mkdir(parents=True)
        _, _, changed = change_pair(pair, size=48, square=square)
        write_raster(pair / "labels.tif", np.where(changed, 2, 1).astype(np.uint8))
    out.mkdir()
    (out / "latest.json").write_text(json.dumps({"pairs": [
        {"pair": n, "method": "cva", "area": "whole", "f1": 0.5} for n in ("tiny_a", "tiny_b")]}))
    common = ["--data", str(data), "--work", str(tmp_path / "work"), "--out", str(out), "--seeds", "0,1",
              "--iterations", "3"]
    seeds_of = {"bench.reseed": ["--first", "0", "--second", "1"]}
    for module in ("bench.seed_scores", "bench.decision_rules", "bench.coarse_rule", "bench.reseed"):
        args = [a for a in common if a not in ("--seeds", "0,1")] + seeds_of[module] if module in seeds_of else common
        r = subprocess.run([sys.executable, "-m", module, *args], cwd=ROOT, capture_output=True, text=True,
                           timeout=600)
        assert r.returncode == 0, r.stderr
    seeds = (out / "seeds.md").read_text()
    assert "over 2 pairs and 2 seeds (4 runs): min" in seeds and "median" in seeds and "pairs won per seed" in seeds
    assert "| tiny_a |" in seeds and "| tiny_b |" in seeds
    assert "## Each class of data" in seeds and "| SAR | 0 |" in seeds
    rules = (out / "decision_rules.md").read_text()
    assert "| default |" in rules and "leave-one-pair-out" in rules
    runs = json.loads((out / "seeds.json").read_text())["runs"]
    assert {(r["pair"], r["seed"]) for r in runs} == {(n, s) for n in ("tiny_a", "tiny_b") for s in (0, 1)}
    assert all(0 <= r["f1"] <= 1 and 0 <= r["flagged"] <= 1 for r in runs)
    # the dev pairs are made from the shared ones: none of theirs is here, and the report says so
    assert "## Each class of data on the dev pairs\n\nNone: no dev pair can be made" in seeds
    # a rerun sets every pair's F1 beside the record it replaces: the same cached runs, no change
    r = subprocess.run([sys.executable, "-m", "bench.seed_scores", *common, "--cached"], cwd=ROOT,
                       capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    again = (out / "seeds.md").read_text()
    assert "against `fast as last recorded in seeds.json" in again and "+0.000 (mean over its seeds)" in again
    # the tiny pairs are 30 m optical: the coarse-pixel rule's report judges them, each left out in turn
    levels = (out / "coarse_rule.md").read_text()
    assert "Leave one pair out" in levels and "| tiny_a |" in levels and "| tiny_b |" in levels
    record = json.loads((out / "coarse_rule.json").read_text())
    assert {r["pair"] for r in record["pairs"]} == {"tiny_a", "tiny_b"}
    # and the fitting patch side with those networks, judged the same way
    assert "## The fitting patch side" in levels and "| 32 px | 48 px | 64 px |" in levels
    assert {r["pair"] for r in record["patch"]["pairs"]} == {"tiny_a", "tiny_b"}
    # what reseeding alone moves: seed 1 against seed 0 on each pair, from the same cached runs
    reseed = json.loads((out / "reseed.json").read_text())
    assert [r["pair"] for r in reseed["pairs"]] == ["tiny_a", "tiny_b"]
    assert all(abs(r["difference"] - (r["second"] - r["first"])) < 1e-12 for r in reseed["pairs"])
    assert "pairs beyond 0.02" in (out / "reseed.md").read_text()


def test_evidence_runs_made_two_at_a_time_are_the_runs_made_one_by_one(tmp_path):
    """`bench.evidence --jobs 2` (what `make bench` uses to fill its cache on 2 cores): every run
    and each pair's classical evidence, the same arrays as made one at a time."""
    data = tmp_path / "data"
    for name, square in (("tiny_a", (14, 30)), ("tiny_b", (8, 20))):
        pair = data / name
        pair.mkdir(parents=True)
        _, _, changed = change_pair(pair, size=48, square=square)
        write_raster(pair / "labels.tif", np.where(changed, 2, 1).astype(np.uint8))
    work = {}
    for jobs in ("1", "2"):
        work[jobs] = tmp_path / f"work{jobs}"
        r = subprocess.run([sys.executable, "-m", "bench.evidence", "--data", str(data), "--work", str(work[jobs]),
                            "--seeds", "0,1", "--iterations", "3", "--jobs", jobs], cwd=ROOT, capture_output=True,
                           text=True, timeout=600)
        assert r.returncode == 0, r.stderr
        lines = r.stdout.splitlines()
        assert len(lines) == 4 and all(line.startswith("evidence: fast tiny_") for line in lines), lines
    made = sorted(p.relative_to(work["1"]) for p in work["1"].rglob("*.npz"))
    assert [str(p) for p in made] == ["fast_it3/tiny_a_s0.npz", "fast_it3/tiny_a_s1.npz", "fast_it3/tiny_b_s0.npz",
                                      "fast_it3/tiny_b_s1.npz", "tiny_a_classical.npz", "tiny_b_classical.npz"]
    for rel in made:
        one, two = np.load(work["1"] / rel), np.load(work["2"] / rel)
        assert sorted(one.files) == sorted(two.files)
        for key in one.files:
            np.testing.assert_array_equal(one[key], two[key])


def test_sar_share_report_from_scratch(tmp_path):
    """`make bench`'s SAR mask report: both rules run for real on a SAR pair (single-look
    speckle, a darkened square on the second date), every column of its table."""
    rng = np.random.default_rng(0)
    pair = tmp_path / "data" / "sar_tiny"
    pair.mkdir(parents=True)
    scene = 50.0 + 30.0 * (np.arange(64)[None, :] // 16 % 2) + np.zeros((64, 64))
    changed = np.zeros((64, 64), bool)
    changed[20:40, 24:44] = True
    for name, dark in (("t1.tif", False), ("t2.tif", True)):
        amplitude = np.where(changed & dark, 5.0, scene) * rng.rayleigh(1 / np.sqrt(np.pi / 2), (64, 64))
        write_raster(pair / name, amplitude.astype(np.float32))
    write_raster(pair / "labels.tif", np.where(changed, 2, 1).astype(np.uint8))
    out = tmp_path / "results"
    r = subprocess.run([sys.executable, "-m", "bench.sar_share", "--data", str(tmp_path / "data"), "--work",
                        str(tmp_path / "work"), "--out", str(out), "--seeds", "0", "--iterations", "3"],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    md = (out / "sar_share.md").read_text()
    assert "## shared SAR" in md and "| sar_tiny | dev |" not in md
    row = [line for line in md.splitlines() if line.startswith("| sar_tiny |")][0]
    assert len(row.split(" | ")) == 10 and "pairs above 0.05 lower" in md
    rows = json.loads((out / "sar_share.json").read_text())
    assert [(r["pair"], r["seed"]) for r in rows] == [("sar_tiny", 0)]
    assert rows[0]["fast"]["rule"].startswith("the share of change") and "agreement" in rows[0]["agreement"]["rule"]


def test_stage_profile_smoke(tmp_path):
    """python -m bench.profile_stages on a 0.01 MP mirrored pair: every stage of a real run timed."""
    out = tmp_path / "out"
    out.mkdir()
    r = subprocess.run([sys.executable, "-m", "bench.profile_stages", "--megapixels", "0.01", "--threads", "1",
                        "--out", str(out), "--work", str(tmp_path / "work")],
                       cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert r.returncode == 0, r.stderr
    data = json.loads((out / "profile_stages.json").read_text())
    for stage in ("fitting pool", "pool: VGG features and distances", "fit", "fit: loss terms", "fit: backward pass",
                  "fit: optimiser step", "prediction", "prediction: context grading", "writing windows"):
        assert data["calls"][stage] >= 1, stage
    assert data["calls"]["fit: optimiser step"] == data["iterations"] > 0
    assert "| fit | run |" in (out / "profile_stages.md").read_text()
