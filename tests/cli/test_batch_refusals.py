"""`batch` (and `detect --scheduler`) refuse what cannot work before any pair runs, with one
line that says what to do (issue 28): outputs that collide anywhere in the batch, a summary
that cannot be written, a worker count that is not one, a scheduler without workers, a
cluster that cannot import the plugin (docs/batch.md's recipe started where the plugin is
not installed); and the batch's clean-up never removes another live process's temporary
file. Real subprocesses and a real `dask scheduler` / `dask worker` on 127.0.0.1."""
import os
import platform
import re
import subprocess
import sys

import pytest
from osgeo import gdal

from conftest import REPO
from dask_cluster import start_scheduler, start_workers, stop
from synthetic import change_pair

pytest.importorskip("distributed")

ENV = {**os.environ, "PYTHONPATH": REPO}
BIN = os.path.dirname(sys.executable)


def cli(*args, cwd=REPO, timeout=300):
    return subprocess.run([sys.executable, "-m", "metric_cd_plugin", *map(str, args)], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=timeout)


def one_line(done, code, *fragments):
    lines = done.stderr.strip().splitlines()
    assert done.returncode == code and len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    return lines[0]


@pytest.fixture
def folder(tmp_path):
    for i in range(3):
        (tmp_path / f"p{i}").mkdir()
        change_pair(tmp_path / f"p{i}", size=32, seed=i)
    gdal.Translate(str(tmp_path / "p2/t1.gpkg"), str(tmp_path / "p2/t1.tif"), format="GPKG",
                   outputType=gdal.GDT_Byte)
    (tmp_path / "out").mkdir()
    return tmp_path


def files(folder):
    return sorted(os.path.relpath(os.path.join(d, n), folder) for d, _, names in os.walk(folder) for n in names)


def test_a_batch_of_three_colliding_pairs_is_refused_before_any_pair_runs(folder):
    manifest = folder / "pairs.csv"
    manifest.write_text("t1,t2,output,mask,polygons,method\n"
                        "p0/t1.tif,p0/t2.tif,out/a.tif,,,cva\n"
                        "p1/t1.tif,p1/t2.tif,out/a.tif,p0/t2.tif,,cva\n"
                        "p2/t1.gpkg,p2/t2.tif,out/c.tif,out/c.tif,p2/t1.gpkg,cva\n")
    before = {f: (folder / f).read_bytes() for f in files(folder)}
    line = one_line(cli("batch", manifest, "--summary", manifest), 1, "The batch was not started",
                    "is also the output of row 2", "is also the T2 raster of row 2", "is also the output of row 4",
                    "is also the T1 raster of row 4", "is also the manifest", "no pair was run")
    assert line.count(" is also ") == 5
    assert {f: (folder / f).read_bytes() for f in files(folder)} == before  # nothing written, nothing changed


def test_a_summary_that_cannot_be_written_is_refused_before_any_pair_runs(folder):
    manifest = folder / "pairs.csv"
    manifest.write_text("t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/a.tif,cva\n")
    one_line(cli("batch", manifest, "--summary", folder / "missing/summary.csv"), 1,
             "The output folder", "missing' does not exist")
    assert os.listdir(folder / "out") == []


@pytest.mark.parametrize("command", ["batch", "detect"])
@pytest.mark.parametrize("count", ["-1", "-2", "0"])
def test_a_worker_count_below_one_is_refused(folder, command, count):
    args = ["pairs.csv"] if command == "batch" else ["p0/t1.tif", "p0/t2.tif", "-o", "out/a.tif"]
    one_line(cli(command, *args, "--workers", count, cwd=folder, timeout=60), 2,
             f"'{count}' is not a number of worker processes; give 1 or more")


def test_a_scheduler_without_workers_is_refused_after_a_bounded_wait(folder):
    manifest = folder / "pairs.csv"
    manifest.write_text("t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/a.tif,cva\n")
    procs = []
    try:
        address = start_scheduler(f"{BIN}/dask", folder, REPO, ENV, procs)
        one_line(cli("batch", manifest, "--scheduler", address, "--wait-for-workers", "3"), 1,
                 f"The Dask scheduler at '{address}' has no worker (waited 3 s)", "dask worker")
    finally:
        stop(procs)
    assert os.listdir(folder / "out") == []


def test_a_cluster_that_cannot_import_the_plugin_is_refused_before_any_pair(folder):
    """docs/batch.md's recipe started from this checkout's venv, outside the checkout and
    without PYTHONPATH: the plugin is not installed there, so nothing could run."""
    manifest = folder / "pairs.csv"
    manifest.write_text("t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/a.tif,cva\np1/t1.tif,p1/t2.tif,out/b.tif,cva\n")
    bare = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    procs = []
    try:
        address = start_scheduler(f"{BIN}/dask", folder, folder, bare, procs)
        start_workers(f"{BIN}/dask", address, 1, folder, bare, procs)
        line = one_line(cli("batch", manifest, "--scheduler", address), 1,
                        f"The Dask cluster at '{address}' cannot import the Metric-CD plugin",
                        "ModuleNotFoundError", "pip install")
        assert "Traceback" not in line
        # `detect --scheduler` the same (before, it blamed the output folder)
        one_line(cli("detect", folder / "p0/t1.tif", folder / "p0/t2.tif", "-o", folder / "out/d.tif",
                     "--scheduler", address, "--weights", "random"), 1,
                 f"The Dask cluster at '{address}' cannot import the Metric-CD plugin")
    finally:
        stop(procs)
    assert os.listdir(folder / "out") == []


def _host():
    return re.sub(r"[^A-Za-z0-9_-]", "_", platform.node())[:40] or "host"


def test_the_batch_clean_up_keeps_a_live_processs_temporary_file(folder):
    """A `detect` writing out/a.tif (alive: its temporary stays) and a killed one (dead: its
    temporary goes) beside a batch pair's output; before, the batch removed both."""
    manifest = folder / "pairs.csv"
    manifest.write_text("t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/a.tif,cva\n")
    live = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    try:
        kept = folder / f"out/.a.tif.{_host()}-{live.pid}.x1y2.part.tif"
        stale = folder / f"out/.a.tif.{_host()}-{dead.pid}.x3y4.part.tif"
        kept.write_bytes(b"being written")
        stale.write_bytes(b"left by a killed run")
        done = cli("batch", manifest, "--workers", "1")
        assert done.returncode == 0, done.stderr
        assert kept.exists() and not stale.exists()
    finally:
        live.kill()
        live.wait()
