"""Chi-square distribution functions in plain numpy (no scipy), vectorised over x:
the regularised incomplete gamma function by its power series below a + 1 and by its
continued fraction (modified Lentz) above, as in Numerical Recipes (6.2). Each branch
returns the tail it computes accurately, so survival probabilities keep their precision
far into the upper tail (they are IR-MAD's weights)."""
import math
from typing import Tuple

import numpy as np
from numpy.typing import ArrayLike

_EPS = 1e-15
_TINY = 1e-300
_MAX_TERMS = 500


def _lower_series(a: float, x: np.ndarray) -> np.ndarray:
    """P(a, x) by sum x^n / ((a+1)...(a+n)); converges quickly for x < a + 1."""
    term = np.full(x.shape, 1.0 / a)
    total = term.copy()
    for n in range(1, _MAX_TERMS):
        term = term * x / (a + n)
        total += term
        if np.all(np.abs(term) <= np.abs(total) * _EPS):
            break
    with np.errstate(divide="ignore"):
        log_front = a * np.log(x) - x - math.lgamma(a)
    return np.exp(log_front) * total


def _upper_fraction(a: float, x: np.ndarray) -> np.ndarray:
    """Q(a, x) by the continued fraction; converges quickly for x >= a + 1."""
    b = x + 1.0 - a
    c = np.full(x.shape, 1.0 / _TINY)
    d = 1.0 / b
    h = d.copy()
    for i in range(1, _MAX_TERMS):
        an = -i * (i - a)
        b = b + 2.0
        d = an * d + b
        d = np.where(np.abs(d) < _TINY, _TINY, d)
        c = b + an / c
        c = np.where(np.abs(c) < _TINY, _TINY, c)
        d = 1.0 / d
        delta = d * c
        h = h * delta
        if np.all(np.abs(delta - 1.0) <= _EPS):
            break
    return np.exp(a * np.log(x) - x - math.lgamma(a)) * h


def regularized_gamma(a: float, x: ArrayLike) -> Tuple[np.ndarray, np.ndarray]:
    """-> (P(a, x), Q(a, x)) = lower and upper regularised incomplete gamma, x >= 0."""
    x = np.asarray(x, dtype=np.float64)
    x = np.where(np.isnan(x), np.nan, np.maximum(x, 0.0))
    p = np.full(x.shape, np.nan)
    q = np.full(x.shape, np.nan)
    low = x < a + 1.0
    high = x >= a + 1.0          # NaN falls in neither and stays NaN
    if low.any():
        p[low] = _lower_series(a, x[low])
        q[low] = 1.0 - p[low]
    if high.any():
        huge = np.isinf(x[high])
        xh = np.where(huge, a + 1.0, x[high])  # keep inf out of the recurrence
        qh = np.where(huge, 0.0, _upper_fraction(a, xh))
        q[high] = qh
        p[high] = 1.0 - qh
    return p, q


def chi2_cdf(x: ArrayLike, dof: int) -> np.ndarray:
    """P(X <= x) for a chi-square variable with dof degrees of freedom."""
    return regularized_gamma(dof / 2.0, np.asarray(x, dtype=np.float64) / 2.0)[0]


def chi2_sf(x: ArrayLike, dof: int) -> np.ndarray:
    """P(X > x), accurate in the far upper tail (no 1 - cdf cancellation)."""
    return regularized_gamma(dof / 2.0, np.asarray(x, dtype=np.float64) / 2.0)[1]


def chi2_ppf(p: float, dof: int) -> float:
    """Quantile: the x with chi2_cdf(x) = p, by bisection (monotone CDF)."""
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    lo, hi = 0.0, max(1.0, float(dof))
    while chi2_cdf(hi, dof) < p:
        hi *= 2.0
    for _ in range(200):
        mid = (lo + hi) / 2.0
        if chi2_cdf(mid, dof) < p:
            lo = mid
        else:
            hi = mid
        if hi - lo <= 1e-12 * hi:
            break
    return (lo + hi) / 2.0
