"""core.raster.polygons: change polygons with their size, peak and mean probability and a
rank, GDAL/OGR only."""
import os

import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from metric_cd_plugin.core.errors import Cancelled, InputError
from metric_cd_plugin.core.raster.polygons import polygonize_mask

PIXEL = 30.0
ORIGIN = (500000.0, 3600000.0)


def write(path, array, dtype, nodata):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0], 1, dtype)
    ds.SetGeoTransform((ORIGIN[0], PIXEL, 0, ORIGIN[1], 0, -PIXEL))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32651)
    ds.SetProjection(srs.ExportToWkt())
    ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(array)
    ds = None
    return str(path)


@pytest.fixture
def mask_and_prob(tmp_path):
    """A 10x10 square (prob 0.8) with a 2x2 hole, a 3x4 block of mixed prob, a lone pixel,
    and a nodata strip that must not become a polygon."""
    mask = np.zeros((48, 48), np.uint8)
    prob = np.full((48, 48), 0.1, np.float32)
    mask[5:15, 5:15] = 1
    prob[5:15, 5:15] = 0.8
    mask[9:11, 9:11] = 0                       # hole
    mask[30:33, 20:24] = 1
    prob[30:33, 20:24] = np.arange(12).reshape(3, 4) / 12.0 + 0.5
    prob[30, 20] = -1.0                        # nodata probability: left out of the mean
    mask[40, 40] = 1
    prob[40, 40] = 0.6
    mask[:, 46:] = 255                         # nodata strip
    prob[:, 46:] = -1.0
    src = tmp_path / "in"
    src.mkdir()
    return (write(src / "mask.tif", mask, gdal.GDT_Byte, 255),
            write(src / "prob.tif", prob, gdal.GDT_Float32, -1.0), prob)


def read_features(path, layer="changes"):
    ds = ogr.Open(str(path))
    lyr = ds.GetLayerByName(layer)
    rows = sorted(((f["area"], f["mean_prob"], f.GetGeometryRef().Clone()) for f in lyr),
                  key=lambda r: -r[0])
    defn = lyr.GetLayerDefn()
    return rows, lyr.GetSpatialRef(), [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]


FIELDS = ["area", "area_ha", "pixels", "peak_prob", "mean_prob", "rank"]


def test_polygons_carry_area_and_mean_probability(mask_and_prob, tmp_path):
    mask, prob, prob_array = mask_and_prob
    out = tmp_path / "changes.gpkg"
    assert polygonize_mask(mask, prob, str(out), min_pixels=0) == 3
    rows, srs, fields = read_features(out)
    assert fields == FIELDS
    assert srs.GetAuthorityCode(None) == "32651"
    (a1, m1, g1), (a2, m2, _), (a3, m3, _) = rows
    assert a1 == pytest.approx(96 * PIXEL ** 2) and m1 == pytest.approx(0.8)
    assert g1.GetGeometryRef(0) and g1.GetGeometryCount() == 2  # outer ring + the hole
    block = prob_array[30:33, 20:24].ravel()[1:]
    assert a2 == pytest.approx(12 * PIXEL ** 2) and m2 == pytest.approx(block.mean(), abs=1e-6)
    assert a3 == pytest.approx(PIXEL ** 2) and m3 == pytest.approx(0.6)
    # polygons lie on the pixel grid of the mask
    minx, maxx, miny, maxy = g1.GetEnvelope()
    assert (minx, maxy) == (ORIGIN[0] + 5 * PIXEL, ORIGIN[1] - 5 * PIXEL)


def test_min_area_drops_small_polygons(mask_and_prob, tmp_path):
    mask, prob, _ = mask_and_prob
    out = tmp_path / "big.gpkg"
    assert polygonize_mask(mask, prob, str(out), min_area=12 * PIXEL ** 2, layer_name="big", min_pixels=0) == 2
    rows, _, _ = read_features(out, "big")
    assert [r[0] for r in rows] == [96 * PIXEL ** 2, 12 * PIXEL ** 2]


def test_strip_reading_gives_the_same_figures(mask_and_prob, tmp_path):
    mask, prob, _ = mask_and_prob
    polygonize_mask(mask, prob, str(tmp_path / "a.gpkg"), min_pixels=0)
    polygonize_mask(mask, prob, str(tmp_path / "b.gpkg"), block_pixels=100, min_pixels=0)  # 2 rows a strip
    a, b = (all_fields(tmp_path / name) for name in ("a.gpkg", "b.gpkg"))
    assert a == b and len(a) == 3


def all_fields(path):
    ds = ogr.Open(str(path))
    return sorted(tuple(f[name] for name in FIELDS) for f in ds.GetLayer(0))


def test_lone_pixels_are_dropped_by_default_and_the_rest_ranked(mask_and_prob, tmp_path):
    """Default: polygons of 4 pixels or more. Rank 1 = highest peak probability; area in
    hectares from the metric CRS; pixels counted whatever the probability's nodata."""
    mask, prob, prob_array = mask_and_prob
    assert polygonize_mask(mask, prob, str(tmp_path / "d.gpkg")) == 2
    rows = {f[5]: f for f in all_fields(tmp_path / "d.gpkg")}  # by rank
    block = prob_array[30:33, 20:24].ravel()[1:]
    assert rows[1][2:5] == (12, pytest.approx(block.max()), pytest.approx(block.mean()))
    assert rows[1][1] == pytest.approx(12 * PIXEL ** 2 / 1e4)
    assert rows[2][2:5] == (96, pytest.approx(0.8), pytest.approx(0.8))


def test_no_hectares_without_a_linear_unit(tmp_path):
    """Degrees have no fixed area: area_ha is left empty (NULL), area stays in map units."""
    mask = np.zeros((8, 8), np.uint8)
    mask[2:6, 2:6] = 1
    paths = []
    for name, array, dtype in (("m.tif", mask, gdal.GDT_Byte), ("p.tif", mask * 0.9, gdal.GDT_Float32)):
        ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / name), 8, 8, 1, dtype)
        ds.SetGeoTransform((120.0, 0.001, 0, 32.0, 0, -0.001))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(4326)
        ds.SetProjection(srs.ExportToWkt())
        ds.GetRasterBand(1).WriteArray(array)
        ds = None
        paths.append(str(tmp_path / name))
    polygonize_mask(*paths, str(tmp_path / "g.gpkg"))
    (row,) = all_fields(tmp_path / "g.gpkg")
    assert row[0] == pytest.approx(16e-6) and row[1] is None and row[2] == 16


def test_a_smoothing_function_reshapes_the_written_outlines(mask_and_prob, tmp_path):
    """The adapter's smoothing (QGIS's, in Processing) is applied to every kept outline."""
    mask, prob, _ = mask_and_prob
    seen = []

    def shrink(geometry):
        seen.append(geometry.GetArea())
        return geometry.Buffer(-PIXEL / 4)
    assert polygonize_mask(mask, prob, str(tmp_path / "s.gpkg"), smooth=shrink) == 2
    areas = sorted(r[0] for r in all_fields(tmp_path / "s.gpkg"))
    assert sorted(seen) == [12 * PIXEL ** 2, 96 * PIXEL ** 2]
    assert all(a < b for a, b in zip(areas, sorted(seen)))


def test_an_empty_mask_gives_an_empty_layer(tmp_path):
    mask = write(tmp_path / "m.tif", np.zeros((8, 8), np.uint8), gdal.GDT_Byte, 255)
    prob = write(tmp_path / "p.tif", np.zeros((8, 8), np.float32), gdal.GDT_Float32, -1)
    assert polygonize_mask(mask, prob, str(tmp_path / "none.gpkg")) == 0
    rows, _, fields = read_features(tmp_path / "none.gpkg")
    assert rows == [] and fields == FIELDS


def test_output_replaced_atomically_and_no_temporary_left(mask_and_prob, tmp_path):
    mask, prob, _ = mask_and_prob
    out = tmp_path / "changes.gpkg"
    out.write_text("old")
    polygonize_mask(mask, prob, str(out), min_area=1e9)
    assert read_features(out)[0] == []
    assert sorted(os.listdir(tmp_path)) == ["changes.gpkg", "in"]


# -1: at the first report; 12: inside gdal.Polygonize (its callback stops it); 65, 99: later stages
@pytest.mark.parametrize("after", [-1, 12, 65, 99])
def test_cancel_in_any_stage_leaves_the_target_untouched(mask_and_prob, tmp_path, after):
    mask, prob, _ = mask_and_prob
    percents = []
    with pytest.raises(Cancelled):
        polygonize_mask(mask, prob, str(tmp_path / "c.gpkg"), progress=lambda p, s: percents.append(p),
                        cancel=lambda: any(p > after for p in percents))
    assert sorted(os.listdir(tmp_path)) == ["in"]


def test_readable_errors(mask_and_prob, tmp_path):
    mask, prob, _ = mask_and_prob
    small = write(tmp_path / "small.tif", np.zeros((8, 8), np.float32), gdal.GDT_Float32, -1)
    with pytest.raises(InputError, match="48x48 pixels and the probability 8x8"):
        polygonize_mask(mask, small, str(tmp_path / "x.gpkg"))
    with pytest.raises(InputError, match="GeoPackage"):
        polygonize_mask(mask, prob, str(tmp_path / "x.shp"))
    with pytest.raises(InputError, match="minimum area -1 is not an area"):
        polygonize_mask(mask, prob, str(tmp_path / "x.gpkg"), min_area=-1)
    with pytest.raises(InputError, match="minimum polygon size -1 is negative"):
        polygonize_mask(mask, prob, str(tmp_path / "x.gpkg"), min_pixels=-1)
    with pytest.raises(InputError, match="does not exist"):
        polygonize_mask(str(tmp_path / "missing.tif"), prob, str(tmp_path / "x.gpkg"))
