"""Stratified estimators of area and accuracy from a labelled probability sample (good practice
of Olofsson et al. 2013, 2014; Stehman 2014). numpy only.

Two cases:
- strata equal to the map classes (`olofsson`): the error matrix of sample counts n_ij (map
  class i, reference class j) and the mapped area proportions W_i give the error matrix in
  area proportions p_ij = W_i n_ij / n_i., the reference area proportions, overall, user's and
  producer's accuracies and their standard errors (Olofsson et al. 2014, eqs. 2-10; 2013,
  eqs. 2-7);
- strata that differ from the map classes (`stehman`), e.g. a "possible change" stratum
  drawn from pixels the map calls no change: every figure is a total Y = sum_h N_h ybar_h
  or a ratio Y / X of two of them, with the variance of a stratified ratio estimator
  (Stehman 2014, eqs. 3, 25-28).
Olofsson et al.'s standard errors leave out the finite population correction, Stehman's
keep it, as each paper does (it is negligible when strata are many pixels).
The 95 % intervals are estimate +- 1.96 SE, as in both papers."""
from dataclasses import dataclass, field
from typing import Dict, Iterable, Mapping, Optional, Sequence

import numpy as np
from numpy.typing import ArrayLike

Z95 = 1.96


@dataclass(frozen=True)
class Estimate:
    value: float
    se: float

    @property
    def half_width(self) -> float:
        return Z95 * self.se

    @property
    def low(self) -> float:
        return self.value - self.half_width

    @property
    def high(self) -> float:
        return self.value + self.half_width

    def scaled(self, factor: float) -> "Estimate":
        return Estimate(self.value * factor, self.se * factor)


NAN = Estimate(float("nan"), float("nan"))


@dataclass
class AreaEstimates:
    """Rows of `matrix` are map classes, columns reference classes, in `classes` order; its
    cells are proportions of the total area. `total_area` is in the unit of the stratum sizes
    given (pixels, or square metres...): `area(c)` multiplies the proportion by it."""
    classes: Sequence[str]
    matrix: np.ndarray
    overall: Estimate
    users: Dict[str, Estimate]
    producers: Dict[str, Estimate]
    proportions: Dict[str, Estimate]
    total_area: float
    method: str
    mapped: Dict[str, float] = field(default_factory=dict)  # mapped area proportion of each class

    def area(self, cls: str) -> Estimate:
        return self.proportions[cls].scaled(self.total_area)


def _ratio_or_nan(num: float, den: float) -> float:
    return num / den if den > 0 else float("nan")


def olofsson(counts: ArrayLike, mapped_areas: ArrayLike, classes: Optional[Sequence[str]] = None) -> AreaEstimates:
    """counts: k x k sample counts (rows map class, columns reference class); mapped_areas: the
    area (or pixel count, or proportion) each map class covers, the strata. Every map class
    needs at least two sample units for its standard errors."""
    n = np.asarray(counts, dtype=float)
    a = np.asarray(mapped_areas, dtype=float)
    k = n.shape[0]
    if n.shape != (k, k) or a.shape != (k,):
        raise ValueError("counts must be k x k and mapped_areas of length k")
    classes = list(classes) if classes is not None else [str(i + 1) for i in range(k)]
    w = a / a.sum()
    n_i = n.sum(axis=1)
    if np.any(n_i < 2):
        raise ValueError("every map class needs at least two sample units")
    share = n / n_i[:, None]                      # n_ij / n_i.
    p = w[:, None] * share                        # eq. 4 (2014): p_ij = W_i n_ij / n_i.
    p_ref = p.sum(axis=0)                         # area proportion of each reference class
    var_share = share * (1 - share) / (n_i[:, None] - 1)
    se_ref = np.sqrt((w[:, None] ** 2 * var_share).sum(axis=0))   # eq. 10 (2014)
    ua = np.diag(share)                           # eq. 2
    var_ua = ua * (1 - ua) / (n_i - 1)            # eq. 6
    oa = float(np.trace(p))                       # eq. 1
    se_oa = float(np.sqrt((w ** 2 * var_ua).sum()))  # eq. 5
    # producer's accuracy, eq. 7 (2014), with N_j. the mapped size and N^_.j the estimated
    # reference size of class j (any unit: it cancels)
    n_map = a
    n_ref = (n_map[:, None] * share).sum(axis=0)
    users: Dict[str, Estimate] = {}
    producers: Dict[str, Estimate] = {}
    proportions: Dict[str, Estimate] = {}
    for j, cls in enumerate(classes):
        pa = _ratio_or_nan(p[j, j], p_ref[j])
        off = sum(n_map[i] ** 2 * var_share[i, j] for i in range(k) if i != j)
        var_pa = (n_map[j] ** 2 * (1 - pa) ** 2 * var_ua[j] + pa ** 2 * off) / n_ref[j] ** 2 \
            if n_ref[j] > 0 else float("nan")
        users[cls] = Estimate(float(ua[j]), float(np.sqrt(var_ua[j])))
        producers[cls] = Estimate(float(pa), float(np.sqrt(var_pa)))
        proportions[cls] = Estimate(float(p_ref[j]), float(se_ref[j]))
    return AreaEstimates(classes, p, Estimate(oa, se_oa), users, producers, proportions, float(a.sum()),
                         "olofsson", dict(zip(classes, map(float, w))))


class _Stratified:
    """Totals and ratios of indicator variables over a stratified random sample (Stehman 2014)."""

    def __init__(self, strata: np.ndarray, sizes: Mapping[str, float]) -> None:
        self.groups = [(float(sizes[h]), strata == h) for h in sizes]
        self.total = float(sum(sizes.values()))
        for (_, sel), h in zip(self.groups, sizes):
            if sel.sum() < 2:
                raise ValueError(f"stratum {h!r} needs at least two sample units")

    @staticmethod
    def _fpc(n_h: float, sel: np.ndarray) -> float:
        return 1.0 - sel.sum() / n_h  # finite population correction, as in Stehman's eq. 25

    def mean(self, y: np.ndarray) -> Estimate:
        """Population mean of y, eqs. 3 and 25."""
        value = sum(n_h * y[sel].mean() for n_h, sel in self.groups) / self.total
        var = sum(n_h ** 2 * self._fpc(n_h, sel) * y[sel].var(ddof=1) / sel.sum()
                  for n_h, sel in self.groups) / self.total ** 2
        return Estimate(float(value), float(np.sqrt(var)))

    def ratio(self, y: np.ndarray, x: np.ndarray) -> Estimate:
        """R = Y / X, eqs. 27-28."""
        big_y = sum(n_h * y[sel].mean() for n_h, sel in self.groups)
        big_x = sum(n_h * x[sel].mean() for n_h, sel in self.groups)
        if big_x <= 0:
            return NAN
        r = big_y / big_x
        var = 0.0
        for n_h, sel in self.groups:
            ys, xs = y[sel], x[sel]
            cov = np.cov(ys, xs, ddof=1)[0, 1]
            var += n_h ** 2 * self._fpc(n_h, sel) * (ys.var(ddof=1) + r ** 2 * xs.var(ddof=1) - 2 * r * cov) / sel.sum()
        return Estimate(float(r), float(np.sqrt(max(var, 0.0)) / big_x))


def stehman(strata: ArrayLike, map_labels: ArrayLike, reference: ArrayLike, stratum_sizes: Mapping[str, float],
            classes: Optional[Sequence[str]] = None) -> AreaEstimates:
    """One entry per labelled sample unit: its stratum, map class and reference class;
    stratum_sizes: the size (pixels or area) of every stratum, sampled or not."""
    s, m, r = (np.asarray(v, dtype=object) for v in (strata, map_labels, reference))
    if not len(s) == len(m) == len(r):
        raise ValueError("strata, map_labels and reference must have the same length")
    unknown = sorted(set(s) - set(stratum_sizes))
    if unknown:
        raise ValueError(f"strata without a size: {unknown}")
    classes = list(classes) if classes is not None else sorted(set(m) | set(r))
    est = _Stratified(s, dict(stratum_sizes))
    k = len(classes)
    matrix = np.zeros((k, k))
    for i, ci in enumerate(classes):
        for j, cj in enumerate(classes):
            matrix[i, j] = est.mean(((m == ci) & (r == cj)).astype(float)).value
    correct = (m == r).astype(float)
    users: Dict[str, Estimate] = {}
    producers: Dict[str, Estimate] = {}
    proportions: Dict[str, Estimate] = {}
    mapped: Dict[str, float] = {}
    for cls in classes:
        hit = ((m == cls) & (r == cls)).astype(float)
        users[cls] = est.ratio(hit, (m == cls).astype(float))
        producers[cls] = est.ratio(hit, (r == cls).astype(float))
        proportions[cls] = est.mean((r == cls).astype(float))
        mapped[cls] = est.mean((m == cls).astype(float)).value
    return AreaEstimates(classes, matrix, est.mean(correct), users, producers, proportions, est.total,
                         "stehman", mapped)


def counts_from_units(map_labels: Iterable[str], reference: Iterable[str], classes: Sequence[str]) -> np.ndarray:
    """The k x k error matrix of sample counts, rows map class, columns reference class."""
    index = {c: i for i, c in enumerate(classes)}
    counts = np.zeros((len(classes), len(classes)), dtype=int)
    for m, r in zip(map_labels, reference):
        counts[index[m], index[r]] += 1
    return counts


def sample_size(weights: ArrayLike, users: ArrayLike, target_se: float, population: Optional[float] = None) -> int:
    """Olofsson et al. 2014, eq. 13: n = (sum W_i S_i)^2 / (S(O)^2 + sum W_i S_i^2 / N), with
    S_i = sqrt(U_i (1 - U_i)) from the anticipated user's accuracy U_i of stratum i. For a
    two-class change map, S_i is also the standard deviation of the change indicator in
    stratum i (a change stratum holds U_i change, a stable one 1 - U_i), so the target may be
    the standard error of the change-area proportion."""
    w = np.asarray(weights, dtype=float)
    w = w / w.sum()
    s = np.sqrt(np.asarray(users, dtype=float) * (1 - np.asarray(users, dtype=float)))
    extra = (w * s ** 2).sum() / population if population else 0.0
    return int(np.ceil((w * s).sum() ** 2 / (target_se ** 2 + extra)))
