"""Writes the system refuses are told as what they are (issue 28): a read-only or immutable
output, a symlinked output whose target folder is read-only, and a file locked while the
run writes it, never "the disk may be full"."""
import os
import shutil
import subprocess

import numpy as np
import pytest
from osgeo import gdal

from failure_inputs import read_only_folder, undo_read_only
from metric_cd_plugin.core.errors import InputError, OutputError
from metric_cd_plugin.core.raster.destinations import RASTER, check_outputs
from metric_cd_plugin.core.raster.geotiff import AtomicGeoTiff, write_failed
from synthetic import write_raster


def lock(path) -> bool:
    """Make a file immutable (chattr +i, which stops root too); False where it cannot be."""
    if not shutil.which("chattr"):
        return False
    return subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode == 0


def unlock(path) -> None:
    subprocess.run(["chattr", "-i", str(path)], capture_output=True)


@pytest.fixture()
def locked(tmp_path):
    path = tmp_path / "locked.tif"
    write_raster(path, np.ones((1, 4, 4), np.float32))
    if not lock(path):
        pytest.skip("chattr +i is not available here")
    yield path
    unlock(path)


def test_an_immutable_output_and_a_link_to_it_are_refused_up_front(tmp_path, locked):
    for given in (locked, tmp_path / "link.tif"):
        if given.name == "link.tif":
            os.symlink(locked, given)
        with pytest.raises(InputError) as raised:
            check_outputs([("output", str(given), RASTER)], [])
        assert f"The output '{given}'" in str(raised.value) and "read-only or locked" in str(raised.value)
        assert "make it writable" in str(raised.value) and "disk may be full" not in str(raised.value)
    assert "a link to" in str(raised.value)


def test_a_link_into_a_read_only_folder_names_the_link_and_where_it_leads(tmp_path):
    locked = read_only_folder(tmp_path / "read-only")
    try:
        if os.access(locked, os.W_OK):
            pytest.skip("this user can write into any folder")
        os.symlink(locked / "real.tif", tmp_path / "link.tif")
        with pytest.raises(InputError) as raised:
            check_outputs([("output", str(tmp_path / "link.tif"), RASTER)], [])
        assert str(raised.value) == (f"The output '{tmp_path / 'link.tif'}' is a link to '{locked / 'real.tif'}', "
                                     "whose folder is not writable; choose another folder.")
    finally:
        undo_read_only(tmp_path)


def test_a_file_locked_while_the_run_writes_it_is_said_to_be_locked(tmp_path):
    target = tmp_path / "out.tif"
    write_raster(target, np.ones((1, 4, 4), np.float32))
    out = AtomicGeoTiff(str(target), 4, 4, (0, 1, 0, 0, 0, -1), "", gdal.GDT_Float32, -1.0, "x")
    out.write(0, 0, np.zeros((4, 4), np.float32))
    if not lock(target):
        out.abort()
        pytest.skip("chattr +i is not available here")
    try:
        with pytest.raises(OutputError) as raised:
            out.commit()
    finally:
        unlock(target)
    message = str(raised.value)
    assert "the system refused it: the file or its folder is read-only or locked" in message
    assert "disk may be full" not in message and "Nothing was written" in message
    assert sorted(os.listdir(tmp_path)) == ["out.tif"] and gdal.Open(str(target)).ReadAsArray().max() == 1


@pytest.mark.parametrize("exc, says", [
    (PermissionError(13, "Permission denied"), "read-only or locked"),
    (RuntimeError("out.tif: Permission denied"), "read-only or locked"),  # GDAL's text, no errno
    (OSError(30, "Read-only file system"), "read-only file system"),
    (OSError(28, "No space left on device"), "the disk may be full"),
    (RuntimeError("Free disk space available is 0 bytes"), "the disk may be full"),
])
def test_a_failed_write_says_what_it_was(exc, says):
    assert says in str(write_failed("out.tif", exc))
