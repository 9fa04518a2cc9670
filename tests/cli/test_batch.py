"""`python -m metric_cd_plugin batch` on real Dask clusters: an embedded LocalCluster of two
worker processes, and a scheduler and workers started here as `dask scheduler` / `dask
worker` processes on 127.0.0.1. Outputs are compared with single-process runs of the same
core entry points (same seed, one PyTorch thread each: PyTorch's sums depend on the thread
count in the last bits)."""
import csv
import json
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest
from osgeo import gdal

from conftest import REPO as ROOT, nameless_nir_pair
from dask_cluster import start_scheduler, start_workers, stop
from synthetic import change_pair

pytest.importorskip("distributed")

ENV = {**os.environ, "PYTHONPATH": ROOT}
BIN = os.path.dirname(sys.executable)
DEEP = ["--weights", "random", "--threads", "1"]


def batch(*args, **kwargs):
    return subprocess.run([sys.executable, "-m", "metric_cd_plugin", "batch", *args], cwd=ROOT, env=ENV,
                          capture_output=True, text=True, timeout=300, **kwargs)


def pairs(folder, count):
    for i in range(count):
        (folder / f"p{i}").mkdir()
        change_pair(folder / f"p{i}", size=64, seed=i)
    (folder / "out").mkdir()


def write_manifest(path, header, rows):
    path.write_text(",".join(header) + "\n" + "".join(",".join(map(str, r)) + "\n" for r in rows))


def summary(path):
    with open(path, newline="") as f:
        return {r["pair"]: r for r in csv.DictReader(f)}


def band(path):
    return gdal.Open(str(path)).ReadAsArray()


def single_deep(folder, i, out, iterations, seed=0, mask=None):
    """The same pair alone, through detect's entry point."""
    from metric_cd_plugin.core.deep.request import DetectionRequest
    from metric_cd_plugin.core.deep.run import detect_change
    detect_change(DetectionRequest(str(folder / f"p{i}/t1.tif"), str(folder / f"p{i}/t2.tif"), str(out),
                                   str(mask) if mask else None, seed=seed, iterations=iterations,
                                   weights="random", threads=1))


def single_classical(folder, i, method, out, mask=None):
    from metric_cd_plugin.core.classical.output import write_classical
    from metric_cd_plugin.core.classical.request import ClassicalRequest
    write_classical(ClassicalRequest(method, str(folder / f"p{i}/t1.tif"), str(folder / f"p{i}/t2.tif"), str(out),
                                     str(mask) if mask else None))


def hidden_files(folder):
    return [n for _, _, names in os.walk(folder) for n in names if n.startswith(".")]


def test_local_cluster_batch_matches_single_runs_reports_a_bad_pair_and_resumes(tmp_path):
    pairs(tmp_path, 3)
    manifest = tmp_path / "pairs.csv"
    header = ["name", "t1", "t2", "output", "mask", "polygons", "method", "seed"]
    rows = [["deep", "p0/t1.tif", "p0/t2.tif", "out/deep.tif", "out/deep_mask.tif", "", "", ""],
            ["cva", "p1/t1.tif", "p1/t2.tif", "out/cva.tif", "out/cva_mask.tif", "out/cva.gpkg", "cva", ""],
            ["pcakmeans", "p2/t1.tif", "p2/t2.tif", "out/pk.tif", "", "", "pcakmeans", ""],
            ["bad", "missing.tif", "p0/t2.tif", "out/bad.tif", "", "", "cva", ""]]
    write_manifest(manifest, header, rows)
    args = [str(manifest), "--workers", "2", "--iterations", "10", *DEEP]
    r = batch(*args)
    assert r.returncode == 1, r.stderr
    assert r.stderr.strip().splitlines()[-1].startswith("error: 1 of 4 pairs failed")
    table = summary(tmp_path / "pairs_summary.csv")
    assert [table[n]["status"] for n in ("deep", "cva", "pcakmeans", "bad")] == ["done"] * 3 + ["failed"]
    assert "missing.tif' does not exist" in table["bad"]["reason"]
    assert float(table["cva"]["changed_area"]) > 0 and "bad" in r.stdout  # the table is printed too
    assert not (tmp_path / "out/bad.tif").exists() and not hidden_files(tmp_path / "out")
    assert (tmp_path / "out/cva.gpkg").exists()

    ref = tmp_path / "ref"
    ref.mkdir()
    single_deep(tmp_path, 0, ref / "deep.tif", 10, mask=ref / "deep_mask.tif")
    single_classical(tmp_path, 1, "cva", ref / "cva.tif", ref / "cva_mask.tif")
    single_classical(tmp_path, 2, "pcakmeans", ref / "pk.tif")
    for name in ("deep.tif", "deep_mask.tif", "cva.tif", "cva_mask.tif", "pk.tif"):
        assert np.array_equal(band(tmp_path / "out" / name), band(ref / name)), name
    meta = gdal.Open(str(tmp_path / "out/deep.tif")).GetMetadata("METRIC_CD")
    assert json.loads(meta["seed"]) == 0 and meta["t1"] == str(tmp_path / "p0/t1.tif")

    # a rerun skips the finished pairs (their files untouched) and tries the bad one again
    stamps = {p: os.path.getmtime(p) for p in (tmp_path / "out").iterdir()}
    r = batch(*args)
    assert r.returncode == 1
    table = summary(tmp_path / "pairs_summary.csv")
    assert [table[n]["status"] for n in ("deep", "cva", "pcakmeans", "bad")] == ["skipped"] * 3 + ["failed"]
    assert stamps == {p: os.path.getmtime(p) for p in (tmp_path / "out").iterdir()}

    # a changed parameter reruns that pair only
    rows[0][-1] = "3"
    write_manifest(manifest, header, rows[:3])
    r = batch(*args)
    assert r.returncode == 0, r.stderr
    table = summary(tmp_path / "pairs_summary.csv")
    assert [table[n]["status"] for n in ("deep", "cva", "pcakmeans")] == ["done", "skipped", "skipped"]
    single_deep(tmp_path, 0, ref / "deep3.tif", 10, seed=3)
    assert np.array_equal(band(tmp_path / "out/deep.tif"), band(ref / "deep3.tif"))


def test_a_pair_whose_data_kind_was_unsure_is_done_with_a_warning_naming_the_column(tmp_path):
    """A pair `auto` is unsure of (compared as optical) finishes, and the summary says so and
    which column chooses SAR; the same pair with its data kind chosen has no warning."""
    t1, t2 = nameless_nir_pair(tmp_path)
    manifest = tmp_path / "pairs.csv"
    write_manifest(manifest, ["name", "t1", "t2", "output", "method", "data_kind"],
                   [["auto", t1, t2, "auto.tif", "pcakmeans", ""], ["sar", t1, t2, "sar.tif", "pcakmeans", "sar"]])
    r = batch(str(manifest), "--workers", "1")
    assert r.returncode == 0, r.stderr
    table = summary(tmp_path / "pairs_summary.csv")
    assert [table[n]["status"] for n in ("auto", "sar")] == ["done", "done"]
    said = ("The data kind was unsure, so the rasters were compared as optical; if they are SAR, set this row's "
            "data_kind to sar (or --data-kind sar for every row).")
    assert table["auto"]["warnings"] == said and table["auto"]["reason"] == "" and table["sar"]["warnings"] == ""
    assert f"warning: {said}" in r.stdout  # the printed table shows it in the reason column


def _reading(pid, names):
    """True when process pid has one of the files `names` open (it is running that pair)."""
    try:
        fds = os.listdir(f"/proc/{pid}/fd")
    except OSError:
        return False
    for fd in fds:
        try:
            if os.readlink(f"/proc/{pid}/fd/{fd}") in names:
                return True
        except OSError:
            pass
    return False


def test_scheduler_and_workers_survive_a_killed_worker(tmp_path):
    pairs(tmp_path, 3)
    manifest = tmp_path / "pairs.csv"
    write_manifest(manifest, ["t1", "t2", "output"],
                   [[f"p{i}/t1.tif", f"p{i}/t2.tif", f"out/p{i}.tif"] for i in range(3)])
    procs = []
    try:
        address = start_scheduler(f"{BIN}/dask", tmp_path, ROOT, ENV, procs)
        workers = start_workers(f"{BIN}/dask", address, 2, ROOT, ENV, procs)
        run = subprocess.Popen([sys.executable, "-m", "metric_cd_plugin", "batch", str(manifest), "--scheduler",
                                address, "--iterations", "30", *DEEP], cwd=ROOT, env=ENV,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        procs.append(run)
        inputs = {str(tmp_path / f"p{i}/{t}.tif") for i in range(3) for t in ("t1", "t2")}
        victim = None
        while victim is None and run.poll() is None:
            victim = next((w for w in workers if _reading(w.pid, inputs)), None)
            time.sleep(0.05)
        assert victim is not None, "no worker was seen running a pair"
        victim.send_signal(signal.SIGKILL)  # mid-pair: Dask gives its pair to the other worker
        out, err = run.communicate(timeout=1200)  # a safety net: 3 pairs on one worker of a loaded machine
        assert run.returncode == 0, err
        assert victim.wait() == -signal.SIGKILL
        assert all(s["status"] == "done" for s in summary(tmp_path / "pairs_summary.csv").values())
        ref = tmp_path / "ref"
        ref.mkdir()
        for i in range(3):
            single_deep(tmp_path, i, ref / f"p{i}.tif", 30)
            assert np.array_equal(band(tmp_path / f"out/p{i}.tif"), band(ref / f"p{i}.tif"))
        assert not hidden_files(tmp_path / "out")  # the killed worker's temporary file was removed
    finally:
        stop(procs)


@pytest.mark.parametrize("signum, code, words", [(signal.SIGINT, 130, "cancelled"),
                                                 (signal.SIGTERM, 143, "stopped (SIGTERM)")])
def test_ctrl_c_and_sigterm_cancel_cleanly(tmp_path, signum, code, words):
    """A terminal's Ctrl-C (SIGINT to the whole process group, local workers included) or a
    SIGTERM to the batch alone (`timeout`, a stopped job) while pairs are running: exit 130 or
    143 with a single run's words, every pair cancelled, nothing written, no temporary file."""
    import psutil
    pairs(tmp_path, 2)
    manifest = tmp_path / "pairs.csv"
    write_manifest(manifest, ["t1", "t2", "output", "mask"],
                   [[f"p{i}/t1.tif", f"p{i}/t2.tif", f"out/p{i}.tif", f"out/p{i}_mask.tif"] for i in range(2)])
    # a terminal's foreground job: SIGINT at its default even when this suite runs as a background
    # job (`make test &`), whose children inherit an ignored SIGINT and so never see Ctrl-C
    run = subprocess.Popen([sys.executable, "-m", "metric_cd_plugin", "batch", str(manifest), "--workers", "2",
                            "--iterations", "5000", *DEEP], cwd=ROOT, env=ENV, start_new_session=True,
                           preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        inputs = {str(tmp_path / f"p{i}/{t}.tif") for i in range(2) for t in ("t1", "t2")}
        while run.poll() is None and not any(_reading(c.pid, inputs)
                                             for c in psutil.Process(run.pid).children(recursive=True)):
            time.sleep(0.05)
        if signum == signal.SIGINT:
            os.killpg(run.pid, signum)
        else:
            run.send_signal(signum)
        out, err = run.communicate(timeout=120)
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
            run.wait()
    assert run.returncode == code, err
    assert err.strip().splitlines()[-1].startswith(f"error: The batch was {words}; finished pairs were kept")
    assert "Traceback" not in err, err
    assert all(s["status"] == "cancelled" for s in summary(tmp_path / "pairs_summary.csv").values())
    assert os.listdir(tmp_path / "out") == []
