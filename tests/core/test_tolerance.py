"""Shift tolerance (core/deep/tolerance.py): matching each date within a few pixels of the
other, and the rule that decides where it applies."""
from dataclasses import replace

import numpy as np
import pytest
import torch
from osgeo import gdal, osr

from metric_cd_plugin.core.deep.request import PRESETS, DetectionRequest
from metric_cd_plugin.core.deep.run import detect_change
from metric_cd_plugin.core.deep.tolerance import (
    FINE_SHIFT, choose_shift, pixel_metres, tolerant_difference, tolerant_distance)
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import TINY, utm_wkt, write_raster


def _texture(seed=0, size=40, channels=3):
    return torch.rand(1, channels, size, size, generator=torch.Generator().manual_seed(seed))


def test_a_shifted_texture_matches_within_the_radius_and_not_beyond():
    a = _texture()
    b = torch.roll(a, shifts=(1, -1), dims=(2, 3))  # misregistered by one pixel on each axis
    valid = torch.ones(1, 1, 40, 40)
    inner = (slice(None), slice(None), slice(3, -3), slice(3, -3))
    assert float(tolerant_distance(a, b, valid, 0)[inner].mean()) > 0.2
    assert float(tolerant_distance(a, b, valid, 1)[inner].max()) == 0.0
    far = torch.roll(a, shifts=(3, 0), dims=(2, 3))
    assert float(tolerant_distance(a, far, valid, 2)[inner].min()) > 0.0


@pytest.mark.parametrize("new_in", ["t1", "t2"])
def test_an_object_in_one_date_only_still_counts(new_in):
    ground = torch.full((1, 3, 30, 30), 0.2)
    built = ground.clone()
    built[..., 12:16, 12:16] = 0.9
    a, b = (built, ground) if new_in == "t1" else (ground, built)
    d = tolerant_distance(a, b, torch.ones(1, 1, 30, 30), 2)
    assert torch.allclose(d[0, 0, 12:16, 12:16], torch.tensor(0.7))
    assert float(d[0, 0, :8].max()) == 0.0


def test_invalid_neighbours_are_never_a_match():
    a = torch.ones(1, 1, 10, 10)
    b = torch.zeros(1, 1, 10, 10)
    valid = torch.ones(1, 1, 10, 10)
    b[..., :, 5:] = 1.0          # equal to a there, but nodata: must not be matched
    valid[..., :, 5:] = 0.0
    d = tolerant_distance(a, b, valid, 2)
    assert torch.all(d[..., :, :5] == 1.0)


def test_fine_tuning_gets_the_same_distance_and_a_gradient():
    a, b = _texture(1).requires_grad_(True), _texture(2)
    valid = torch.ones(1, 1, 40, 40)
    d = tolerant_distance(a, b, valid, 2)
    with torch.no_grad():
        assert torch.equal(d, tolerant_distance(a, b, valid, 2))
    d.sum().backward()
    assert a.grad is not None and float(a.grad.abs().sum()) > 0


def test_radius_zero_is_the_plain_difference_and_the_input_is_per_band():
    rng = np.random.default_rng(0)
    n1, n2 = rng.normal(size=(2, 4, 16, 16)).astype(np.float32)
    valid = np.ones((16, 16), bool)
    np.testing.assert_array_equal(tolerant_difference(n1, n2, valid, 0), np.abs(n1 - n2))
    shifted = np.roll(n1, 1, axis=2)
    tol = tolerant_difference(n1, shifted, valid, 1)
    assert tol.shape == n1.shape and float(tol[:, 2:-2, 2:-2].max()) == 0.0


def _wkt(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    return srs.ExportToWkt()


LOCAL_METRES = 'LOCAL_CS["site grid",LOCAL_DATUM["site",0],UNIT["metre",1],AXIS["X",EAST],AXIS["Y",NORTH]]'
MERCATOR_60N = (1_000_000.0, 3.0, 0.0, 8_399_738.0, 0.0, -3.0)  # 3 m map units, 1.5 m on the ground


def test_pixel_size_in_metres_on_the_ground():
    assert pixel_metres((500000, 30.0, 0, 3500000, 0, -30.0), utm_wkt(), 100, 100) == pytest.approx(30.0, rel=0.01)
    assert pixel_metres((0, 1e-5, 0, 0, 0, -1e-5), _wkt(4326), 100, 100) == pytest.approx(1.11, abs=0.01)
    assert pixel_metres(MERCATOR_60N, _wkt(3857), 100, 100) == pytest.approx(1.5, abs=0.02)
    assert pixel_metres((0, 2.0, 0, 0, 0, -2.0), LOCAL_METRES, 100, 100) == pytest.approx(2.0)
    assert pixel_metres((0, 1.0, 0, 0, 0, 1.0), "", 100, 100) is None
    assert pixel_metres((0, 1.0, 0, 0, 0, 1.0), "not a CRS", 100, 100) is None


@pytest.mark.parametrize("kind, true_colour, gt, wkt, radius, why", [
    ("optical", True, (500000, 1.5, 0, 3500000, 0, -1.5), utm_wkt(), FINE_SHIFT, "1.5 m pixels"),
    ("optical", True, MERCATOR_60N, _wkt(3857), FINE_SHIFT, "1.5 m pixels"),
    ("optical", True, (0, 1.0, 0, 0, 0, 1.0), "", FINE_SHIFT, "unknown size"),
    ("optical", True, (0, 3e-4, 0, 0, 0, -3e-4), _wkt(4326), 0, "33.4 m pixels"),
    ("optical", True, (500000, 10.0, 0, 3500000, 0, -10.0), utm_wkt(), 0, "10 m pixels"),
    ("optical", False, (0, 1.0, 0, 0, 0, 1.0), "", 0, "multispectral"),
    ("sar", True, (0, 1.0, 0, 0, 0, 1.0), "", 0, "SAR"),
])
def test_the_automatic_rule(kind, true_colour, gt, wkt, radius, why):
    chosen, reason = choose_shift(None, kind, true_colour, gt, wkt, 100, 100)
    assert chosen == radius and why in reason and reason.startswith(f"{radius} px" if radius else "none")


def test_a_fixed_setting_wins_over_the_rule():
    assert choose_shift(0, "optical", True, None, "", 9, 9) == (0, "0 px: fixed by the preset or the user")
    assert choose_shift(1, "sar", False, None, "", 9, 9)[0] == 1
    with pytest.raises(ValueError, match="shift_tolerance"):
        replace(PRESETS["fast"], shift_tolerance=-1)
    with pytest.raises(ValueError, match="still automatic"):
        PRESETS["fast"].shift  # the engine refuses to guess


def _photo_pair(tmp_path, size=96):
    """Ungeoreferenced RGB, seen one pixel off at T2: a finely textured village on the
    left, smooth fields on the right, and a new roof in the fields."""
    rng = np.random.default_rng(0)
    t1 = np.full((3, size, size), 110.0) + rng.normal(0, 2, (3, size, size))
    t1[:, :, :size // 3] = np.kron(rng.uniform(40, 200, (3, size // 4, size // 12)), np.ones((4, 4)))  # 4-px roofs
    t2 = np.roll(t1, 1, axis=2) + rng.normal(0, 2, t1.shape)
    roof = np.zeros((size, size), bool)
    roof[40:56, 64:80] = True
    t2[:, roof] = 170.0
    paths = [write_raster(tmp_path / f"{n}.tif", np.clip(a, 0, 255).astype(np.uint8), gt=None)
             for n, a in (("t1", t1), ("t2", t2))]
    village = np.zeros_like(roof)
    village[:, 4:size // 3 - 4] = True
    return paths, roof, village


def test_a_photograph_is_matched_within_two_pixels_and_ranks_its_texture_below_a_new_roof(tmp_path):
    (t1, t2), roof, village = _photo_pair(tmp_path)
    ranked, meta = {}, {}
    for name, extra in (("auto", {}), ("off", {"shift_tolerance": 0})):
        out = str(tmp_path / f"{name}.tif")
        res = detect_change(DetectionRequest(t1, t2, out, weights="random", overrides={**TINY, **extra}))
        pc = gdal.Open(out).ReadAsArray()
        ranked[name] = float((pc[roof][:, None] > pc[village][None, :]).mean())  # AUC, roof against village
        meta[name] = read_run_metadata(out)
        assert (pc[roof] > res.threshold).mean() > 0.9  # the new roof is found either way
    assert meta["auto"]["preset"]["shift_tolerance"] == FINE_SHIFT
    assert "unknown size" in meta["auto"]["shift_tolerance_reason"]
    assert meta["off"]["preset"]["shift_tolerance"] == 0
    assert meta["off"]["shift_tolerance_reason"].startswith("0 px: fixed")
    assert DetectionRequest(**meta["auto"]["request"]).overrides == TINY  # a repeat chooses again
    # pixel by pixel, the misregistered texture looks nearly as changed as the roof
    assert ranked["auto"] > ranked["off"] + 0.1


def test_a_photograph_with_d_fe_fine_tuning_runs_matched(tmp_path):
    (t1, t2), roof, _ = _photo_pair(tmp_path)
    out = str(tmp_path / "p.tif")
    res = detect_change(DetectionRequest(t1, t2, out, weights="random", finetune_fe=True,
                                         overrides={**TINY, "iterations": 10}))
    assert res.metadata["preset"]["finetune_fe"] and res.metadata["preset"]["shift_tolerance"] == FINE_SHIFT
    assert float(gdal.Open(out).ReadAsArray()[roof].mean()) > 0.5


def test_tiles_read_the_matched_pixels_around_their_core(tmp_path):
    from metric_cd_plugin.core.deep.networks import DCPG
    from metric_cd_plugin.core.deep.predict import plan
    from metric_cd_plugin.core.raster.pair import RasterPair
    (t1, t2), _, _ = _photo_pair(tmp_path, size=192)
    pair = RasterPair(t1, t2)
    for shift in (0, FINE_SHIFT):
        net = DCPG(3, 8, 2, input_shift=shift)
        inner = [t for t in plan(net, pair, 48, 2.0) if t.cx > 0 and t.cy > 0]
        assert inner and all(t.cx - t.x == net.receptive_radius + shift + 6 for t in inner)
    pair.close()


def test_fine_tuned_feature_maps_match_like_the_cached_pool():
    from metric_cd_plugin.core.deep.features import pair_distances
    from metric_cd_plugin.core.deep.fit import FitPool, calibrate, finetuned_feature_maps
    from metric_cd_plugin.core.deep.networks import load_vgg16
    fe = load_vgg16("random", 0)
    rgb1, rgb2 = _texture(3, 32), torch.roll(_texture(3, 32), 1, dims=3)
    valid = torch.ones(1, 1, 32, 32)
    maps, scales = calibrate([(tolerant_distance(rgb1, rgb2, valid, 2), valid)]
                             + pair_distances(fe, rgb1, rgb2, valid, 3, 1, shift=2))
    pool = FitPool(rgb1, rgb1, rgb2, valid, maps, scales)
    fresh = finetuned_feature_maps(fe, pool, torch.tensor([0]), 3, 2)
    for (d, _), (cached, _) in zip(fresh, pool.maps[1:]):
        torch.testing.assert_close(d.detach(), cached)
