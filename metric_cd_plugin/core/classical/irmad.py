"""Iteratively reweighted MAD (Nielsen 2007, "The regularized iteratively reweighted MAD
method for change detection in multi- and hyperspectral data", IEEE TIP 16(2)).

Canonical correlation analysis between the T1 and T2 bands gives pairs of projections
U_i = a_i' x, V_i = b_i' y with correlation rho_i; the MAD variates M_i = U_i - V_i have
variance 2 (1 - rho_i), and Z = sum_i (M_i / sigma_i)^2 is approximately chi-square with B
degrees of freedom for unchanged pixels. Each iteration reweights every pixel by its
probability of no change, w = P(chi2_B > Z), and redoes the weighted CCA, so the
no-change statistics are learnt from (mostly) unchanged pixels; it stops after
MAX_ITER iterations or when the canonical correlations move by less than TOL.

The iterations run on the valid pixels of the fitting windows (the whole area up to about
1 MP, a seeded sample of windows beyond: windows.py), at most MAX_FIT_PIXELS of
them; Z is then computed window by window with the fitted transform.

Input: RAW band values when available (MAD is invariant to any affine map of either
date, so the Normaliser's regression would change nothing, while its percentile clipping
would flatten exactly the bright, changed pixels); the normalised bands otherwise.

Score in [0, 1]: Z / (Z + B), a monotone map of Z that is 0.5 at the no-change
expectation E[Z] = B. The chi-square CDF of Z was the first choice but saturates to 1.0
in float32 from Z ~ 45 (B = 6), tying most changed pixels and any threshold above that.

Threshold: Kittler-Illingworth (minimum error) on the histogram of Z, 256 bins over
[min Z, 99.9th percentile] (values above pile into the last bin, so that a few extreme
pixels cannot squash everything into the first bin). The chi-square cut-offs assume the
no-change Z is chi2(B), but on real pairs the reweighting concentrates the weights on the
most invariant ~10 % of pixels, so the median Z of all pixels is ~20 (B = 6) and a p-value
cut-off flags half the image. The threshold is never below E[Z] = B (score 0.5), which
only matters for degenerate input such as identical dates. Kittler-Illingworth on Z with the range cut at
the 99.9th percentile was the best of the rules measured, and raw input is kept
(docs/design_measurements.md).
"""
from typing import TYPE_CHECKING, Sequence, Tuple, TypeVar

import numpy as np

from .chi_square import chi2_ppf, chi2_sf
from ..thresholds import histogram, kittler_illingworth, otsu_from_histogram

if TYPE_CHECKING:  # windows.py imports the detectors
    from .windows import DataWindow

Z = TypeVar("Z", float, np.ndarray)  # one Z value, or an array of them

MAX_ITER = 30
TOL = 1e-6
MAX_FIT_PIXELS = 1_000_000  # the iterations run on at most this many valid pixels
EIG_FLOOR = 1e-12           # relative floor on covariance eigenvalues (constant bands)
THRESHOLD_RULE = "ki"
ROBUST_PERCENTILE = 99.9    # top of the histogram range for the KI threshold


def _weighted_moments(xy: np.ndarray, w: np.ndarray,
                      nb: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """xy: (2B, N) stacked T1 and T2 bands (centred once, so the one-pass moments below
    do not cancel). -> (mx, my, Sxx, Syy, Sxy) weighted by w."""
    sw = w.sum()
    m = xy @ w / sw
    s = (xy * w) @ xy.T / sw - np.outer(m, m)
    return m[:nb], m[nb:], s[:nb, :nb], s[nb:, nb:], s[:nb, nb:]


def _inv_sqrt(s: np.ndarray) -> np.ndarray:
    """Symmetric S^-1/2; eigenvalues floored relative to the largest, so a constant or
    collinear band cannot make it blow up, while well-conditioned input is untouched
    (keeping MAD exactly invariant to affine maps of either date)."""
    vals, vecs = np.linalg.eigh(s)
    if vals.max() <= 0.0:  # every band constant: no direction to weight (not 1e150 x rounding noise)
        return np.zeros_like(s)
    vals = np.maximum(vals, vals.max() * EIG_FLOOR)
    return (vecs / np.sqrt(vals)) @ vecs.T


def cca(sxx: np.ndarray, syy: np.ndarray, sxy: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Canonical correlation by SVD of Sxx^-1/2 Sxy Syy^-1/2 = U diag(rho) V'.
    -> (rho ascending (B,), A (B, B), Bm (B, B)): columns a_i, b_i with a' Sxx a = I,
    b' Syy b = I and a_i' Sxy b_i = rho_i >= 0."""
    kx, ky = _inv_sqrt(sxx), _inv_sqrt(syy)
    u, rho, vt = np.linalg.svd(kx @ sxy @ ky)
    order = np.argsort(rho)
    return np.clip(rho[order], 0.0, 1.0), (kx @ u)[:, order], (ky @ vt.T)[:, order]


class IrmadModel:
    """Fitted IR-MAD transform: weighted means and canonical vectors."""

    def __init__(self, mx: np.ndarray, my: np.ndarray, a: np.ndarray, b: np.ndarray, rho: np.ndarray,
                 iterations: int) -> None:
        self.mx, self.my, self.a, self.b, self.rho = mx, my, a, b, rho
        self.iterations = iterations
        self.sigma = np.sqrt(np.maximum(2.0 * (1.0 - rho), 1e-12))

    def chi_square_stacked(self, xy: np.ndarray) -> np.ndarray:
        """(2B, N) stacked pixels -> (N,) Z = sum (MAD_i / sigma_i)^2."""
        coef = np.vstack([self.a, -self.b]).T / self.sigma[:, None]      # (B, 2B)
        offset = (self.mx @ self.a - self.my @ self.b) / self.sigma
        mad = coef @ xy - offset[:, None]
        return np.einsum("bn,bn->n", mad, mad)

    def chi_square(self, x: np.ndarray, y: np.ndarray) -> np.ndarray:
        """(N, B) T1 and T2 pixels -> (N,) Z."""
        return self.chi_square_stacked(np.concatenate([x, y], axis=1).T)


def fit_irmad(x: np.ndarray, y: np.ndarray) -> IrmadModel:
    """(N, B) T1 and T2 pixels -> fitted model (iterations until rho converges)."""
    nb = x.shape[1]
    xy = np.concatenate([x, y], axis=1).T.astype(np.float64)   # (2B, N), contiguous rows
    centre = xy.mean(axis=1)
    xy -= centre[:, None]
    xy[np.ptp(xy, axis=1) == 0] = 0.0  # a constant band: exactly zero, whatever the mean's rounding
    w = np.ones(xy.shape[1])
    rho_old = None
    for it in range(1, MAX_ITER + 1):
        mx, my, sxx, syy, sxy = _weighted_moments(xy, w, nb)
        rho, a, b = cca(sxx, syy, sxy)
        model = IrmadModel(mx, my, a, b, rho, it)
        if rho_old is not None and np.max(np.abs(rho - rho_old)) < TOL:
            break
        rho_old = rho
        w_new = chi2_sf(model.chi_square_stacked(xy), nb)
        if w_new.sum() <= 1e-9 * len(w_new):  # everything looks changed: keep the last fit
            break
        w = w_new
    return IrmadModel(mx + centre[:nb], my + centre[nb:], a, b, rho, model.iterations)


def threshold_z(z: np.ndarray, dof: int, rule: str) -> float:
    """Threshold on the Z scale by a label-free rule."""
    if rule.startswith("chi2:"):
        return chi2_ppf(float(rule[5:]), dof)
    if rule == "otsu":
        return otsu_from_histogram(*histogram(z, 256))
    if rule == "otsu_log":
        return float(np.expm1(otsu_from_histogram(*histogram(np.log1p(z), 256))))
    if rule == "ki":
        hi = float(np.percentile(z, ROBUST_PERCENTILE))
        return kittler_illingworth(*histogram(np.minimum(z, hi), 256, (float(z.min()), hi)))
    if rule == "ki_full":
        return kittler_illingworth(*histogram(z, 256))
    if rule == "ki_log":
        return float(np.expm1(kittler_illingworth(*histogram(np.log1p(z), 256))))
    raise ValueError(f"unknown IR-MAD threshold rule {rule!r}")


def z_to_score(z: Z, dof: int) -> Z:
    return z / (z + dof)


class IrmadDetector:
    """IR-MAD fitted on the valid pixels of the fitting windows (at most MAX_FIT_PIXELS of
    them, a seeded subset) and applied to any window; the threshold comes from the Z
    values of the scored pixels (all of them, or a uniform sample on large areas). A window
    exposes raw1, raw2 (None: use n1, n2), n1, n2, valid and core (see windows.py)."""
    halo = 0
    fixed_threshold = None
    needs_fit = True

    def __init__(self, seed: int = 0, rule: str = THRESHOLD_RULE) -> None:
        self.seed, self.rule = seed, rule

    @staticmethod
    def _pixels(win: "DataWindow") -> Tuple[np.ndarray, np.ndarray]:
        """-> ((2B, N) float32 stacked T1 and T2 values of the core's valid pixels, core validity)."""
        x, y = (win.raw1, win.raw2) if win.raw1 is not None and win.raw2 is not None else (win.n1, win.n2)
        rows, cols = win.core
        valid = win.valid[rows, cols]
        return np.concatenate([x[:, rows, cols][:, valid], y[:, rows, cols][:, valid]]), valid

    def fit_piece(self, win: "DataWindow") -> np.ndarray:
        return self._pixels(win)[0]

    def fit(self, pieces: Sequence[np.ndarray]) -> None:
        xy = np.concatenate(pieces, axis=1)
        self.nb = nb = len(xy) // 2
        if xy.shape[1] > MAX_FIT_PIXELS:
            keep = np.random.default_rng(self.seed).choice(xy.shape[1], MAX_FIT_PIXELS, replace=False)
            xy = xy[:, np.sort(keep)]
        self.model = fit_irmad(xy[:nb].T, xy[nb:].T)

    def score(self, win: "DataWindow") -> Tuple[np.ndarray, np.ndarray]:
        """-> (core score Z / (Z + B) float32, NaN where invalid; Z of the valid pixels)."""
        xy, valid = self._pixels(win)
        z = self.model.chi_square_stacked(xy.astype(np.float64))
        score = np.full(valid.shape, np.nan, np.float32)
        score[valid] = z_to_score(z, self.nb)
        return score, z

    def threshold(self, z: np.ndarray) -> float:
        # never below E[Z] = B: a pixel closer to no change than the average unchanged pixel
        # is not change (this only matters for degenerate input, e.g. identical dates)
        z_threshold = max(threshold_z(z, self.nb, self.rule), float(self.nb))
        return float(z_to_score(z_threshold, self.nb))
