"""core.polygons: change polygons with area and mean probability, GDAL/OGR only."""
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


def test_polygons_carry_area_and_mean_probability(mask_and_prob, tmp_path):
    mask, prob, prob_array = mask_and_prob
    out = tmp_path / "changes.gpkg"
    assert polygonize_mask(mask, prob, str(out)) == 3
    rows, srs, fields = read_features(out)
    assert fields == ["area", "mean_prob"]
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
    assert polygonize_mask(mask, prob, str(out), min_area=12 * PIXEL ** 2, layer_name="big") == 2
    rows, _, _ = read_features(out, "big")
    assert [r[0] for r in rows] == [96 * PIXEL ** 2, 12 * PIXEL ** 2]


def test_strip_reading_gives_the_same_means(mask_and_prob, tmp_path):
    mask, prob, _ = mask_and_prob
    polygonize_mask(mask, prob, str(tmp_path / "a.gpkg"))
    polygonize_mask(mask, prob, str(tmp_path / "b.gpkg"), block_pixels=100)  # 2 rows a strip
    a, _, _ = read_features(tmp_path / "a.gpkg")
    b, _, _ = read_features(tmp_path / "b.gpkg")
    assert [(r[0], r[1]) for r in a] == [(r[0], r[1]) for r in b]


def test_an_empty_mask_gives_an_empty_layer(tmp_path):
    mask = write(tmp_path / "m.tif", np.zeros((8, 8), np.uint8), gdal.GDT_Byte, 255)
    prob = write(tmp_path / "p.tif", np.zeros((8, 8), np.float32), gdal.GDT_Float32, -1)
    assert polygonize_mask(mask, prob, str(tmp_path / "none.gpkg")) == 0
    rows, _, fields = read_features(tmp_path / "none.gpkg")
    assert rows == [] and fields == ["area", "mean_prob"]


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
    with pytest.raises(InputError, match="negative"):
        polygonize_mask(mask, prob, str(tmp_path / "x.gpkg"), min_area=-1)
    with pytest.raises(InputError, match="does not exist"):
        polygonize_mask(str(tmp_path / "missing.tif"), prob, str(tmp_path / "x.gpkg"))
