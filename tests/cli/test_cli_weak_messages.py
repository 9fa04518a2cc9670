"""Weak messages of issue 28, through the command line as a user meets them: each bad input
is one line `error: ...` (exit 1) that names what is wrong, and nothing is written."""
import subprocess
import sys

import numpy as np
import pytest

from conftest import REPO
from failure_checks import child_env
from synthetic import GT, change_pair, write_raster


def cli(*args):
    return subprocess.run([sys.executable, "-m", "metric_cd_plugin", *map(str, args)], cwd=REPO,
                          capture_output=True, text=True, timeout=300, env=child_env())


def refused(done, *fragments, absent=()):
    lines = done.stderr.strip().splitlines()
    assert done.returncode == 1 and len(lines) == 1 and lines[0].startswith("error: "), done.stderr
    assert "unexpected" not in lines[0] and "Traceback" not in done.stderr
    for fragment in fragments:
        assert fragment in lines[0], lines[0]
    for fragment in absent:
        assert fragment not in lines[0], lines[0]


def probability(path, values):
    from metric_cd_plugin.core.raster.geotiff import AtomicGeoTiff
    from osgeo import gdal
    from synthetic import utm_wkt
    writer = AtomicGeoTiff(str(path), values.shape[1], values.shape[0], GT, utm_wkt(), gdal.GDT_Float32, -1.0,
                           "change probability")
    writer.write(0, 0, values.astype(np.float32))
    writer.commit({"method": "Metric-CD", "threshold": 0.5, "threshold_rule": "decision (Pc > Pnc)"})
    return str(path)


@pytest.mark.parametrize("value", ["nan", "inf", "-1"])
def test_a_minimum_area_that_is_not_an_area_is_refused_before_anything_is_written(tmp_path, value):
    prob = probability(tmp_path / "p.tif", np.random.default_rng(0).random((16, 16)))
    done = cli("threshold", prob, "--threshold", "0.5", "-o", tmp_path / "m.tif", "--polygons", tmp_path / "m.gpkg",
               f"--min-area={value}")
    refused(done, f"The minimum area {value}", "give 0 or more square map units")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.tif"]


@pytest.mark.parametrize("threshold", ["auto", "0.5"])
def test_a_probability_without_a_valid_value_is_refused(tmp_path, threshold):
    prob = probability(tmp_path / "p.tif", np.full((16, 16), np.nan))
    refused(cli("threshold", prob, "--threshold", threshold, "-o", tmp_path / "m.tif"), "holds no valid value",
            "nothing to threshold")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.tif"]


def test_a_one_pixel_overlap_is_said_to_be_one_and_not_a_nodata_problem(tmp_path):
    t1, t2, _ = change_pair(tmp_path, size=16)
    corner = write_raster(tmp_path / "corner.tif", np.ones((3, 16, 16), np.float32),
                          gt=(GT[0] + 15 * 30.0, 30.0, 0.0, GT[3] - 15 * 30.0, 0.0, -30.0))
    refused(cli("classical", "cva", t1, corner, "-o", tmp_path / "s.tif"), "overlap on only 1 x 1 pixel",
            absent=("nodata",))
    assert not (tmp_path / "s.tif").exists()


def test_a_band_that_is_nan_everywhere_is_named(tmp_path):
    t1, t2, _ = change_pair(tmp_path, size=16)
    from osgeo import gdal
    ds = gdal.Open(t2, gdal.GA_Update)
    ds.GetRasterBand(2).WriteArray(np.full((16, 16), np.nan, np.float32))
    ds = None
    refused(cli("classical", "cva", t1, t2, "-o", tmp_path / "s.tif"), "T2 band 2 holds no valid value",
            "band selection")
    assert not (tmp_path / "s.tif").exists()


@pytest.mark.parametrize("value", ["²", "٣", "1.5"])
def test_a_shift_tolerance_of_other_digits_is_one_line(tmp_path, value):
    t1, t2, _ = change_pair(tmp_path, size=16)
    refused(cli("detect", t1, t2, "-o", tmp_path / "p.tif", "--weights", "random", f"--shift-tolerance={value}"),
            f"The shift tolerance '{value}'", "'auto'")
    assert not (tmp_path / "p.tif").exists()


# the batch's own --min-area is checked by the command line (test above); a row's cell by the manifest
@pytest.mark.parametrize("cell, default", [("nan", 0.0), ("inf", 0.0), ("-inf", 0.0)])
def test_a_batch_row_with_a_minimum_area_that_is_not_an_area_fails_before_it_runs(tmp_path, cell, default):
    from metric_cd_plugin.core.batch.manifest import read_manifest
    manifest = tmp_path / "pairs.csv"
    manifest.write_text(f"t1,t2,output,polygons,min_area\na.tif,b.tif,out.tif,out.gpkg,{cell}\n")
    (job,) = read_manifest(str(manifest), {"min_area": default})
    assert job.error is not None and "column 'min_area'" in job.error and "0 or more" in job.error, job.error


def _geopackage_with_a_layer(path, name):
    from osgeo import ogr
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    ds.CreateLayer(name, None, ogr.wkbLineString)
    ds = None
    return str(path)


@pytest.mark.parametrize("command", ["classical", "threshold"])
def test_polygons_into_a_geopackage_with_other_layers_are_refused_and_the_layers_kept(tmp_path, command):
    """Before, --polygons replaced the whole GeoPackage: its other layers were lost silently. A
    GeoPackage that holds only an earlier run's 'changes' layer is still replaced."""
    from osgeo import ogr
    t1, t2, _ = change_pair(tmp_path, size=32)
    gpkg = _geopackage_with_a_layer(tmp_path / "roads.gpkg", "roads")
    if command == "classical":
        args = ["classical", "cva", t1, t2, "-o", tmp_path / "score.tif"]
    else:
        assert cli("classical", "cva", t1, t2, "-o", tmp_path / "score.tif").returncode == 0
        args = ["threshold", tmp_path / "score.tif", "-o", tmp_path / "mask.tif"]
    refused(cli(*args, "--polygons", gpkg), f"The polygon output '{gpkg}' is a GeoPackage that also holds "
            "layer 'roads'", "choose a new file")
    kept = ogr.Open(gpkg)  # (a layer lives only as long as its dataset)
    assert [kept.GetLayer(i).GetName() for i in range(kept.GetLayerCount())] == ["roads"]
    own = _geopackage_with_a_layer(tmp_path / "earlier.gpkg", "changes")
    done = cli(*args, "--polygons", own)
    assert done.returncode == 0, done.stderr
    written = ogr.Open(own)
    assert written.GetLayerCount() == 1 and written.GetLayer(0).GetName() == "changes"
    assert written.GetLayer(0).GetFeatureCount() > 0
