import math

import numpy as np
import pytest

from metric_cd_plugin.core.thresholds import (DECISION_OTSU_RULE, DECISION_RULE, histogram, kittler_illingworth,
                                              minimum_error_gamma, otsu, otsu_from_histogram)


def test_otsu_two_clean_clusters_cut_half_way():
    assert otsu(np.array([0, 0, 0, 1, 1, 1], float)) == pytest.approx(0.5)


def test_otsu_ignores_nan_and_inf():
    v = np.array([0, np.nan, 0, 1, np.inf, 1, np.nan])
    assert otsu(v) == pytest.approx(0.5)


def test_otsu_from_histogram_hand_computed():
    # centres .5 1.5 2.5 3.5 4.5; between-class variance 27/16 for the first split and
    # 49/16 for the three splits that put the two low bins apart from the high one.
    counts = np.array([1, 1, 0, 0, 2])
    edges = np.arange(6, dtype=float)
    assert otsu_from_histogram(counts, edges) == pytest.approx(3.0)


def test_otsu_constant_input_gives_no_change():
    v = np.full(10, 5.0)
    t = otsu(v)
    assert np.isfinite(t) and not (v > t).any()


def test_otsu_empty_is_nan():
    assert math.isnan(otsu(np.array([np.nan])))


def test_kittler_illingworth_symmetric_histogram():
    counts = np.array([1, 2, 1, 0, 1, 2, 1])
    edges = np.arange(8, dtype=float)
    assert kittler_illingworth(counts, edges) == pytest.approx(3.5)


def _naive_split(counts, edges, criterion, tol):
    """Direct loop over splits with a criterion of the two classes (counts, centres of each,
    the Sheppard floor, the total), to check the vectorised versions."""
    centres = (edges[:-1] + edges[1:]) / 2
    floor = np.diff(edges).mean() ** 2 / 12
    best, best_k = np.inf, None
    for k in range(len(counts) - 1):
        c0, x0, c1, x1 = counts[:k + 1], centres[:k + 1], counts[k + 1:], centres[k + 1:]
        if c0.sum() == 0 or c1.sum() == 0:
            continue
        j = criterion(c0, x0, c1, x1, floor, counts.sum())
        if j < best - tol:
            best, best_k = j, k
    return edges[best_k + 1]


def _moments(c, x):
    m = (c * x).sum() / c.sum()
    return m, (c * (x - m) ** 2).sum() / c.sum()


def _ki_criterion(c0, x0, c1, x1, floor, n):
    (_, v0), (_, v1) = _moments(c0, x0), _moments(c1, x1)
    p0, p1 = c0.sum() / n, c1.sum() / n
    return p0 * np.log(v0 + floor) + p1 * np.log(v1 + floor) - 2 * (p0 * np.log(p0) + p1 * np.log(p1))


def _gamma_criterion(c0, x0, c1, x1, floor, n):
    """Gamma lower class, Gaussian upper class: minus the log-likelihood."""
    from math import lgamma
    m0, v0 = _moments(c0, x0)
    shape, scale = m0 * m0 / (v0 + floor), (v0 + floor) / m0
    ll0 = (c0 * (-lgamma(shape) - shape * np.log(scale) + (shape - 1) * np.log(x0) - x0 / scale)).sum()
    _, v1 = _moments(c1, x1)
    ll1 = -0.5 * c1.sum() * (np.log(2 * np.pi * (v1 + floor)) + v1 / (v1 + floor))
    return -(ll0 + ll1 + c0.sum() * np.log(c0.sum() / n) + c1.sum() * np.log(c1.sum() / n))


def test_kittler_illingworth_matches_naive_loop():
    counts = np.array([5, 40, 80, 30, 6, 1, 2, 4, 7, 5, 3, 1])
    edges = np.linspace(0, 12, 13)
    assert kittler_illingworth(counts, edges) == pytest.approx(_naive_split(counts, edges, _ki_criterion, 1e-12))


def test_kittler_illingworth_handles_unequal_variances_better_than_otsu():
    rng = np.random.default_rng(0)
    v = np.concatenate([rng.normal(0, 1, 20000), rng.normal(8, 3, 2000)])
    counts, edges = histogram(v, 256)
    ki, ot = kittler_illingworth(counts, edges), otsu_from_histogram(counts, edges)
    truth = np.r_[np.zeros(20000, bool), np.ones(2000, bool)]
    err_ki = np.mean((v > ki) != truth)
    err_ot = np.mean((v > ot) != truth)
    assert 2.0 < ki < 6.0
    assert err_ki <= err_ot


def test_minimum_error_gamma_matches_naive_loop():
    counts = np.array([5, 40, 80, 30, 6, 1, 2, 4, 7, 5, 3, 1])
    edges = np.linspace(0, 12, 13)
    assert minimum_error_gamma(counts, edges) == pytest.approx(_naive_split(counts, edges, _gamma_criterion, 1e-9))


def test_a_gamma_no_change_class_is_not_split_in_its_tail():
    """Right-skewed no change (gamma, as speckle's evidence) and 1 % change: Gaussian classes
    hand the skewed tail to "change" and flag several times the change; a gamma lower class
    keeps the tail, and flags about the change."""
    rng = np.random.default_rng(3)
    v = np.concatenate([rng.gamma(4.0, 0.25, 99000), rng.normal(4.0, 0.6, 1000)])
    counts, edges = histogram(v, 512, (0.0, float(np.percentile(v, 99.9))))
    gauss, gamma = kittler_illingworth(counts, edges, 0.005), minimum_error_gamma(counts, edges, 0.005)
    assert gamma > gauss
    assert np.mean(v > gamma) < 0.02 < np.mean(v > gauss)  # 1 % changed


def test_minimum_error_gamma_says_when_the_class_size_floor_decides():
    """Speckle-like evidence with no change: the gamma criterion keeps falling as the upper
    "class" shrinks to the floor; that is no class, so NaN, and the SAR margin falls back
    to the Gaussian split (the rule's name says so)."""
    from metric_cd_plugin.core.deep.decision import GAMMA, GAMMA_FELL_BACK, GAUSSIAN, margin_from_evidence
    rng = np.random.default_rng(4)
    calm = rng.gamma(4.0, 0.25, 100000)
    counts, edges = histogram(calm, 512, (0.0, float(np.percentile(calm, 99.9))))
    assert np.isnan(minimum_error_gamma(counts, edges, 0.005))
    assert np.isfinite(minimum_error_gamma(counts, edges))  # without a floor there is always a best split
    margin, rule = margin_from_evidence(calm, "sar")
    assert rule == GAMMA_FELL_BACK and (margin, GAUSSIAN) == margin_from_evidence(calm, "optical")
    changed = np.concatenate([calm, rng.normal(4.0, 0.6, 1000)])
    sar, optical = margin_from_evidence(changed, "sar"), margin_from_evidence(changed, "optical")
    assert sar[1] == GAMMA and optical[1] == GAUSSIAN
    assert sar[0] > optical[0]  # the skewed tail stays no change
    with pytest.raises(ValueError):
        margin_from_evidence(changed, "auto")  # the engine gets the resolved kind, never "auto"


def test_minimum_error_gamma_degenerate_histograms():
    edges = np.linspace(0, 4, 5)
    assert minimum_error_gamma(np.array([0, 7, 0, 0]), edges) == 2.0  # one bin: above every value
    assert np.isnan(minimum_error_gamma(np.zeros(4), edges))


def test_the_engines_otsu_never_cuts_above_every_pixel():
    """A bimodal Pc whose last bin is populated: the split after it has no pixel above, and
    a rounding error there once won (threshold 1.0, an empty mask)."""
    from metric_cd_plugin.core.deep.decision import auto_threshold
    rng = np.random.default_rng(1)
    pc = np.concatenate([rng.beta(2, 8, 100000), rng.beta(8, 2, 20000)])
    edges = np.linspace(0.0, 1.0, 1001)
    counts, _ = np.histogram(pc, edges)
    threshold, rule = auto_threshold(counts, edges)
    assert rule == "otsu" and 0.3 < threshold < 0.7
    assert threshold == otsu_from_histogram(counts, edges)
    assert auto_threshold(np.zeros(1000), edges) == (0.5, "0.5 (no valid pixel)")


def test_the_fast_rule_keeps_the_decision_unless_otsu_cuts_above_it():
    """decision-otsu: Otsu's split of Pc where it lies above 0.5 (a separate mode of change),
    else the decision 0.5; an empty histogram gives the decision."""
    from metric_cd_plugin.core.deep.decision import auto_threshold
    rng = np.random.default_rng(2)
    edges = np.linspace(0.0, 1.0, 1001)
    # no change below 0.5, a fringe just above it, the change mode near 1
    fringe = np.concatenate([rng.uniform(0.2, 0.5, 85000), rng.uniform(0.5, 0.6, 10000), rng.uniform(0.85, 1.0, 5000)])
    counts, _ = np.histogram(fringe, edges)
    threshold, rule = auto_threshold(counts, edges, "decision-otsu")
    assert threshold == otsu_from_histogram(counts, edges) and 0.6 < threshold < 0.85
    assert rule == DECISION_OTSU_RULE
    below = np.concatenate([rng.uniform(0.0, 0.2, 50000), rng.uniform(0.3, 0.45, 50000), rng.uniform(0.5, 1.0, 500)])
    counts, _ = np.histogram(below, edges)
    assert otsu_from_histogram(counts, edges) < 0.5
    assert auto_threshold(counts, edges, "decision-otsu") == (0.5, DECISION_RULE)
    assert auto_threshold(np.zeros(1000), edges, "decision-otsu") == (0.5, DECISION_RULE)
