"""The batch's checks before any pair runs, without Dask (issue 28): one output guard over
the whole batch (every output against every input and every other output of every row, the
manifest and the summary), a manifest without a header or with extra cells, and resume that
reruns a pair whose options or inputs changed (not only the request's parameters)."""
import os
import shutil

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.batch.guard import check_batch_outputs
from metric_cd_plugin.core.batch.manifest import read_manifest
from metric_cd_plugin.core.batch.pair import is_complete, run_pair
from metric_cd_plugin.core.errors import InputError
from synthetic import change_pair, write_raster


def manifest(tmp_path, text, name="pairs.csv"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.fixture
def three_pairs(tmp_path):
    for i in range(3):
        (tmp_path / f"p{i}").mkdir()
        change_pair(tmp_path / f"p{i}", size=32, seed=i)
    # a GeoPackage raster as the third pair's T1: its polygons could be written into it
    gdal.Translate(str(tmp_path / "p2/t1.gpkg"), str(tmp_path / "p2/t1.tif"), format="GPKG", outputType=gdal.GDT_Byte)
    (tmp_path / "out").mkdir()
    return tmp_path


def test_a_batch_whose_every_output_collides_is_refused_naming_each_collision(three_pairs):
    folder = three_pairs
    path = manifest(folder, "t1,t2,output,mask,polygons,method\n"
                            "p0/t1.tif,p0/t2.tif,out/a.tif,,,cva\n"
                            "p1/t1.tif,p1/t2.tif,out/a.tif,p0/t2.tif,,cva\n"         # row 2: row 1's output, an input
                            "p2/t1.gpkg,p2/t2.tif,out/c.tif,out/c.tif,p2/t1.gpkg,cva\n")  # its own output, own T1
    jobs = read_manifest(path)
    with pytest.raises(InputError) as err:
        check_batch_outputs(jobs, path, path)  # the summary over the manifest
    text = str(err.value)
    assert "\n" not in text and text.startswith("The batch was not started: ")
    for phrase in (f"the output of row 3 '{folder}/out/a.tif' is also the output of row 2",
                   f"the change mask of row 3 '{folder}/p0/t2.tif' is also the T2 raster of row 2",
                   f"the change mask of row 4 '{folder}/out/c.tif' is also the output of row 4",
                   f"the polygon output of row 4 '{folder}/p2/t1.gpkg' is also the T1 raster of row 4",
                   f"the summary CSV '{path}' is also the manifest"):
        assert phrase in text, text
    assert os.listdir(folder / "out") == []


def test_a_hard_link_to_another_rows_input_is_that_input(three_pairs):
    folder = three_pairs
    os.link(folder / "p1/t2.tif", folder / "out/linked.tif")
    path = manifest(folder, "t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/linked.tif,cva\n"
                            "p1/t1.tif,p1/t2.tif,out/b.tif,cva\n")
    with pytest.raises(InputError, match="'.*/out/linked.tif' is also the T2 raster of row 3"):
        check_batch_outputs(read_manifest(path), path, str(folder / "summary.csv"))


def test_a_summary_in_a_missing_folder_is_refused_before_any_pair(three_pairs):
    folder = three_pairs
    path = manifest(folder, "t1,t2,output,method\np0/t1.tif,p0/t2.tif,out/a.tif,cva\n")
    with pytest.raises(InputError, match="The output folder '.*/nowhere' does not exist"):
        check_batch_outputs(read_manifest(path), path, str(folder / "nowhere/summary.csv"))
    check_batch_outputs(read_manifest(path), path, str(folder / "summary.csv"))  # a good batch passes


def test_a_manifest_without_a_header_is_told_as_such(tmp_path):
    with pytest.raises(InputError) as err:
        read_manifest(manifest(tmp_path, "a/1.tif,a/2.tif,out/a.tif\nb/1.tif,b/2.tif,out/b.tif\n"))
    assert "has no header row (its first line is 'a/1.tif,a/2.tif,out/a.tif')" in str(err.value)
    assert "add the line t1,t2,output" in str(err.value) and "unknown" not in str(err.value)


def test_extra_cells_are_refused_with_the_row_number(tmp_path):
    with pytest.raises(InputError) as err:  # an unquoted band list spills into cells the header does not name
        read_manifest(manifest(tmp_path, "t1,t2,output,bands1\na.tif,b.tif,o.tif,3\nc.tif,d.tif,p.tif,4,3,2\n"))
    assert str(err.value).startswith("Row 3 of the manifest") and 'quote a cell that holds commas' in str(err.value)


def _replace_keeping_name_size_and_time(path, other):
    stamp = os.stat(path)
    shutil.copyfile(other, path)
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))


def test_resume_reruns_a_pair_whose_minimum_area_or_input_changed(tmp_path):
    for i in range(2):
        (tmp_path / f"p{i}").mkdir()
        change_pair(tmp_path / f"p{i}", size=32, seed=i)
    text = "t1,t2,output,mask,polygons,method,min_area\np0/t1.tif,p0/t2.tif,o.tif,m.tif,o.gpkg,cva,{}\n"
    path = manifest(tmp_path, text.format(0))
    (job,) = read_manifest(path)
    assert run_pair(job).status == "done" and is_complete(job)
    # bigger polygons only: the rasters are the same
    (job,) = read_manifest(manifest(tmp_path, text.format(5), "bigger.csv"))
    assert not is_complete(job)
    (job,) = read_manifest(path)
    assert is_complete(job)
    # another image under T1's name, with the same size and modification time: its bytes differ
    _replace_keeping_name_size_and_time(tmp_path / "p0/t1.tif", tmp_path / "p1/t1.tif")
    assert os.path.getsize(tmp_path / "p0/t1.tif") == os.path.getsize(tmp_path / "p1/t1.tif")
    assert not is_complete(job)
    # the same bytes written again (a copy): a new modification time is a change too
    assert run_pair(job).status == "done" and is_complete(job)
    os.utime(tmp_path / "p0/t2.tif")
    assert not is_complete(job)


def test_resume_reads_only_the_ends_of_a_large_input(tmp_path):
    """The checksum is cheap: a change in the middle of a large file is caught by its
    modification time, not by its bytes (the first and last MiB are hashed)."""
    from metric_cd_plugin.core.batch.fingerprint import CHUNK, file_fingerprint
    big = write_raster(tmp_path / "big.tif", np.arange(1200 * 1200, dtype=np.float32).reshape(1200, 1200))
    assert os.path.getsize(big) > 3 * CHUNK
    ((name, size, _, digest),) = file_fingerprint(big)
    assert name == os.path.realpath(big) and size == os.path.getsize(big) and len(digest) == 64
