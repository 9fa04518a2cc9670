"""Where a run may write (core.raster.destinations): every output against every input and
every other output, after symlinks, relative paths and hard links; special files and
folders refused; temporary files that a killed run left are removed by the next run to the
same output, and only those."""
import os
import subprocess
import sys

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.errors import InputError
from metric_cd_plugin.core.raster import destinations
from metric_cd_plugin.core.raster.destinations import (CSV, RASTER, check_outputs, remove_stale_temporaries,
                                                       temporary_beside)
from metric_cd_plugin.core.raster.geotiff import AtomicGeoTiff
from synthetic import write_raster


@pytest.fixture()
def raster(tmp_path):
    return write_raster(tmp_path / "t1.tif", np.ones((2, 4, 4), np.float32))


def refused(outputs, inputs, *fragments):
    with pytest.raises(InputError) as raised:
        check_outputs(outputs, inputs)
    for fragment in fragments:
        assert fragment in str(raised.value), str(raised.value)


def test_an_input_reached_by_a_relative_path_a_symlink_or_a_hard_link_is_refused(tmp_path, raster, monkeypatch):
    monkeypatch.chdir(tmp_path)
    refused([("output", "./sub/../t1.tif", RASTER)], [raster], "is also an input")
    os.mkdir(tmp_path / "sub")
    os.symlink(raster, tmp_path / "link.tif")
    refused([("output", "link.tif", RASTER)], [raster], "is also an input")
    os.link(raster, tmp_path / "hard.tif")
    refused([("output", "hard.tif", RASTER)], [raster], "is also an input")


def test_an_archive_or_a_subdataset_file_counts_as_the_input(tmp_path, raster):
    zipped = tmp_path / "t.csv"
    zipped.write_bytes(b"PK")
    refused([("CSV table", str(zipped), CSV)], [f"/vsizip/{zipped}/inner.tif"], "is also an input")
    refused([("CSV table", str(zipped), CSV)], [f'NETCDF:"{zipped}":var'], "is also an input")


def test_two_outputs_on_one_file_are_refused(tmp_path):
    target = str(tmp_path / "x.tif")
    refused([("output", target, RASTER), ("change mask", str(tmp_path / "." / "x.tif"), RASTER)], [],
            "is also the output", "choose a different file for each output")


@pytest.mark.parametrize("name, problem", [("folder.tif", "is a folder"), ("dir/", "names a folder"),
                                           ("score.png", "does not end in .tif"),
                                           ("/vsimem/x.tif", "is not a plain file name"),
                                           ("missing/x.tif", "does not exist")])
def test_names_that_are_not_files_to_write_are_refused(tmp_path, name, problem):
    os.mkdir(tmp_path / "folder.tif")
    os.mkdir(tmp_path / "dir")
    refused([("output", name if name.startswith("/") else f"{tmp_path}/{name}", RASTER)], [], problem)


def test_devices_and_pipes_are_refused(tmp_path):
    refused([("output", "/dev/null", (".tif", ""))], [], "is a device, pipe or socket")
    os.mkfifo(tmp_path / "pipe.tif")
    refused([("output", str(tmp_path / "pipe.tif"), RASTER)], [], "is a device, pipe or socket")


def test_a_symlinked_output_is_written_through_and_stays_a_link(tmp_path):
    real_dir = tmp_path / "real"
    real_dir.mkdir()
    os.symlink(real_dir / "x.tif", tmp_path / "link.tif")
    link = str(tmp_path / "link.tif")
    check_outputs([("output", link, RASTER)], [])
    out = AtomicGeoTiff(link, 4, 4, (0, 1, 0, 0, 0, -1), "", gdal.GDT_Float32, -1.0, "x")
    out.write(0, 0, np.zeros((4, 4), np.float32))
    out.commit()
    assert os.path.islink(link) and gdal.Open(str(real_dir / "x.tif")).RasterXSize == 4
    assert sorted(os.listdir(real_dir)) == ["x.tif"]


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_a_killed_runs_temporary_files_are_removed_by_the_next_run_and_no_one_elses(tmp_path):
    target = str(tmp_path / "change.tif")
    mine = temporary_beside(target, ".tif")
    host = destinations._host()
    stale = tmp_path / f".change.tif.{host}-{_dead_pid()}.abcd1234.part.tif"
    stale.write_bytes(b"half a GeoTIFF")
    (tmp_path / (stale.name + ".aux.xml")).write_text("<PAMDataset/>")
    other_host = tmp_path / f".change.tif.elsewhere-{_dead_pid()}.abcd1234.part.tif"
    other_host.write_bytes(b"another machine's run, on a shared folder")
    other_target = tmp_path / f".other.tif.{host}-{_dead_pid()}.abcd1234.part.tif"
    other_target.write_bytes(b"a run to another output")
    removed = remove_stale_temporaries(target)
    assert sorted(map(os.path.basename, removed)) == [stale.name, stale.name + ".aux.xml"]
    assert os.path.exists(mine) and other_host.exists() and other_target.exists()


def test_a_killed_process_not_yet_reaped_counts_as_dead_and_a_live_ones_file_stays(tmp_path):
    """A worker killed with SIGKILL stays a zombie until its parent waits for it (a Dask
    worker started by a shell or a test): its temporary file must go all the same, while a
    running process's stays."""
    import signal
    import time
    target = str(tmp_path / "change.tif")
    host = destinations._host()
    killed, live = (subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"]) for _ in range(2))
    try:
        killed.send_signal(signal.SIGKILL)
        for _ in range(100):  # until the kernel has made it a zombie
            if destinations._zombie(killed.pid):
                break
            time.sleep(0.05)
        files = [tmp_path / f".change.tif.{host}-{p.pid}.abcd1234.part.tif" for p in (killed, live)]
        for f in files:
            f.write_bytes(b"part")
        assert remove_stale_temporaries(target) == [str(files[0])]
        assert files[1].exists()
    finally:
        live.kill()
        for p in (killed, live):
            p.wait()


def test_text_outputs_are_written_through_a_link_and_leave_no_temporary(tmp_path):
    """CSV and HTML reports (area estimate, batch and change summaries) share the rasters' way of
    writing: the link stays a link, its target holds the new text, nothing hidden is left."""
    from metric_cd_plugin.core.raster.destinations import write_text_atomically
    real = tmp_path / "real.csv"
    real.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(real)
    write_text_atomically(str(link), "figure,value\nchanged,3\n", "CSV table")
    assert link.is_symlink() and real.read_text() == "figure,value\nchanged,3\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["link.csv", "real.csv"]
