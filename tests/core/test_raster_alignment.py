"""Any two rasters of the same place end up on T1's pixel grid over the area both cover:
other CRS, other pixel size, partial overlap, rotation, extent, no georeference."""
import math
import os
import subprocess
import sys

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.deep import run as pipeline
from metric_cd_plugin.core.deep.request import DetectionRequest as _DetectionRequest
from metric_cd_plugin.core.errors import InputError
from metric_cd_plugin.core.raster.pair import RasterPair
from conftest import REPO as ROOT
from synthetic import GT, TINY, write_raster


def DetectionRequest(*args, **kw):  # noqa: N802 (stands for the class) -- tests never download weights
    kw.setdefault("weights", "random")
    return _DetectionRequest(*args, **kw)


H, W = 100, 120
FEATURE = (slice(40, 44), slice(60, 64))  # a bright 4x4 square: rows 40-43, columns 60-63
FEATURE_CENTRE = (41.5, 61.5)


def scene(bands=3, seed=0):
    """Smooth texture (8x8 px patches) with one bright feature."""
    rng = np.random.default_rng(seed)
    img = np.kron(rng.uniform(40, 120, (bands, H // 4, W // 4)), np.ones((4, 4)))
    img[(slice(None),) + FEATURE] = 250
    return img.astype(np.float32)


def feature_position(pair):
    """(row, column) of T2's brightest valid pixel, after reading the pair on T1's grid."""
    _, t2, valid = pair.read(0, 0, pair.width, pair.height)
    return np.unravel_index(np.argmax(np.where(valid, t2[0], -1)), valid.shape)


def assert_on_feature(position, centre=FEATURE_CENTRE):
    assert abs(position[0] - centre[0]) <= 1.5 and abs(position[1] - centre[1]) <= 1.5, position


def test_t2_in_another_crs_is_warped_onto_t1_pixels(tmp_path):
    t1 = write_raster(tmp_path / "t1.tif", scene())
    t2 = str(tmp_path / "t2_wgs84.tif")
    gdal.Warp(t2, t1, dstSRS="EPSG:4326", resampleAlg="bilinear", dstAlpha=True)
    pair = RasterPair(t1, t2)
    assert (pair.width, pair.height, pair.geotransform) == (W, H, GT)
    assert "UTM zone 51N" in pair.projection
    assert_on_feature(feature_position(pair))
    _, _, valid = pair.read(0, 0, W, H)
    assert valid.mean() > 0.95
    note = pair.alignment_note
    assert "T2 (EPSG:4326" in note and "T1's grid (EPSG:32651, 30 m)" in note and "bilinear" in note
    assert "km²" in note


def test_coarser_t2_is_resampled_onto_the_finer_t1_grid(tmp_path):
    t1 = write_raster(tmp_path / "t1.tif", scene())
    t2 = str(tmp_path / "t2_60m.tif")
    gdal.Warp(t2, t1, xRes=60, yRes=60, resampleAlg="average")
    pair = RasterPair(t1, t2)
    assert (pair.width, pair.height, pair.geotransform) == (W, H, GT)
    assert_on_feature(feature_position(pair))
    assert "60 m" in pair.alignment_note and "30 m" in pair.alignment_note


def test_t2_shifted_by_half_gives_only_the_overlap_without_resampling(tmp_path):
    img1, img2 = scene(seed=1), scene(seed=2)
    t1 = write_raster(tmp_path / "t1.tif", img1)
    shifted = (GT[0] + 60 * GT[1],) + GT[1:]
    t2 = write_raster(tmp_path / "t2.tif", img2, gt=shifted)
    pair = RasterPair(t1, t2)
    assert (pair.width, pair.height, pair.geotransform) == (60, H, shifted)
    a1, a2, valid = pair.read(0, 0, 60, H)
    np.testing.assert_array_equal(a1, img1[:, :, 60:])  # T1's right half
    np.testing.assert_array_equal(a2, img2[:, :, :60])  # T2's left half, values untouched
    assert valid.all() and "shifted by (60, 0) px" in pair.alignment_note

    res = pipeline.detect_change(DetectionRequest(t1, t2, str(tmp_path / "out.tif"), overrides=dict(TINY)))
    out = gdal.Open(res.output)
    assert (out.RasterXSize, out.RasterYSize, out.GetGeoTransform()) == (60, H, shifted)
    assert res.alignment == pair.alignment_note == res.metadata["alignment"]


def test_half_pixel_shift_is_resampled(tmp_path):
    t1 = write_raster(tmp_path / "t1.tif", scene())
    t2 = write_raster(tmp_path / "t2.tif", scene(), gt=(GT[0] + 10.5 * GT[1],) + GT[1:])
    pair = RasterPair(t1, t2)
    # T1 pixels whose centre T2 covers: columns 10 (centre 10.5) to the end
    assert (pair.width, pair.geotransform[0]) == (W - 10, GT[0] + 10 * GT[1])
    assert "warped" in pair.alignment_note


def test_rasters_that_do_not_overlap_are_an_input_error(tmp_path):
    t1 = write_raster(tmp_path / "t1.tif", scene())
    t2 = write_raster(tmp_path / "t2.tif", scene(), gt=(GT[0] + 500 * GT[1],) + GT[1:])
    with pytest.raises(InputError, match="T1 and T2 do not overlap; check that they show the same "
                                         "place and that their CRS are set"):
        RasterPair(t1, t2)
    out = tmp_path / "out.tif"
    with pytest.raises(InputError, match="do not overlap"):
        pipeline.detect_change(DetectionRequest(t1, t2, str(out)))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t1.tif", "t2.tif"]


def test_band_count_mismatch_needs_a_selection(tmp_path):
    img = scene(bands=4)
    t1 = write_raster(tmp_path / "t1.tif", img)
    t2 = str(tmp_path / "t2.tif")
    # T2: three of the bands, in another CRS, plus the alpha band gdal.Warp adds (not a data band)
    gdal.Warp(t2, write_raster(tmp_path / "t2_utm.tif", img[[2, 1, 0]]), dstSRS="EPSG:4326", dstAlpha=True)
    with pytest.raises(InputError, match="T1 has 4 band.*T2 has 3.*choose the same number"):
        RasterPair(t1, t2)
    pair = RasterPair(t1, t2, bands1=[3, 2, 1])  # T2 holds T1's bands 3, 2, 1
    a1, a2, valid = pair.read(0, 0, W, H)
    inner = valid.copy()
    inner[:2], inner[-2:], inner[:, :2], inner[:, -2:] = False, False, False, False
    for b in range(3):  # same band on both dates after warping there and back: close values
        assert np.median(np.abs(a1[b][inner] - a2[b][inner])) < 5
    with pytest.raises(InputError, match=r"T2 has 4 band\(s\); band\(s\) \[5\] do not exist"):
        RasterPair(t1, t2, bands1=[1, 2, 3], bands2=[1, 2, 5])


def test_extent_cuts_the_grid_at_t1_pixels(tmp_path):
    t1 = write_raster(tmp_path / "t1.tif", scene())
    t2 = str(tmp_path / "t2.tif")
    gdal.Warp(t2, t1, dstSRS="EPSG:4326", dstAlpha=True, resampleAlg="bilinear")
    # columns 50.2 .. 79.9 and rows 30 .. 55.5 of T1: snapped outwards to 50..80, 30..56
    extent = (GT[0] + 50.2 * 30, GT[3] - 55.5 * 30, GT[0] + 79.9 * 30, GT[3] - 30 * 30)
    pair = RasterPair(t1, t2, extent=extent)
    assert (pair.width, pair.height) == (30, 26)
    assert pair.geotransform == (GT[0] + 50 * 30, 30.0, 0.0, GT[3] - 30 * 30, 0.0, -30.0)
    assert_on_feature(feature_position(pair), (FEATURE_CENTRE[0] - 30, FEATURE_CENTRE[1] - 50))
    assert "extent" in pair.alignment_note
    # an extent reaching beyond the overlap is cut to it
    t1_copy = write_raster(tmp_path / "t1_copy.tif", scene())  # one file for both dates is refused
    same_grid = RasterPair(t1, t1_copy, extent=(GT[0] - 1000, GT[3] - 10 * 30, GT[0] + 5 * 30, GT[3] + 1000))
    assert (same_grid.width, same_grid.height, same_grid.geotransform[:4:3]) == (5, 10, (GT[0], GT[3]))
    with pytest.raises(InputError, match="does not cover any part"):
        RasterPair(t1, t2, extent=(0, 0, 10, 10))
    with pytest.raises(InputError, match="is empty"):
        RasterPair(t1, t2, extent=(GT[0] + 100, GT[3] - 100, GT[0], GT[3]))
    with pytest.raises(InputError, match="is not xmin,ymin,xmax,ymax"):  # the run schema's one reading
        RasterPair(t1, t2, extent=(1, 2, 3))
    with pytest.raises(InputError, match="is not xmin,ymin,xmax,ymax"):
        RasterPair(t1, t2, extent="1,2,3,nan")


def test_rotated_t1_grid(tmp_path):
    c, s = 30 * math.cos(math.radians(20)), 30 * math.sin(math.radians(20))
    rotated = (GT[0], c, s, GT[3], s, -c)
    t1 = write_raster(tmp_path / "t1.tif", scene(), gt=rotated)
    t2 = str(tmp_path / "t2.tif")
    gdal.Warp(t2, t1, dstSRS="EPSG:4326", dstAlpha=True, resampleAlg="bilinear")
    pair = RasterPair(t1, t2)
    assert (pair.width, pair.height) == (W, H)
    np.testing.assert_allclose(pair.geotransform, rotated)
    assert_on_feature(feature_position(pair))


def test_categorical_t2_is_resampled_with_nearest_neighbour(tmp_path):
    classes = np.kron(np.arange(30).reshape(5, 6) % 4 * 10 + 1, np.ones((20, 20))).astype(np.uint8)
    t1 = write_raster(tmp_path / "t1.tif", classes)
    t2 = str(tmp_path / "t2.tif")
    gdal.Warp(t2, t1, dstSRS="EPSG:4326", resampleAlg="near")
    table = gdal.ColorTable()
    for value in (1, 11, 21, 31):
        table.SetColorEntry(value, (value * 8, 0, 0, 255))
    for path in (t1, t2):  # paletted rasters are compared by colour (red = 8 x class here)
        ds = gdal.Open(path, gdal.GA_Update)
        ds.GetRasterBand(1).SetRasterColorTable(table)
        ds = None
    pair = RasterPair(t1, t2)
    _, a2, valid = pair.read(0, 0, W, H)
    assert set(np.unique(a2[0][valid])) <= {8, 88, 168, 248}  # no blend of two classes
    assert "nearest neighbour" in pair.alignment_note


def write_plain(path, array, gt=None, wkt=""):
    """A GeoTIFF without CRS (and without geotransform when gt is None)."""
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[2], array.shape[1], array.shape[0],
                                              gdal.GDT_Float32)
    if gt is not None:
        ds.SetGeoTransform(gt)
    if wkt:
        ds.SetProjection(wkt)
    for i, band in enumerate(array, 1):
        ds.GetRasterBand(i).WriteArray(band)
    ds = None
    return str(path)


def test_rasters_without_georeference_are_compared_pixel_to_pixel(tmp_path):
    img = scene()
    t1, t2 = write_plain(tmp_path / "a.tif", img), write_plain(tmp_path / "b.tif", img[:, ::-1])
    pair = RasterPair(t1, t2)
    assert (pair.width, pair.height, pair.geotransform, pair.projection) == (W, H, None, "")
    np.testing.assert_array_equal(pair.read(0, 0, W, H)[1], img[:, ::-1])
    assert "pixel to pixel" in pair.alignment_note
    res = pipeline.detect_change(DetectionRequest(t1, t2, str(tmp_path / "out.tif"), overrides=dict(TINY)))
    out = gdal.Open(res.output)
    assert (out.RasterXSize, out.RasterYSize) == (W, H) and out.GetGeoTransform(can_return_null=True) is None

    smaller = write_plain(tmp_path / "c.tif", img[:, :90])
    with pytest.raises(InputError, match="T1 is 120x100 pixels while T2 is 120x90.*georeference both"):
        RasterPair(t1, smaller)
    with pytest.raises(InputError, match="extent needs georeferenced"):
        RasterPair(t1, t2, extent=(0, 0, 10, 10))
    georeferenced = write_raster(tmp_path / "geo.tif", img)
    with pytest.raises(InputError, match="T1 is georeferenced but T2 is not.*georeference T2"):
        RasterPair(georeferenced, t2)
    with pytest.raises(InputError, match="T2 is georeferenced but T1 is not"):
        RasterPair(t1, georeferenced)


def test_a_missing_crs_is_taken_from_an_identical_grid_and_refused_otherwise(tmp_path):
    img = scene()
    t1 = write_raster(tmp_path / "t1.tif", img)
    same = write_plain(tmp_path / "same.tif", img, gt=GT)
    pair = RasterPair(t1, same)
    assert (pair.width, pair.height) == (W, H) and "T2 has no CRS" in pair.alignment_note
    pair = RasterPair(same, t1)
    assert "UTM zone 51N" in pair.projection  # the output gets the CRS the grid has
    moved = write_plain(tmp_path / "moved.tif", img, gt=(GT[0] + 300,) + GT[1:])
    with pytest.raises(InputError, match="T2 has no CRS.*set T2's CRS"):
        RasterPair(t1, moved)


def test_t2_georeferenced_by_control_points(tmp_path):
    img = scene()
    t1 = write_raster(tmp_path / "t1.tif", img)
    gcps = [gdal.GCP(GT[0] + x * 30, GT[3] - y * 30, 0, x, y) for x, y in [(0, 0), (W, 0), (0, H), (W, H)]]
    t2 = str(tmp_path / "t2_gcp.tif")
    gdal.Translate(t2, t1, GCPs=gcps, outputSRS="EPSG:32651")
    pair = RasterPair(t1, t2)
    a1, a2, valid = pair.read(0, 0, W, H)
    assert valid.mean() > 0.95 and "control points" in pair.alignment_note
    np.testing.assert_allclose(a1[:, valid], a2[:, valid], atol=1e-3)


def test_cli_extent(tmp_path):
    t1 = write_raster(tmp_path / "t1.tif", scene(seed=1))
    t2 = write_raster(tmp_path / "t2.tif", scene(seed=2))
    out = str(tmp_path / "cva.tif")
    extent = f"{GT[0] + 10 * 30},{GT[3] - 50 * 30},{GT[0] + 40 * 30},{GT[3] - 20 * 30}"
    r = subprocess.run([sys.executable, "-m", "metric_cd_plugin", "classical", "cva", t1, t2, "-o", out,
                        "--extent", extent], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    ds = gdal.Open(out)
    assert (ds.RasterXSize, ds.RasterYSize) == (30, 30)
    assert ds.GetGeoTransform()[:4:3] == (GT[0] + 10 * 30, GT[3] - 20 * 30)
    r = subprocess.run([sys.executable, "-m", "metric_cd_plugin", "classical", "cva", t1, t2, "-o", out,
                        "--extent", "1,2,3"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    # refused by the run schema, like every bad value: one line after the flag, exit 1, nothing written
    assert r.returncode == 1 and r.stderr.startswith("error: --extent: The extent '1,2,3' is not xmin,ymin,xmax,ymax")


def test_real_landsat_pair_with_t2_in_wgs84_gives_the_same_change_map(tmp_path):
    from metric_cd_plugin.core.classical.output import write_classical
    from metric_cd_plugin.core.classical.request import ClassicalRequest
    sample = os.path.join(ROOT, "resources", "sample_data", "landsat_taizhou")
    t1, t2 = os.path.join(sample, "t1.tif"), os.path.join(sample, "t2.tif")
    warped = str(tmp_path / "t2_wgs84.tif")
    gdal.Warp(warped, t2, dstSRS="EPSG:4326", resampleAlg="cubic", dstAlpha=True)
    write_classical(ClassicalRequest("cva", t1, t2, str(tmp_path / "direct.tif")))
    write_classical(ClassicalRequest("cva", t1, warped, str(tmp_path / "aligned.tif")))
    direct = gdal.Open(str(tmp_path / "direct.tif")).ReadAsArray()
    aligned = gdal.Open(str(tmp_path / "aligned.tif")).ReadAsArray()
    labels = gdal.Open(os.path.join(sample, "labels.tif")).ReadAsArray()
    assert direct.shape == aligned.shape == labels.shape
    both = (direct >= 0) & (aligned >= 0)
    assert both.mean() > 0.98
    # two resamplings blur the map a little; the change it shows stays where it was
    assert np.corrcoef(direct[both], aligned[both])[0, 1] > 0.9
    assert aligned[(labels == 2) & both].mean() > aligned[(labels == 1) & both].mean() + 0.2
