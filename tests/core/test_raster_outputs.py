"""Inputs of any type and validity convention give a correct GeoTIFF: UInt16 and Float32
data, nodata and NaN borders, mask and alpha bands; the run's parameters round-trip
through the metadata; overviews; nothing left behind on cancel."""
import json
import os
from dataclasses import asdict

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.deep import run as pipeline
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.deep.request import DetectionRequest as _DetectionRequest
from metric_cd_plugin.core.errors import Cancelled
from metric_cd_plugin.core.normalise import Normaliser
from metric_cd_plugin.core.raster.pair import RasterPair
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import GT, TINY, change_pair, write_raster


def DetectionRequest(*args, **kw):  # noqa: N802 (stands for the class) -- tests never download weights
    kw.setdefault("weights", "random")
    return _DetectionRequest(*args, **kw)


SIZE = 64


def arrays(tmp_path):
    """(t1, t2, changed) float arrays of a 64x64 3-band pair with a changed square."""
    folder = tmp_path / "source"
    folder.mkdir()
    t1, t2, changed = change_pair(folder, size=SIZE)
    return gdal.Open(t1).ReadAsArray(), gdal.Open(t2).ReadAsArray(), changed


def detect(tmp_path, t1, t2, name="out", **kw):
    req = DetectionRequest(t1, t2, str(tmp_path / f"{name}.tif"), str(tmp_path / f"{name}_mask.tif"),
                           overrides=dict(TINY), **kw)
    res = pipeline.detect_change(req)
    return res, gdal.Open(res.output).ReadAsArray(), gdal.Open(res.mask_output).ReadAsArray()


def test_uint16_and_float32_with_nodata_and_nan_borders(tmp_path):
    a1, a2, changed = arrays(tmp_path)
    t1 = (a1 * 40).astype(np.uint16)          # 16-bit reflectance-like counts, nodata 0
    t1[:, :, :5] = 0
    t2 = (a2 / 255.0).astype(np.float32)      # Float32 reflectance, NaN where unknown
    t2[:, :4] = np.nan
    p1 = write_raster(tmp_path / "t1_u16.tif", t1, nodata=0)
    p2 = write_raster(tmp_path / "t2_f32.tif", t2)
    assert gdal.Open(p1).GetRasterBand(1).DataType == gdal.GDT_UInt16
    res, prob, mask = detect(tmp_path, p1, p2)
    invalid = np.zeros((SIZE, SIZE), bool)
    invalid[:, :5] = invalid[:4] = True
    assert (prob[invalid] == -1).all() and (mask[invalid] == 255).all()
    assert (prob[~invalid] >= 0).all() and set(np.unique(mask[~invalid])) <= {0, 1}
    assert np.percentile(prob[changed & ~invalid], 10) > np.percentile(prob[~changed & ~invalid], 90)


def with_dataset_mask(path, valid):
    """Give the GeoTIFF an internal per-dataset mask band (0 = no data)."""
    ds = gdal.Open(path, gdal.GA_Update)
    ds.CreateMaskBand(gdal.GMF_PER_DATASET)
    ds.GetRasterBand(1).GetMaskBand().WriteArray(valid.astype(np.uint8) * 255)
    ds = None
    return path


def rgba(path, data, alpha, **kw):
    """A 4-band GeoTIFF whose last band is an alpha band."""
    write_raster(path, np.concatenate([data, alpha[None]]).astype(np.uint8), **kw)
    ds = gdal.Open(str(path), gdal.GA_Update)
    ds.GetRasterBand(4).SetColorInterpretation(gdal.GCI_AlphaBand)
    ds = None
    return str(path)


@pytest.mark.parametrize("t2_grid", ["same", "wgs84"])
def test_mask_band_and_alpha_band_mark_nodata_and_alpha_is_not_a_band(tmp_path, t2_grid):
    a1, a2, changed = arrays(tmp_path)
    hole1 = np.zeros((SIZE, SIZE), bool)
    hole1[40:, :12] = True                   # T1's mask band says no data here
    hole2 = np.zeros((SIZE, SIZE), bool)
    hole2[:10, 50:] = True                   # T2's alpha says no data here
    a1[:, hole1] = 255                       # values under the mask that must not count
    t1 = with_dataset_mask(write_raster(tmp_path / "t1.tif", a1.astype(np.uint8)), ~hole1)
    t2 = rgba(tmp_path / "t2_rgba.tif", np.where(hole2, 0, a2), np.where(hole2, 0, 255))
    if t2_grid == "wgs84":  # the alpha (and the footprint) must survive the warp onto T1's grid
        warped = str(tmp_path / "t2_wgs84.tif")
        gdal.Warp(warped, t2, dstSRS="EPSG:4326", resampleAlg="near")
        t2 = warped
    pair = RasterPair(t1, t2)
    assert pair.bands2 == [1, 2, 3] and pair.nbands == 3
    _, _, valid = pair.read(0, 0, SIZE, SIZE)
    holes = hole1 | hole2
    if t2_grid == "wgs84":  # two nearest-neighbour warps may move T2's hole edge by a pixel
        holes = hole1 | (hole2 & np.roll(hole2, 1, 1) & np.roll(hole2, -1, 0) & np.roll(hole2, 1, 0))
    inner = np.zeros((SIZE, SIZE), bool)
    inner[2:-2, 2:-2] = True
    assert not valid[holes].any()
    assert valid[~hole1 & ~hole2 & inner].mean() > 0.97
    res, prob, mask = detect(tmp_path, t1, t2)
    assert (prob[holes] == -1).all() and (mask[holes] == 255).all()
    assert (prob[valid] >= 0).all()


def test_nodata_and_alpha_on_one_raster_both_count(tmp_path):
    a1, a2, _ = arrays(tmp_path)
    data = a2.astype(np.uint8)
    data[:, :3] = 7                           # nodata value on three rows
    alpha = np.full((SIZE, SIZE), 255)
    alpha[:, :2] = 0                          # alpha 0 on two columns
    t2 = rgba(tmp_path / "t2.tif", data, alpha, nodata=7)
    t1 = write_raster(tmp_path / "t1.tif", a1.astype(np.uint8))
    _, _, valid = RasterPair(t1, t2).read(0, 0, SIZE, SIZE)
    assert not valid[:3].any() and not valid[:, :2].any() and valid[3:, 2:].all()


def test_invalid_pixels_never_reach_the_normalisation_statistics(tmp_path):
    a1, a2, _ = arrays(tmp_path)
    invalid = np.zeros((SIZE, SIZE), bool)
    invalid[:, :16] = True

    def fitted(name, garbage):
        """Normaliser fitted on a pair whose invalid pixels (nodata on T1, NaN on T2, mask
        band on T1) hold the given garbage values in the other date."""
        folder = tmp_path / name
        folder.mkdir()
        b1 = np.where(invalid, garbage, a1).astype(np.float32)
        b1[:, :, :4] = -9999.0
        b2 = np.where(invalid, garbage, a2).astype(np.float32)
        b2[:, :, 4:8] = np.nan
        hole = np.zeros((SIZE, SIZE), bool)
        hole[:, 8:16] = True
        t1 = with_dataset_mask(write_raster(folder / "t1.tif", b1, nodata=-9999), ~hole)
        t2 = write_raster(folder / "t2.tif", b2)
        pair = RasterPair(t1, t2)
        s1, s2 = pair.sample_pixels(100_000, np.random.default_rng(0))
        assert len(s1) == (~invalid).sum() and s1.max() <= 255 and s2.max() <= 255
        return Normaliser.fit(s1, s2, pair.rgb_bands())

    a, b = fitted("small_garbage", 1.0), fitted("huge_garbage", 1e6)
    for field in ("a", "m1", "m2", "lo", "hi", "proj"):
        np.testing.assert_array_equal(getattr(a, field), getattr(b, field))


def test_run_metadata_round_trip_repeats_the_run(tmp_path):
    t1, t2, _ = change_pair(tmp_path, size=SIZE)
    extent = (GT[0] + 4 * 30, GT[3] - 60 * 30, GT[0] + 60 * 30, GT[3] - 2 * 30)
    res, prob, _ = detect(tmp_path, t1, t2, bands1=[3, 2, 1], bands2=[3, 2, 1], seed=5,
                          threshold=0.4, extent=extent)
    meta = read_run_metadata(res.output)
    assert read_run_metadata(res.mask_output) == meta
    request = meta["request"]
    expected = json.loads(json.dumps(asdict(res_request(res, t1, t2, extent))))
    expected.pop("metadata")  # entries added to the run's metadata (a batch's fingerprint), not to its request
    assert request == expected  # every other DetectionRequest field, with its type
    assert isinstance(request["overrides"], dict) and request["extent"] == list(extent)
    assert meta["preset"]["tile"] == TINY["tile"] and isinstance(meta["preset"]["lr"], float)
    assert meta["seed"] == 5 and meta["threshold"] == 0.4 and meta["bands1"] == [3, 2, 1]
    assert meta["threshold_rule"] == "user value" and meta["t1"] == t1
    assert isinstance(meta["timings_s"]["total"], float) and meta["alignment"] == res.alignment
    assert prob.shape == (58, 56)
    # the stored request repeats the run exactly
    request.update(output=str(tmp_path / "again.tif"), mask_output=None)
    again = pipeline.detect_change(DetectionRequest(**request))
    np.testing.assert_array_equal(gdal.Open(again.output).ReadAsArray(), prob)


def res_request(res, t1, t2, extent):
    return DetectionRequest(t1, t2, res.output, res.mask_output, [3, 2, 1], [3, 2, 1], seed=5,
                            threshold=0.4, extent=extent, overrides=dict(TINY))


def test_large_output_has_overviews_statistics_and_classical_metadata(tmp_path):
    rng = np.random.default_rng(0)
    t1 = rng.uniform(0, 200, (2, 700, 600)).astype(np.float32)
    t2 = t1 + rng.normal(0, 5, t1.shape).astype(np.float32)
    t2[:, 100:200, 100:200] += 80
    p1, p2 = write_raster(tmp_path / "t1.tif", t1), write_raster(tmp_path / "t2.tif", t2)
    out, mask = str(tmp_path / "cva.tif"), str(tmp_path / "cva_mask.tif")
    write_classical(ClassicalRequest("cva", p1, p2, out, mask, bands1=[1, 2],
                                     extent=(GT[0], GT[3] - 600 * 30, GT[0] + 550 * 30, GT[3])))
    for path in (out, mask):
        ds = gdal.Open(path)  # kept alive while its band is used
        band = ds.GetRasterBand(1)
        assert (band.XSize, band.YSize) == (550, 600)
        assert band.GetOverviewCount() >= 1
        assert (band.GetOverview(0).XSize, band.GetOverview(0).YSize) == (275, 300)
        assert band.GetMetadataItem("STATISTICS_MEAN") is not None
    meta = read_run_metadata(out)
    # the provenance of a deep run: the method's name, the bands read, and the request to repeat it
    assert meta["method"] == "Change Vector Analysis (CVA)" and meta["bands1"] == [1, 2]
    assert meta["request"]["method"] == "cva" and meta["request"]["bands1"] == [1, 2]
    assert meta["request"]["bands2"] is None and len(meta["bands2"]) == 2
    assert meta["extent"] == [GT[0], GT[3] - 600 * 30, GT[0] + 550 * 30, GT[3]]
    assert isinstance(meta["threshold"], float) and "share one pixel grid" in meta["alignment"]


@pytest.mark.parametrize("stop_at", [2.0, 50.0, 90.0, 99.0])
def test_cancel_leaves_no_file_even_when_t2_is_warped(tmp_path, stop_at):
    t1, t2, _ = change_pair(tmp_path, size=SIZE)
    warped = str(tmp_path / "t2_wgs84.tif")
    gdal.Warp(warped, t2, dstSRS="EPSG:4326", dstAlpha=True)
    before = sorted(os.listdir(tmp_path))
    seen = []
    req = DetectionRequest(t1, warped, str(tmp_path / "out.tif"), str(tmp_path / "mask.tif"),
                           overrides=dict(TINY))
    with pytest.raises(Cancelled):
        pipeline.detect_change(req, lambda p, text: seen.append(p), lambda: bool(seen) and seen[-1] >= stop_at)
    seen = []
    with pytest.raises(Cancelled):
        write_classical(ClassicalRequest("irmad", t1, warped, str(tmp_path / "s.tif"), str(tmp_path / "m.tif")),
                        progress=lambda p, text: seen.append(p), cancel=lambda: bool(seen) and seen[-1] >= stop_at)
    assert sorted(os.listdir(tmp_path)) == before
