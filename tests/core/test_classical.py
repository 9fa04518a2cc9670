import os

import numpy as np
import pytest
from numpy.lib.stride_tricks import sliding_window_view
from osgeo import gdal

from metric_cd_plugin.core.accuracy.assess import assess
from metric_cd_plugin.core.classical.run import METHODS
from classical_arrays import detect_classical, run_classical
from metric_cd_plugin.core.classical.cva import cva_score
from metric_cd_plugin.core.classical.irmad import IrmadModel, _weighted_moments, cca, fit_irmad
from metric_cd_plugin.core.classical.pcakmeans import kmeans_two, project_neighbourhoods
from metric_cd_plugin.core.errors import Cancelled, InputError

from conftest import SAMPLE  # noqa: E402


def synthetic_pair(size=64, bands=3, seed=0):
    """T2 is a linear radiometric change of T1 plus noise, except in a square where the
    spectrum is replaced; a border strip is nodata. -> (raw1, raw2, valid, truth)."""
    rng = np.random.default_rng(seed)
    smooth = rng.random((bands, size // 8, size // 8)).repeat(8, axis=1).repeat(8, axis=2)
    t1 = (0.6 * smooth + 0.4 * rng.random((bands, size, size))).astype(np.float32) * 200 + 20
    gain = np.array([0.8, 1.1, 0.9, 1.0, 1.2, 0.7][:bands], np.float32)[:, None, None]
    t2 = gain * t1 + 15 + rng.normal(0, 2, t1.shape).astype(np.float32)
    truth = np.zeros((size, size), bool)
    truth[20:40, 24:44] = True
    t2[:, truth] = t2[::-1][:, truth] * 0.5 + 120  # swapped, shifted spectrum
    valid = np.ones((size, size), bool)
    valid[:, :3] = False
    return t1, t2, valid, truth


def normalised(t1, t2, valid):
    from metric_cd_plugin.core.normalise import Normaliser
    nm = Normaliser.fit(t1[:, valid].T, t2[:, valid].T)
    return nm.apply(t1, t2, valid)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_each_method_finds_the_changed_square(method):
    t1, t2, valid, truth = synthetic_pair()
    n1, n2 = normalised(t1, t2, valid)
    score, thr = run_classical(method, n1, n2, valid, t1, t2)
    assert score.dtype == np.float32 and score.shape == valid.shape
    assert np.isnan(score[~valid]).all() and np.isfinite(score[valid]).all()
    assert 0.0 <= np.nanmin(score) and np.nanmax(score) <= 1.0 and 0.0 <= thr <= 1.0
    a = assess(score, np.where(truth, 2, 1), threshold=thr)
    assert a.n_labelled == valid.sum()
    assert a.f1 > 0.8 and a.auc > 0.95


@pytest.mark.parametrize("method", sorted(METHODS))
def test_values_under_invalid_pixels_are_ignored(method):
    t1, t2, valid, _ = synthetic_pair()
    n1, n2 = normalised(t1, t2, valid)
    score, thr = run_classical(method, n1, n2, valid, t1, t2)
    garbage = [a.copy() for a in (n1, n2, t1, t2)]
    for g, value in zip(garbage, (5.0, -3.0, 1e6, -1e6)):
        g[:, ~valid] = value
    score_g, thr_g = run_classical(method, *garbage[:2], valid, *garbage[2:])
    assert np.array_equal(score, score_g, equal_nan=True) and thr == thr_g


@pytest.mark.parametrize("method", sorted(METHODS))
def test_identical_dates_give_no_change(method):
    t1, _, valid, _ = synthetic_pair()
    n1, _ = normalised(t1, t1, valid)
    score, thr = run_classical(method, n1, n1.copy(), valid, t1, t1.copy())
    assert not (score > thr).any()


@pytest.mark.parametrize("method", sorted(METHODS))
def test_small_change_in_a_corner_stays_small(method):
    rng = np.random.default_rng(4)
    n1 = rng.random((2, 40, 40)).astype(np.float32) * 0.2
    n2 = n1 + rng.normal(0, 0.01, n1.shape).astype(np.float32)
    n2[:, :3, :3] += 0.6
    valid = np.ones((40, 40), bool)
    score, thr = run_classical(method, n1, n2, valid)
    changed = score > thr
    assert changed[:3, :3].mean() >= 0.5 and changed.sum() < 40


def test_cva_hand_computed():
    n1 = np.zeros((2, 1, 3), np.float32)
    n2 = np.array([[[0.6, 0.0, 1.0]], [[0.8, 0.0, 1.0]]], np.float32)
    valid = np.array([[True, True, False]])
    score = cva_score(n1, n2, valid)
    assert score[0, 0] == pytest.approx(1.0 / np.sqrt(2.0))   # |(0.6, 0.8)| / sqrt(2)
    assert score[0, 1] == 0.0 and np.isnan(score[0, 2])


@pytest.mark.parametrize("h", [3, 4])
def test_neighbourhood_projection_matches_explicit_patches(h):
    rng = np.random.default_rng(3)
    diff = rng.random((2, 9, 11)).astype(np.float32)
    vecs = rng.normal(size=(h * h * 2, 3))
    mean = rng.random(h * h * 2)
    before, after = h // 2, h - h // 2 - 1
    pad = np.pad(diff, ((0, 0), (before, after), (before, after)), mode="symmetric")
    patches = sliding_window_view(pad, (h, h), axis=(1, 2))          # (C, H, W, h, h)
    flat = patches.transpose(1, 2, 3, 4, 0).reshape(9, 11, -1)      # (dy, dx, c) order
    expected = (flat - mean) @ vecs
    assert np.allclose(project_neighbourhoods(diff, mean, vecs, h), expected, atol=1e-5)


def test_kmeans_two_hand_computed():
    x = np.array([[0.0], [0.1], [0.2], [5.0], [5.2]])
    labels, cent = kmeans_two(x)
    assert labels.tolist() == [0, 0, 0, 1, 1]
    assert cent[:, 0] == pytest.approx([0.1, 5.1])


def test_irmad_is_invariant_to_affine_maps_of_a_date():
    t1, t2, valid, _ = synthetic_pair(size=32, bands=3, seed=1)
    x, y = t1[:, valid].T.astype(float), t2[:, valid].T.astype(float)
    mix = np.array([[2.0, 0.3, 0.0], [0.0, 1.0, -0.5], [0.1, 0.0, 0.7]])
    z = fit_irmad(x, y).chi_square(x, y)
    z_mixed = fit_irmad(x @ mix + 5.0, y).chi_square(x @ mix + 5.0, y)
    assert np.allclose(z, z_mixed, rtol=1e-6, atol=1e-6)


def test_irmad_mad_variates_are_standardised():
    # with unit weights (the first iteration) Z averages exactly B over the pixels
    t1, t2, valid, _ = synthetic_pair(size=32, bands=4, seed=2)
    x, y = t1[:, valid].T.astype(float), t2[:, valid].T.astype(float)
    mx, my, sxx, syy, sxy = _weighted_moments(np.concatenate([x, y], 1).T, np.ones(len(x)), 4)
    rho, a, b = cca(sxx, syy, sxy)
    assert np.all(np.diff(rho) >= 0) and 0.0 <= rho.min() and rho.max() <= 1.0
    assert IrmadModel(mx, my, a, b, rho, 1).chi_square(x, y).mean() == pytest.approx(4.0, rel=1e-6)


def test_run_classical_rejects_bad_input():
    n = np.zeros((3, 4, 4), np.float32)
    with pytest.raises(InputError, match="choose one of"):
        run_classical("sift", n, n, np.ones((4, 4), bool))
    with pytest.raises(InputError, match="Fewer than two"):
        run_classical("cva", n, n, np.zeros((4, 4), bool))
    with pytest.raises(InputError, match="pixel grid"):
        run_classical("cva", n, n, np.ones((5, 4), bool))


def test_detect_classical_on_bundled_sample():
    labels = gdal.Open(os.path.join(SAMPLE, "labels.tif")).ReadAsArray()
    calls = []
    score, thr, grid = detect_classical("pcakmeans", os.path.join(SAMPLE, "t1.tif"),
                                        os.path.join(SAMPLE, "t2.tif"),
                                        progress=lambda p, text: calls.append(p))
    assert (grid.width, grid.height) == (400, 400) and grid.geotransform is not None
    assert "UTM" in grid.projection or "32651" in grid.projection
    assert calls[0] == 0 and calls[-1] == 100
    assert assess(score, labels, threshold=thr).f1 > 0.9


def test_detect_classical_can_be_cancelled():
    with pytest.raises(Cancelled):
        detect_classical("cva", os.path.join(SAMPLE, "t1.tif"), os.path.join(SAMPLE, "t2.tif"),
                         cancel=lambda: True)


def test_irmad_masks_an_obvious_change_whose_scores_round_to_one_in_float32(tmp_path):
    """A near-exact linear relation outside the change makes Z huge there: the score
    Z / (Z + B) is 1.0 in float32 and the threshold 0.99999998. Compared in float32 (numpy's
    rule for a Python float against a float32 array) no score was above it: an empty mask."""
    from metric_cd_plugin.core.classical.output import write_classical
    from metric_cd_plugin.core.classical.request import ClassicalRequest
    from synthetic import write_raster
    rng = np.random.default_rng(3)
    t1 = rng.uniform(20, 220, (3, 48, 48))
    t2 = 0.9 * t1 + 10 + rng.normal(0, 1e-4, t1.shape)
    t2[:, 10:20, 10:20] = 250.0
    p1, p2 = write_raster(tmp_path / "t1.tif", t1), write_raster(tmp_path / "t2.tif", t2)
    for threshold in (None, 0.99999998):
        out, mask = str(tmp_path / "score.tif"), str(tmp_path / "mask.tif")
        result = write_classical(ClassicalRequest("irmad", p1, p2, out, mask, threshold=threshold))
        flags = gdal.Open(mask).ReadAsArray()
        assert flags[10:20, 10:20].all(), (threshold, result.threshold)
        assert np.float32(result.threshold) == 1.0 or threshold is None
