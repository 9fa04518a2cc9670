"""How much changed: area in map units and on the ground, share of the valid area, and the
number of change patches counted strip by strip (the same count as GDAL's 4-connected
polygons), written into the outputs' metadata by every method."""
import numpy as np
import pytest
from osgeo import gdal, ogr, osr

from conftest import write_raster
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from metric_cd_plugin.core.raster.summary import PatchCounter, summarise, summarise_file


def gdal_patches(change: np.ndarray) -> int:
    """Polygons GDAL makes of the change pixels (4-connected, holes inside their polygon)."""
    ds = gdal.GetDriverByName("MEM").Create("", change.shape[1], change.shape[0], 1, gdal.GDT_Byte)
    ds.GetRasterBand(1).WriteArray(change.astype(np.uint8))
    source = ogr.GetDriverByName("Memory").CreateDataSource("p")  # kept: its layer dies with it
    layer = source.CreateLayer("p")
    gdal.Polygonize(ds.GetRasterBand(1), ds.GetRasterBand(1), layer, -1)
    return layer.GetFeatureCount()


@pytest.mark.parametrize("seed", range(6))
def test_patches_counted_by_strips_are_gdal_s_polygons(seed):
    rng = np.random.default_rng(seed)
    height, width = rng.integers(1, 60, 2)
    change = rng.random((height, width)) < [0.05, 0.3, 0.5, 0.6, 0.8, 0.95][seed]
    expected = gdal_patches(change)
    for rows in (1, 2, 5, 64):  # the carried row joins groups across strip borders
        counter = PatchCounter()
        for y in range(0, height, rows):
            counter.feed(change[y:y + rows])
        assert counter.total() == expected, rows


def test_shapes_that_join_only_far_below():
    change = np.zeros((9, 9), bool)
    change[0:8, 0] = change[0:8, 8] = change[8, :] = True  # a U: two arms meet at the bottom row
    change[0:6, 4] = True                                  # a separate bar inside the U
    change[2, 6] = True                                    # and one pixel touching nothing
    for rows in (1, 3, 9):
        counter = PatchCounter()
        for y in range(0, 9, rows):
            counter.feed(change[y:y + rows])
        assert counter.total() == 3 == gdal_patches(change)


def test_area_share_and_metadata_of_a_run(tmp_path, square_pair):
    t1, t2, _ = square_pair
    out = str(tmp_path / "score.tif")
    result = write_classical(ClassicalRequest("cva", t1, t2, out, str(tmp_path / "mask.tif")))
    mask = gdal.Open(str(tmp_path / "mask.tif")).ReadAsArray()
    summary = result.summary
    assert summary.changed_pixels == int((mask == 1).sum()) and summary.valid_pixels == int((mask != 255).sum())
    assert summary.patches == gdal_patches(mask == 1)
    assert summary.changed_area == summary.changed_m2 == summary.changed_pixels * 900.0  # 30 m pixels, UTM
    assert summary.map_unit == "metre" and summary.changed_ha == pytest.approx(summary.changed_pixels * 0.09)
    assert summary.percent == pytest.approx(100 * summary.changed_pixels / summary.valid_pixels)
    stored = read_run_metadata(out)["summary"]
    assert stored == summary.as_dict() and stored["changed_km2"] == pytest.approx(stored["changed_ha"] / 100)
    assert summarise_file(out, result.threshold) == summary
    assert "ha (" in summary.text() and "% of the valid area" in summary.text()


def test_geographic_rasters_get_ground_areas_and_others_map_units(tmp_path):
    prob = np.full((10, 20), 0.9, np.float32)
    prob[:, :5] = -1  # nodata: not valid
    one_degree = (10.0, 1.0, 0.0, 1.0, 0.0, -1.0)  # 1° pixels from latitude 1 to -9
    path = write_raster(tmp_path / "wgs84.tif", prob, gdal.GDT_Float32, epsg=4326, geotransform=one_degree)
    summary = summarise_file(path, 0.5)
    assert summary.map_unit == "degree" and summary.changed_area == 150.0
    # the WGS 84 ellipsoid's area element N cos(lat) M integrated numerically over 15° x 10°
    a, f = 6378137.0, 1 / 298.257223563
    e2 = f * (2 - f)
    lat = np.radians(np.linspace(-9, 1, 100_001))
    lat = (lat[1:] + lat[:-1]) / 2
    w = 1 - e2 * np.sin(lat) ** 2
    element = a / np.sqrt(w) * np.cos(lat) * a * (1 - e2) / w ** 1.5
    expected = element.sum() * np.radians(10) / len(lat) * np.radians(15)
    assert summary.changed_m2 == pytest.approx(expected, rel=1e-6) and summary.percent == pytest.approx(100)
    plain = summarise(lambda x, y, w, h: prob[y:y + h, x:x + w], 20, 10, None, "", 0.5)
    assert plain.changed_m2 is None and plain.changed_area == 150 and "square map units" in plain.text()
    feet = osr.SpatialReference()
    feet.ImportFromEPSG(2263)  # NAD83 / New York Long Island (ftUS)
    in_feet = summarise(lambda x, y, w, h: prob[y:y + h, x:x + w], 20, 10, (0, 10, 0, 0, 0, -10),
                        feet.ExportToWkt(), 0.5)
    assert in_feet.changed_area == 150 * 100 and in_feet.changed_m2 == pytest.approx(15000 * 0.3048006 ** 2)
