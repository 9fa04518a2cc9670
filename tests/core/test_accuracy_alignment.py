"""assess_files puts the reference on the change map's grid (nearest neighbour) and reads by
strips: each case is built by hand so that the expected figures are those of `assess` on
whole arrays already on one grid."""
import numpy as np
import pytest
from osgeo import gdal, osr

from metric_cd_plugin.core.accuracy.assess import assess, assess_files
from metric_cd_plugin.core.errors import InputError

UTM = 32651  # zone 51N: the grid below is near 123 E, 32.5 N
GT = (500000.0, 30.0, 0.0, 3600000.0, 0.0, -30.0)


def _wkt(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


def _write(path, array, gt=GT, epsg=UTM, nodata=None):
    gtype = gdal.GDT_Float32 if array.dtype.kind == "f" else gdal.GDT_Byte
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0], 1, gtype)
    if gt is not None:
        ds.SetGeoTransform(gt)
        ds.SetProjection(_wkt(epsg))
    if nodata is not None:
        ds.GetRasterBand(1).SetNoDataValue(nodata)
    ds.GetRasterBand(1).WriteArray(array)
    ds = None
    return str(path)


def _scores(shape, seed=0):
    """Continuous scores with ties, NaN and nodata (-1) pixels."""
    rng = np.random.default_rng(seed)
    score = (rng.integers(0, 50, shape) / 49.0).astype(np.float32)
    score[rng.random(shape) < 0.05] = np.nan
    score[rng.random(shape) < 0.05] = -1.0
    return score


def _labels(shape, seed=1):
    return np.random.default_rng(seed).integers(0, 3, shape).astype(np.uint8)


def _same(a, b):
    assert a.as_dict() == pytest.approx(b.as_dict(), nan_ok=True)
    assert (a.tp, a.fp, a.fn, a.tn, a.n_labelled) == (b.tp, b.fp, b.fn, b.tn, b.n_labelled)


def _expected(score, reference, kind="labels"):
    s = score.astype(np.float64)
    s[score == -1.0] = np.nan
    return assess(s, reference, reference_kind=kind)


def test_coarser_reference_counts_as_the_same_reference_on_the_change_maps_grid(tmp_path):
    score, coarse = _scores((40, 40)), _labels((20, 20))
    fine = np.kron(coarse, np.ones((2, 2), np.uint8))  # each 60 m label over its four 30 m pixels
    s = _write(tmp_path / "s.tif", score, nodata=-1.0)
    got = assess_files(s, _write(tmp_path / "coarse.tif", coarse, gt=(500000.0, 60.0, 0.0, 3600000.0, 0.0, -60.0)))
    _same(got, assess_files(s, _write(tmp_path / "fine.tif", fine)))
    _same(got, _expected(score, fine))
    assert got.n_labelled > 0


def test_shifted_reference_counts_only_the_overlap(tmp_path):
    score = _scores((20, 20))
    ref = np.random.default_rng(2).integers(0, 2, (20, 20)).astype(np.uint8)  # binary: 0 = no change
    shifted = (GT[0] + 5 * 30.0, 30.0, 0.0, GT[3] - 3 * 30.0, 0.0, -30.0)  # 5 columns right, 3 rows down
    got = assess_files(_write(tmp_path / "s.tif", score, nodata=-1.0),
                       _write(tmp_path / "r.tif", ref, gt=shifted, nodata=0), reference_kind="binary")
    # pixels outside the reference are not labelled, even though 0 means "no change" there;
    # its nodata value is ignored, as for a reference on the change map's grid
    _same(got, _expected(score[3:, 5:], ref[:17, :15], "binary"))


def test_reference_in_another_crs_is_reprojected(tmp_path):
    score, labels = _scores((40, 40)), _labels((40, 40))
    # a WGS 84 reference about 4x finer than the UTM pixels, each pixel holding the label of
    # the UTM pixel under its centre: nearest neighbour back onto the UTM grid is exact
    to_utm = osr.CoordinateTransformation(*(_srs(e) for e in (4326, UTM)))
    to_geo = osr.CoordinateTransformation(_srs(UTM), _srs(4326))
    corners = [to_geo.TransformPoint(GT[0] + x, GT[3] - y) for x in (0, 1200) for y in (0, 1200)]
    lon0, lat1 = min(c[0] for c in corners) - 0.001, max(c[1] for c in corners) + 0.001
    lon1, lat0 = max(c[0] for c in corners) + 0.001, min(c[1] for c in corners) - 0.001
    step = 0.00007  # ~7.8 m north-south, ~6.6 m east-west
    w, h = int(np.ceil((lon1 - lon0) / step)), int(np.ceil((lat1 - lat0) / step))
    lon, lat = np.meshgrid(lon0 + (np.arange(w) + 0.5) * step, lat1 - (np.arange(h) + 0.5) * step)
    xy = np.array(to_utm.TransformPoints(np.c_[lon.ravel(), lat.ravel()].tolist()))[:, :2]
    col = np.floor((xy[:, 0] - GT[0]) / 30.0).astype(int).reshape(h, w)
    row = np.floor((GT[3] - xy[:, 1]) / 30.0).astype(int).reshape(h, w)
    inside = (col >= 0) & (col < 40) & (row >= 0) & (row < 40)
    geo = np.where(inside, labels[row.clip(0, 39), col.clip(0, 39)], 0).astype(np.uint8)
    got = assess_files(_write(tmp_path / "s.tif", score, nodata=-1.0),
                       _write(tmp_path / "r.tif", geo, gt=(lon0, step, 0.0, lat1, 0.0, -step), epsg=4326))
    _same(got, _expected(score, labels))


def _srs(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def test_reference_of_another_place_is_refused(tmp_path):
    s = _write(tmp_path / "s.tif", _scores((20, 20)))
    far = (GT[0] + 100000.0,) + GT[1:]
    with pytest.raises(InputError, match="The change map and the reference do not overlap; check that they "
                                         "show the same place and that their CRS are set."):
        assess_files(s, _write(tmp_path / "r.tif", _labels((20, 20)), gt=far))


@pytest.mark.parametrize("score_gt, ref_gt, which", [
    (None, None, "neither raster is georeferenced"),
    (GT, None, "the reference is not georeferenced"),
    (None, GT, "the change map is not georeferenced")])
def test_different_sizes_without_georeference_are_refused(tmp_path, score_gt, ref_gt, which):
    s = _write(tmp_path / "s.tif", _scores((20, 20)), gt=score_gt)
    r = _write(tmp_path / "r.tif", _labels((10, 12)), gt=ref_gt)
    with pytest.raises(InputError, match=f"20x20 pixels and the reference 12x10, and {which}, so they can "
                                         "only be compared pixel to pixel; georeference"):
        assess_files(s, r)


def test_reference_without_crs_on_another_grid_is_refused(tmp_path):
    s = _write(tmp_path / "s.tif", _scores((20, 20)))
    ds = gdal.GetDriverByName("GTiff").Create(str(tmp_path / "r.tif"), 10, 10, 1, gdal.GDT_Byte)
    ds.SetGeoTransform((500000.0, 60.0, 0.0, 3600000.0, 0.0, -60.0))
    ds = None
    with pytest.raises(InputError, match="The reference has no CRS while the change map has one"):
        assess_files(s, str(tmp_path / "r.tif"))


@pytest.mark.parametrize("kind", ["labels", "binary"])
@pytest.mark.parametrize("coarse", [False, True])
def test_many_strips_give_the_figures_of_whole_arrays(tmp_path, kind, coarse):
    shape = (1300, 30)  # several strips (accuracy_io.STRIP_ROWS = 512, in whole blocks)
    score = _scores(shape, seed=3)
    fine = _labels((650, 15), seed=4).repeat(2, 0).repeat(2, 1)
    if kind == "binary":
        fine = (fine == 2).astype(np.uint8) * 255
    reference = fine[::2, ::2] if coarse else fine
    gt = (GT[0], 60.0, 0.0, GT[3], 0.0, -60.0) if coarse else GT
    got = assess_files(_write(tmp_path / "s.tif", score, nodata=-1.0),
                       _write(tmp_path / "r.tif", reference, gt=gt), reference_kind=kind)
    _same(got, _expected(score, fine, kind))
    assert got.auc is not None and got.n_labelled > 1000


def test_a_value_outside_the_kind_is_refused_wherever_it_is(tmp_path):
    score = _scores((1300, 4))
    score[-1] = -1.0                      # the bad label lies under nodata in the last strip
    ref = np.ones((1300, 4), np.uint8)
    ref[-1, 0] = 7
    with pytest.raises(InputError, match=r"values \[7\] outside 0"):
        assess_files(_write(tmp_path / "s.tif", score, nodata=-1.0), _write(tmp_path / "r.tif", ref))
