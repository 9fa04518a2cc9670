import numpy as np
import pytest

from metric_cd_plugin.core.errors import InputError
from metric_cd_plugin.core.normalise import Normaliser, invariant_regression_map, regression_map


def test_regression_recovers_known_linear_map():
    rng = np.random.default_rng(1)
    t1 = rng.normal(100, 20, (5000, 3))
    true_a = np.array([[0.8, 0.1, 0.0], [0.0, 1.2, -0.2], [0.05, 0.0, 0.9]])
    t2 = (t1 - t1.mean(0)) @ true_a.T + np.array([10.0, 50.0, 30.0])
    a, m1, m2 = regression_map(t1, t2)
    np.testing.assert_allclose(a, true_a, atol=1e-8)
    mapped = (t1 - m1) @ a.T + m2
    np.testing.assert_allclose(mapped, t2, atol=1e-6)


def test_constant_band_does_not_break_regression():
    rng = np.random.default_rng(2)
    t1 = rng.normal(100, 20, (1000, 2))
    t1[:, 1] = 7.0  # singular covariance
    t2 = t1 * 0.5
    t2[:, 1] = 3.0
    a, _, _ = regression_map(t1, t2)
    assert np.all(np.isfinite(a))
    norm = Normaliser.fit(t1, t2)
    n1, n2 = norm.apply(t1.T.reshape(2, 10, 100), t2.T.reshape(2, 10, 100))
    assert np.all(np.isfinite(n1)) and n1.min() >= 0 and n1.max() <= 1


def test_scaling_is_shared_clipped_and_invalid_pixels_zeroed():
    rng = np.random.default_rng(3)
    s = rng.uniform(0, 1000, (4000, 4))
    norm = Normaliser.fit(s, s)
    x = rng.uniform(0, 1000, (4, 8, 8)).astype(np.float32)
    x[:, 0, 0] = 1e6  # an outlier is clipped, not stretching the range
    valid = np.ones((8, 8), bool)
    valid[1, 1] = False
    n1, n2 = norm.apply(x, x, valid)
    assert n1.max() <= 1.0 and n1.min() >= 0.0
    np.testing.assert_allclose(n1, n2, atol=1e-5)  # identical dates stay identical
    assert n1[:, 0, 0].tolist() == [1.0] * 4 and np.all(n1[:, 1, 1] == 0)


def test_feature_input_is_rgb_when_named_and_pca_otherwise():
    rng = np.random.default_rng(4)
    s = rng.uniform(0, 1, (2000, 6))
    rgb = Normaliser.fit(s, s, rgb=[2, 1, 0])
    assert rgb.is_true_colour and rgb.proj[0, 2] == 1
    pca = Normaliser.fit(s, s)
    assert not pca.is_true_colour and pca.proj.shape == (3, 6)
    out = pca.to_rgb(rng.uniform(0, 1, (6, 5, 5)).astype(np.float32))
    assert out.shape == (3, 5, 5) and out.min() >= 0 and out.max() <= 1
    assert Normaliser.fit(s[:, :1], s[:, :1]).to_rgb(np.ones((1, 2, 2), np.float32)).shape == (3, 2, 2)


def test_too_few_valid_pixels_is_a_clear_error():
    with pytest.raises(InputError, match="valid on both dates"):
        Normaliser.fit(np.zeros((1, 3)), np.zeros((1, 3)))


def test_invariant_refit_is_not_pulled_by_large_change():
    # 20 % of the pixels changed (much brighter in T2): a fit on every pixel (error 16) takes part of
    # the change for the radiometric difference; the refit on pseudo-invariant pixels
    # recovers the no-change relation T2 = 0.8 T1 + 10
    rng = np.random.default_rng(3)
    s1 = rng.uniform(0, 200, (20000, 3))
    s2 = 0.8 * s1 + 10 + rng.normal(0, 1, s1.shape)
    changed = rng.random(len(s1)) < 0.2
    s2[changed] += 80
    for fit, close in ((regression_map, False), (invariant_regression_map, True)):
        a, m1, m2 = fit(s1, s2)
        mapped = (s1[~changed] - m1) @ a.T + m2
        error = np.abs(mapped - s2[~changed]).mean()
        assert (error < 2.0) == close, (fit.__name__, error)


def test_invariant_offset_refit_keeps_the_slope_of_every_pixel():
    rng = np.random.default_rng(4)
    s1 = rng.uniform(0, 200, (5000, 2))
    s2 = 1.2 * s1 + rng.normal(0, 1, s1.shape)
    s2[:1000] += 60
    a_all, _, _ = regression_map(s1, s2)
    a_off, m1, m2 = invariant_regression_map(s1, s2, slope=False)
    np.testing.assert_array_equal(a_off, a_all)
    assert np.abs(m2 - 1.2 * m1).max() < 1.0  # the offset of the unchanged 80 %
