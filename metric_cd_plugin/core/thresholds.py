"""Label-free thresholds for a change score: Otsu (maximum between-class variance) and
Kittler-Illingworth (minimum error, with Gaussian classes or a gamma lower class). All work
on a histogram, so a large raster can be thresholded from counts accumulated window by
window with :func:`histogram`.

Convention everywhere in the project: a pixel is change where ``score > threshold``, decided
by :func:`is_change` alone (the mask, the summary, `threshold` and a batch's count).
When several splits are equally good (e.g. empty bins between two clusters), the threshold
is the middle of the first plateau of best splits, not its first edge, so that two clean
clusters are cut half-way between them."""
from typing import Optional, Tuple, Union

import numpy as np


def parse_threshold(value: Union[str, float, None]) -> Optional[float]:
    """A user's threshold: None, '' or 'auto' -> None (the method's label-free rule), else a
    probability in [0, 1]; anything else is an InputError. The rule is the run schema's
    (core/request), which the front ends parse once at the edge."""
    from .request.parse import checked
    return checked("threshold", value)


def is_change(scores: np.ndarray, threshold: float) -> np.ndarray:
    """The one counting rule: change where the score, as the Float32 file holds it, is above
    the threshold compared in float64. numpy compares a float32 array with a Python float in
    float32, where a threshold such as 0.99999998 becomes 1.0 and no score is above it; and a
    score computed in float64 counts as the float32 written, so that the mask, its summary
    and any later count from the file agree pixel for pixel. NaN is never change."""
    stored = np.asarray(scores).astype(np.float32, copy=False)
    return stored.astype(np.float64) > float(threshold)


def histogram(values: np.ndarray, bins: int = 256,
              value_range: Optional[Tuple[float, float]] = None) -> Tuple[np.ndarray, np.ndarray]:
    """(counts, edges) of the finite values; range defaults to their min and max."""
    v = np.asarray(values, dtype=np.float64).ravel()
    v = v[np.isfinite(v)]
    if value_range is None:
        value_range = (float(v.min()), float(v.max())) if v.size else (0.0, 1.0)
    lo, hi = value_range
    if hi <= lo:
        hi = lo + 1.0  # constant input: one populated bin, every split is degenerate
    return np.histogram(v, bins=bins, range=(lo, hi))


def _best_split(criterion: np.ndarray, edges: np.ndarray, maximise: bool) -> float:
    """criterion[k] rates the split between bin k and k+1 (NaN = not allowed); return the
    middle of the first run of best splits as a threshold value."""
    finite = np.isfinite(criterion)
    if not finite.any():
        return float("nan")
    c = np.where(finite, criterion, -np.inf if maximise else np.inf)
    best = c.max() if maximise else c.min()
    tol = 1e-9 * max(abs(best), 1e-300)
    is_best = np.abs(c - best) <= tol
    first = int(np.argmax(is_best))
    last = first
    while last + 1 < len(c) and is_best[last + 1]:
        last += 1
    return float((edges[first + 1] + edges[last + 1]) / 2.0)


def _cumulative_moments(counts: np.ndarray, edges: np.ndarray) -> Tuple[float, np.ndarray, np.ndarray, np.ndarray,
                                                                        np.ndarray, np.ndarray, np.ndarray]:
    """Class weights, means and variances below/above every split between bins."""
    p = np.asarray(counts, dtype=np.float64)
    centres = (edges[:-1] + edges[1:]) / 2.0
    w0 = np.cumsum(p)[:-1]
    s0 = np.cumsum(p * centres)[:-1]
    q0 = np.cumsum(p * centres ** 2)[:-1]
    total, s_all, q_all = p.sum(), (p * centres).sum(), (p * centres ** 2).sum()
    w1, s1, q1 = total - w0, s_all - s0, q_all - q0
    with np.errstate(invalid="ignore", divide="ignore"):
        m0, m1 = s0 / w0, s1 / w1
        v0, v1 = q0 / w0 - m0 ** 2, q1 / w1 - m1 ** 2
    return total, w0, w1, m0, m1, np.maximum(v0, 0.0), np.maximum(v1, 0.0)


def _degenerate(counts: np.ndarray, edges: np.ndarray) -> Optional[float]:
    """Threshold for histograms with at most one populated bin: above every value, so
    that a constant score yields no change."""
    populated = np.flatnonzero(np.asarray(counts) > 0)
    if len(populated) == 0:
        return float("nan")
    if len(populated) == 1:
        return float(edges[populated[0] + 1])
    return None


def otsu_from_histogram(counts: np.ndarray, edges: np.ndarray) -> float:
    """Otsu's threshold (maximum between-class variance) from histogram counts and the
    bin edges (len(edges) == len(counts) + 1)."""
    edges = np.asarray(edges, dtype=np.float64)
    degenerate = _degenerate(counts, edges)
    if degenerate is not None:
        return degenerate
    total, w0, w1, m0, m1, _, _ = _cumulative_moments(counts, edges)
    with np.errstate(invalid="ignore"):  # empty classes give NaN means, discarded just below
        between = w0 * w1 * (m0 - m1) ** 2 / total ** 2
    between[(w0 == 0) | (w1 == 0)] = np.nan
    return _best_split(between, edges, maximise=True)


DECISION = 0.5  # a calibrated fit's own decision, Pc > Pnc
# how a mask at DECISION is described (log, metadata, dialog), in words analysts read (files
# of older runs say "decision (Pc > Pnc)"; the dialog words both)
DECISION_RULE = "decision: probability of change above 0.5"
DECISION_OTSU_RULE = "Otsu on the change probability, above 0.5"


def decision_otsu(counts: np.ndarray, edges: np.ndarray) -> Tuple[float, str]:
    """The `fast` preset's mask rule on Pc's histogram (why: deep/decision.py): Otsu's split
    where it lies above the decision 0.5, else 0.5 -> (threshold, how it was chosen)."""
    split = otsu_from_histogram(counts, edges) if np.asarray(counts).sum() else DECISION
    if np.isfinite(split) and split > DECISION:
        return float(split), DECISION_OTSU_RULE
    return DECISION, DECISION_RULE


def otsu(values: np.ndarray, bins: int = 256) -> float:
    """Otsu's threshold of a 1-D array over its own range; NaN and inf are ignored."""
    return otsu_from_histogram(*histogram(values, bins))


def kittler_illingworth(counts: np.ndarray, edges: np.ndarray, min_class: float = 0.0) -> float:
    """Minimum-error threshold (Kittler & Illingworth 1986): the split minimising
    J = P0 ln(s0^2) + P1 ln(s1^2) - 2 (P0 ln P0 + P1 ln P1), i.e. two Gaussians fitted
    to the classes. Each class variance gets the within-bin variance width^2/12 added
    (Sheppard), so a class in a single bin has a finite log-variance instead of -inf.
    min_class > 0 leaves out splits that make a class smaller than that fraction of the
    counts: J's known spurious minima at the ends of the histogram, where a handful of
    outliers form a "class" of tiny variance."""
    edges = np.asarray(edges, dtype=np.float64)
    degenerate = _degenerate(counts, edges)
    if degenerate is not None:
        return degenerate
    total, w0, w1, _, _, v0, v1 = _cumulative_moments(counts, edges)
    width = np.diff(edges)
    floor = (width.mean() ** 2) / 12.0
    with np.errstate(invalid="ignore", divide="ignore"):
        p0, p1 = w0 / total, w1 / total
        j = (p0 * np.log(v0 + floor) + p1 * np.log(v1 + floor)
             - 2.0 * (p0 * np.log(p0) + p1 * np.log(p1)))
    small = max(min_class * total, 0.0)
    j[(w0 <= small) | (w1 <= small)] = np.nan
    return _best_split(j, edges, maximise=False)


def minimum_error_gamma(counts: np.ndarray, edges: np.ndarray, min_class: float = 0.0) -> float:
    """Minimum-error split of a positive score whose lower class (no change) is gamma, not
    Gaussian, and whose upper class (change) is Gaussian: the negative log-likelihood of
    the histogram under the two fitted classes (moments), minimised over splits. A sum of
    absolute differences of speckle is right-skewed: a Gaussian lower class leaves its
    tail to the upper one and splits too low (generalised minimum error for SAR: Moser &
    Serpico, IEEE TGRS 44(10), 2006). min_class as in kittler_illingworth. NaN when the
    best split is the first or last one min_class allows: the criterion still falls into
    the class-size floor, so the floor decides, not a class in the data (on two fitting
    pools of Yellow River A, 18 % change, it chose a 0.5 % "class" of the brightest
    pixels); the caller then needs another rule. Edges must not be negative."""
    from math import lgamma
    edges = np.asarray(edges, dtype=np.float64)
    degenerate = _degenerate(counts, edges)
    if degenerate is not None:
        return degenerate
    counts = np.asarray(counts, dtype=np.float64)
    total, w0, w1, m0, _, v0, v1 = _cumulative_moments(counts, edges)
    centres = np.maximum((edges[:-1] + edges[1:]) / 2.0, 1e-12)
    log_sum0 = np.cumsum(counts * np.log(centres))[:-1]  # sum of log x over the lower class
    floor = (np.diff(edges).mean() ** 2) / 12.0          # Sheppard, as kittler_illingworth
    with np.errstate(invalid="ignore", divide="ignore"):
        shape = m0 * m0 / (v0 + floor)
        scale = (v0 + floor) / m0
        lgam = np.array([lgamma(k) if np.isfinite(k) and k > 0 else np.nan for k in shape])
        loglik0 = -w0 * (lgam + shape * np.log(scale)) + (shape - 1.0) * log_sum0 - w0 * shape
        loglik1 = -0.5 * w1 * (np.log(2.0 * np.pi * (v1 + floor)) + v1 / (v1 + floor))
        j = -(loglik0 + loglik1 + w0 * np.log(w0 / total) + w1 * np.log(w1 / total)) / total
    small = max(min_class * total, 0.0)
    j[(w0 <= small) | (w1 <= small) | (m0 <= 0)] = np.nan
    allowed = np.flatnonzero(np.isfinite(j))
    if min_class > 0 and allowed.size and np.nanargmin(j) in (allowed[0], allowed[-1]):
        return float("nan")
    return _best_split(j, edges, maximise=False)
