"""Data kinds: `optical` rasters are compared by difference; `sar` rasters (amplitude or
intensity, whose speckle is multiplicative) are compared in log space after a speckle
filter, so that |n1 - n2| downstream is a filtered log-ratio, the SAR change operator.

`auto` weighs the evidence of kind_evidence.py, in this order; the choice says which evidence
decided and how sure it is (log, metadata, Processing and the dialog show it):
1. names (file names, band descriptions, GDAL metadata): SAR words alone -> sar, optical words
   alone -> optical (high confidence); both or neither: go on;
2. more than MAX_SAR_BANDS bands -> optical (a SAR scene holds one or two polarisations);
3. decibels: most values below zero on both dates (backscatter below 1 is negative in dB,
   reflectance never is) -> sar when, read in power, the flattest tenth varies by at least
   DB_OPTICAL_CV and the fine texture is left-skewed as the log of speckle always is (log-gamma:
   -1.14 for one look, -0.19 for 30, correlated or not) or, not left-skewed, white or
   decorrelated as in rules 6-7 (a Lee filter keeps bright spikes, which skew dB to the right);
   optical otherwise (a temperature field in deg C is right-skewed, +0.28..+0.58 on the bench's,
   and correlates like texture; its dB difference is a log-ratio anyway);
4. the flat CV (kind_evidence.py: the 10th percentile of the coefficient of variation of 5 x 5
   blocks, on linear values) at or above SAR_CV -> sar. Speckle keeps 0.52/sqrt(L)
   (amplitude) to 1/sqrt(L) (intensity) in every homogeneous area, correlated or not: SAR_CV
   12 % is amplitude of ~19 looks, intensity of ~70. Optical noise stays lower: 1.5-9.1 % on
   the bands of the shared optical pairs seen while choosing, but the film grain of the blue
   bands of the held-out aerial scenes reaches 9.5-14 % (one is called SAR: the miss
   bench/results/kind_decisions.md reports). How the spread scales with brightness (1 for
   multiplicative noise, 0-0.5 for additive or Poisson noise) was measured three robust ways
   (issue 25: the 10th percentile of block std per brightness stratum, trimmed and without
   clipped blocks; the median Laplacian residual per stratum; the log-ratio's spread per
   stratum) and left out: the scanned aerial photographs' film grain grows with exposure too
   (slope 0.6-1.4 on the Szada panchromatic scenes, SAR 0.9-1.2), and faint speckle laid on
   such a scene takes the scene's slope;
5. flat CV below OPTICAL_CV -> optical: no speckle, or too little for the comparison to matter;
6. in between, white noise (neighbour correlation of log residuals below SPECKLE_CORRELATION)
   -> sar: independent speckle;
7. in between, decorrelated noise: pixels FAR_LAGS (2 and 3) apart, the lower of the two
   neighbour correlations below SPECKLE_CORRELATION_FAR -> sar: speckle correlated over a
   pixel or two (oversampling, a 3 x 3 box or Lee filter) is white again a few pixels apart,
   scene texture is not (0.19-0.33 on every optical case of the bench: 0.192 the design
   pairs' least, 0.187 the held-out pairs': SPECKLE_CORRELATION_FAR leaves a factor 1.28, 1.25);
8. otherwise unsure: UNSURE_KIND, the comparison that costs least when wrong, measured with the
   classical methods forced each way (bench/kind_cost.py, results/kind_cost.md, F1 on labelled
   pixels): `sar` on the panchromatic optical pairs costs PCA-KMeans 0.050 and CVA 0.030 on
   average (0.115 at worst); `optical` on the weakly speckled simulated pairs (10-30 looks,
   correlated or filtered: those that land here) costs +0.002 on average (-0.061 to +0.125 by
   pair): the speckle they keep is faint. Real SAR does not land here (flat CV 15-28 % on the
   Yellow River pairs), where `optical` would cost PCA-KMeans 0.507. What lands here (or in
   rule 5) is speckle too faint or too smoothed to tell from the optical scene it multiplies:
   mostly 10-30 looks after a Lee or box filter, and Lee-filtered 1-3 looks correlated over
   0.5-2 px (flat CV 1-12 %, correlation 2-3 px apart 0.2-0.5, as the scene's own texture).
   An optical raster resampled to a finer grid (20 m bands on a 10 m grid) correlates as much
   (neighbour 0.77-0.84, 2-3 px apart 0.49-0.60 on the bench's), so no bound on correlation
   separates the two: 565 of the 775 linear-valued misses lie inside the range the optical
   cases span on all three statistics (bench/results/kind_decisions.md, "Where the misses lie").
Values below zero (SAR already in decibels) are not logged again, only speckle filtered."""
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Optional, Tuple, Union

import numpy as np

from ..errors import InputError
from .kind_evidence import (box_mean, decibel_share, flat_cv_of_pair, log_skewness, name_evidence,
                            neighbour_correlation)
from .pair import RasterPair

__all__ = ["DATA_KINDS", "KindChoice", "Measured", "PairSource", "SarPair", "box_mean", "check_kind", "decide",
           "detect_kind", "measure", "neighbour_correlation", "prepare"]

DATA_KINDS = ("auto", "optical", "sar")
MAX_SAR_BANDS = 2
SAR_CV = 0.12             # speckle: the flattest tenth varies by this much or more
OPTICAL_CV = 0.03         # below this, no speckle worth a log-ratio
DB_OPTICAL_CV = 0.035     # decibels, in power: below, no speckle (an ENL above ~800)
DB_SURE_SKEWNESS = 0.3    # decibels: skewness below -0.3 (log-speckle of up to ~10 looks) is high confidence
SPECKLE_CORRELATION = 0.4  # white noise: neighbour correlation of log residuals below this
SPECKLE_CORRELATION_FAR = 0.15  # decorrelated noise: the same, pixels FAR_LAGS apart
FAR_LAGS = (2, 3)
UNSURE_KIND = "optical"
SPECKLE_WINDOW = 5       # box filter of log values (5 x 5: oracle F1 0.50-0.58 -> 0.78-0.87 on Yellow River)
PROBE_SIDE = 512         # the statistics read at most this central window
LOG_OFFSET = 0.01        # log(x + 1 % of the median value): finite at zero, any unit (DN, linear sigma0)


@dataclass(frozen=True)
class KindChoice:
    kind: str                 # "optical" or "sar"
    reason: str               # one sentence for the log and the metadata
    evidence: str = "user"    # what decided: user, names, bands, decibels, speckle, no speckle, white noise,
    #                           decorrelated noise, not decibels, unsure
    confidence: str = "high"  # high, medium or low (low: unsure, the cheaper comparison was taken)
    measured: Optional["Measured"] = field(default=None, compare=False, repr=False)  # the statistics, if read


@dataclass(frozen=True)
class Measured:
    """The statistics of the central window (NaN where they could not be measured)."""
    decibel_share: float  # the share of values below zero (the smaller date's)
    cv: float             # the flat CV (kind_evidence.flat_cv), in power when decibels
    correlation: float    # neighbour correlation of log residuals
    correlation_far: float  # the same, pixels FAR_LAGS apart (the lower of the lags)
    skewness: float       # decibels: skewness of the fine-scale residuals (left, < 0, for log-speckle)

    @property
    def decibels(self) -> bool:
        return self.decibel_share > 0.5


def check_kind(kind: str) -> str:
    value = (kind or "auto").strip().lower()
    if value not in DATA_KINDS:
        raise InputError(f"Unknown data kind '{kind}'; choose one of {', '.join(DATA_KINDS)}.",
                         code="data_kind_unknown", kind=kind, choices=", ".join(DATA_KINDS))
    return value


def measure(a1: np.ndarray, a2: np.ndarray, valid: np.ndarray) -> Measured:
    share = decibel_share(a1, a2, valid)
    cv = flat_cv_of_pair(a1, a2, valid, share > 0.5)
    corr = _finite_mean([neighbour_correlation(a, valid) for a in (a1, a2)])
    far = min(_finite_mean([neighbour_correlation(a, valid, lag) for a in (a1, a2)]) for lag in FAR_LAGS)
    skew = float(np.nanmean([log_skewness(a1, valid, True), log_skewness(a2, valid, True)])) if share > 0.5 \
        else float("nan")  # only decibels use it
    return Measured(share, cv, corr, far, skew)


def _finite_mean(values: Iterable[float]) -> float:
    """The mean of the finite values; +inf when none (never below a bound: no evidence)."""
    values = [v for v in values if np.isfinite(v)]
    return float(np.mean(values)) if values else float("inf")


def _sure(value: float, bound: float) -> str:
    """high when the statistic is 1.5 times past its bound (either side), else medium."""
    if value <= 0:  # a constant image: no noise at all, as far from speckle as can be
        return "high"
    return "high" if max(value / bound, bound / value) >= 1.5 else "medium"


def decide(m: Measured) -> KindChoice:
    """Rules 3-7 of the module docstring on measured statistics."""
    if not np.isfinite(m.cv):
        return KindChoice("optical", "optical: too few valid pixels to measure speckle (confidence low)",
                          "unsure", "low")
    if m.decibels:
        return _decide_decibels(m)
    flat = f"the flattest tenth of the image varies by {m.cv:.1%} of its brightness"
    if m.cv >= SAR_CV:
        sure = _sure(m.cv, SAR_CV)
        return KindChoice("sar", f"SAR: speckle ({flat}, >= {SAR_CV:.0%}: multiplicative noise of a few looks; "
                                 f"confidence {sure})", "speckle", sure)
    if m.cv < OPTICAL_CV:
        sure = _sure(m.cv, OPTICAL_CV)
        return KindChoice("optical", f"optical: no speckle ({flat}, < {OPTICAL_CV:.0%}; confidence {sure})",
                          "no speckle", sure)
    if m.correlation < SPECKLE_CORRELATION:
        return KindChoice("sar", f"SAR: speckle, white ({flat}, and neighbours are independent: correlation "
                                 f"{m.correlation:.2f} < {SPECKLE_CORRELATION}; confidence medium)",
                          "white noise", "medium")
    if m.correlation_far < SPECKLE_CORRELATION_FAR:
        return KindChoice("sar", f"SAR: speckle correlated over a pixel or two ({flat}, and pixels "
                                 f"{FAR_LAGS[0]}-{FAR_LAGS[-1]} apart are independent: correlation "
                                 f"{m.correlation_far:.2f} < {SPECKLE_CORRELATION_FAR}, as scene texture is not; "
                                 "confidence medium)", "decorrelated noise", "medium")
    return KindChoice(UNSURE_KIND, f"{UNSURE_KIND}: unsure ({flat}, between {OPTICAL_CV:.0%} and {SAR_CV:.0%}, "
                                   f"neighbour correlation {m.correlation:.2f}, {m.correlation_far:.2f} "
                                   f"{FAR_LAGS[0]}-{FAR_LAGS[-1]} px apart); {UNSURE_KIND} costs least when "
                                   "wrong (confidence low; choose the data kind if you know it: filtered, multilooked "
                                   "or resampled SAR products often look like this)", "unsure", "low")


def _decide_decibels(m: Measured) -> KindChoice:
    what = (f"{m.decibel_share:.0%} of the values below zero; read as dB, the flattest tenth varies by {m.cv:.1%} "
            f"in power and the fine texture has skewness {m.skewness:.2f}")
    if m.cv < DB_OPTICAL_CV:
        return KindChoice("optical", f"optical: no speckle ({what}: a smooth field, not backscatter in dB; "
                                     f"confidence {_sure(m.cv, DB_OPTICAL_CV)})", "no speckle",
                          _sure(m.cv, DB_OPTICAL_CV))
    if m.skewness < 0:
        sure = "high" if m.skewness <= -DB_SURE_SKEWNESS else "medium"
        return KindChoice("sar", f"SAR: decibels ({what}: left-skewed as the log of speckle, backscatter in dB, "
                                 f"not reflectance; confidence {sure})", "decibels", sure)
    if m.correlation < SPECKLE_CORRELATION or m.correlation_far < SPECKLE_CORRELATION_FAR:
        return KindChoice("sar", f"SAR: decibels ({what}; its fine texture is independent noise: neighbour "
                                 f"correlation {m.correlation:.2f}, {m.correlation_far:.2f} {FAR_LAGS[0]}-"
                                 f"{FAR_LAGS[-1]} px apart, as speckle is and a field such as temperatures is "
                                 "not; confidence medium)", "decibels", "medium")
    return KindChoice("optical", f"optical: not SAR in dB ({what}: not left-skewed as the log of speckle, nor "
                                 "independent noise; a "
                                 "field such as temperatures; compared by difference, which for dB is a log-ratio; "
                                 "confidence medium)", "not decibels", "medium")


def detect_kind(pair: RasterPair) -> KindChoice:
    """The `auto` rule of the module docstring."""
    names = name_evidence(pair)
    if names.sar and not names.optical:
        return KindChoice("sar", f"SAR: the files' names and metadata say so ({', '.join(sorted(set(names.sar)))}: "
                                 "a polarisation or a radar; confidence high)", "names", "high")
    if names.optical and not names.sar:
        return KindChoice("optical", f"optical: the files' names and metadata say so ({', '.join(names.optical[:4])}; "
                                     "confidence high)", "names", "high")
    if pair.nbands > MAX_SAR_BANDS:
        return KindChoice("optical", f"optical: {pair.nbands} bands (a SAR scene holds 1 or 2 polarisations; "
                                     "confidence high)", "bands", "high")
    w, h = min(pair.width, PROBE_SIDE), min(pair.height, PROBE_SIDE)
    measured = measure(*pair.read((pair.width - w) // 2, (pair.height - h) // 2, w, h))
    return replace(decide(measured), measured=measured)


class SarPair:
    """A RasterPair read through the SAR transform: log(x + offset) (values as they are when
    already in dB), then the mean of the valid pixels in a SPECKLE_WINDOW box. Windows are
    read with the box's halo, so any window gives the values of the whole raster."""

    def __init__(self, pair: RasterPair, offset: float, logged: bool) -> None:
        self._pair, self.offset, self.logged = pair, offset, logged

    def __getattr__(self, name: str) -> Any:  # size, grid, bands, block_aligned, close: the pair's own
        return getattr(self._pair, name)

    def _transform(self, a: np.ndarray, valid: np.ndarray) -> np.ndarray:
        if self.logged:
            a = np.log(np.maximum(a, 0.0) + self.offset)
        return box_mean(a, valid, SPECKLE_WINDOW).astype(np.float32)

    def read(self, x: int, y: int, w: int, h: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
        r = SPECKLE_WINDOW // 2
        x0, y0 = max(x - r, 0), max(y - r, 0)
        x1, y1 = min(x + w + r, self._pair.width), min(y + h + r, self._pair.height)
        a1, a2, valid = self._pair.read(x0, y0, x1 - x0, y1 - y0)
        core = (slice(y - y0, y - y0 + h), slice(x - x0, x - x0 + w))
        t1 = self._transform(a1, valid)[:, core[0], core[1]]
        t2 = self._transform(a2, valid)[:, core[0], core[1]]
        valid = valid[core]
        return np.where(valid, t1, 0.0), np.where(valid, t2, 0.0), valid

    # the same sampling as a RasterPair, through this pair's read
    sample_pixels = RasterPair.sample_pixels


# what a run reads: the raster pair, or its SAR transform
PairSource = Union[RasterPair, SarPair]


def prepare(pair: RasterPair, requested: str = "auto", seed: int = 0) -> Tuple[PairSource, KindChoice]:
    """-> (the pair to read from: the RasterPair, or a SarPair that reads like one; the choice).
    `optical` returns the pair unchanged."""
    requested = check_kind(requested)
    choice = detect_kind(pair) if requested == "auto" else KindChoice(requested, f"{requested}: chosen by the user")
    if choice.kind == "optical":
        return pair, choice
    s1, s2 = pair.sample_pixels(200_000, np.random.default_rng(seed))
    values = np.concatenate([s1.ravel(), s2.ravel()])
    if values.size and np.mean(values < 0) > 0.01:
        return SarPair(pair, 0.0, False), replace(choice, reason=choice.reason + "; values below zero taken as dB "
                                                  "(not logged again), speckle filtered")
    positive = values[values > 0]
    offset = LOG_OFFSET * float(np.median(positive)) if positive.size else 1.0
    return SarPair(pair, max(offset, 1e-12), True), replace(
        choice, reason=choice.reason + f"; compared as log-ratio after a {SPECKLE_WINDOW} x {SPECKLE_WINDOW} speckle "
        "filter")
