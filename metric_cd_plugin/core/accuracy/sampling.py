"""Stratified random sampling of a change mask for area estimation (Olofsson et al. 2014).

Strata, per valid pixel (nodata is never sampled):
- "change": mapped change (mask 1);
- "possible": mapped no change that is likely omitted change: a change probability at or
  above `possible_low` (below the run's threshold, since the mask says no change), and/or
  within `ring` pixels (8-connected, a square neighbourhood) of mapped change;
- "stable": the rest of mapped no change.
The mask (and the probability, on the same grid) are read in row strips, with `ring` rows
of halo, twice: once to count the pixels of each stratum, once to pick the pixels whose
rank in their stratum (raster order) was drawn from the seed. Memory stays a strip, and the
same seed on the same rasters gives the same points."""
import math
from dataclasses import dataclass
from typing import Dict, Iterator, List, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal

from ..errors import InputError
from ..progress import CancelFn, Monitor, ProgressFn
from ..raster.geotiff import MASK_NODATA
from ..raster.grid import spatial_ref
from ..raster.pair import nodata_invalid
from ..raster.sources import open_raster
from .estimators import sample_size

STRATA = ("change", "possible", "stable")
MAP_CLASS = {"change": "change", "possible": "no change", "stable": "no change"}
ALLOCATIONS = ("proportional", "equal", "custom")
STRIP_PIXELS = 4_000_000
MIN_PER_STRATUM = 2  # a stratum's standard error needs two labelled points
# the adapters' defaults: anticipated user's accuracies (for "possible", the share of no change
# expected there), at least 50 points per stratum (Olofsson et al. 2014 suggest 50-100 in a
# rare stratum), a ring of 2 pixels of possible change, a target SE of 0.01
DEFAULT_USERS = {"change": 0.75, "possible": 0.7, "stable": 0.95}
DEFAULT_MIN = 50
DEFAULT_RING = 2
DEFAULT_TARGET_SE = 0.01


@dataclass
class StratumGrid:
    """Where the strata come from and how many pixels each holds."""
    counts: Dict[str, int]
    geotransform: Tuple[float, ...]
    wkt: str
    width: int
    height: int

    @property
    def pixel_area(self) -> float:
        gt = self.geotransform
        return abs(gt[1] * gt[5] - gt[2] * gt[4])

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass
class SamplePoint:
    row: int
    col: int
    stratum: str
    x: float
    y: float


def _open(mask_path: str, probability_path: Optional[str]) -> Tuple[gdal.Dataset, Optional[gdal.Dataset]]:
    mask = open_raster(mask_path, "Change mask")
    prob = open_raster(probability_path, "Change probability") if probability_path else None
    if prob is not None and (prob.RasterXSize, prob.RasterYSize) != (mask.RasterXSize, mask.RasterYSize):
        raise InputError(f"The change probability '{probability_path}' ({prob.RasterXSize} x {prob.RasterYSize} px) "
                         f"is not on the mask's grid ({mask.RasterXSize} x {mask.RasterYSize} px); choose the "
                         "probability of the same run.")
    return mask, prob


def _strips(width: int, height: int) -> Iterator[Tuple[int, int]]:
    rows = max(1, STRIP_PIXELS // max(width, 1))
    for y0 in range(0, height, rows):
        yield y0, min(rows, height - y0)


def _dilate(change: np.ndarray, ring: int) -> np.ndarray:
    """Pixels within `ring` pixels (square neighbourhood) of a True pixel."""
    out = change.copy()
    for axis in (0, 1):
        grown = out.copy()
        for d in range(1, ring + 1):
            if d >= out.shape[axis]:
                break
            lead = [slice(None)] * 2
            lag = [slice(None)] * 2
            lead[axis], lag[axis] = slice(d, None), slice(None, -d)
            grown[tuple(lead)] |= out[tuple(lag)]
            grown[tuple(lag)] |= out[tuple(lead)]
        out = grown
    return out


def _read_mask(band: gdal.Band, y0: int, h: int, path: str) -> Tuple[np.ndarray, np.ndarray]:
    raw = band.ReadAsArray(0, y0, band.XSize, h)
    invalid = nodata_invalid(raw, band.GetNoDataValue())
    invalid = (raw == MASK_NODATA) if invalid is None else invalid | (raw == MASK_NODATA)
    bad = ~invalid & (raw != 0) & (raw != 1)
    if bad.any():
        raise InputError(f"'{path}' is not a change mask: it holds {raw[bad][0]!r} besides 0 (no change), 1 "
                         f"(change) and nodata; give the mask of a run (or make one with the threshold command).")
    return raw == 1, invalid


def strata_strip(mask_ds: gdal.Dataset, prob_ds: Optional[gdal.Dataset], y0: int, h: int, ring: int,
                 possible_low: Optional[float]) -> np.ndarray:
    """uint8 codes of rows y0..y0+h: 0 nodata, 1 change, 2 possible, 3 stable."""
    top, bottom = max(0, y0 - ring), min(mask_ds.RasterYSize, y0 + h + ring)
    change, invalid = _read_mask(mask_ds.GetRasterBand(1), top, bottom - top, mask_ds.GetDescription())
    possible = _dilate(change, ring) if ring > 0 else np.zeros_like(change)
    core = slice(y0 - top, y0 - top + h)
    change, invalid, possible = change[core], invalid[core], possible[core]
    if prob_ds is not None:
        band = prob_ds.GetRasterBand(1)
        prob = band.ReadAsArray(0, y0, band.XSize, h).astype(np.float64)
        prob_bad = nodata_invalid(prob, band.GetNoDataValue())
        prob_bad = ~np.isfinite(prob) if prob_bad is None else prob_bad | ~np.isfinite(prob)
        invalid = invalid | prob_bad
        if possible_low is not None:
            with np.errstate(invalid="ignore"):
                possible = possible | (prob >= possible_low)
    codes = np.full(change.shape, 3, np.uint8)
    codes[possible] = 2
    codes[change] = 1
    codes[invalid] = 0
    return codes


def _scan(mask_ds: gdal.Dataset, prob_ds: Optional[gdal.Dataset], ring: int, possible_low: Optional[float],
          monitor: Monitor) -> Iterator[Tuple[int, np.ndarray]]:
    width, height = mask_ds.RasterXSize, mask_ds.RasterYSize
    for y0, h in _strips(width, height):
        yield y0, strata_strip(mask_ds, prob_ds, y0, h, ring, possible_low)
        monitor.update((y0 + h) / height)


def _check_options(ring: int, possible_low: Optional[float]) -> None:
    if ring < 0:
        raise InputError(f"The ring width must be 0 or more pixels (got {ring}).")
    if possible_low is not None and not 0.0 <= possible_low <= 1.0:
        raise InputError(f"The 'possible change' probability must be in [0, 1] (got {possible_low}).")


def count_strata(mask_path: str, probability_path: Optional[str] = None, ring: int = 0,
                 possible_low: Optional[float] = None, progress: Optional[ProgressFn] = None,
                 cancel: Optional[CancelFn] = None) -> StratumGrid:
    _check_options(ring, possible_low)
    if possible_low is not None and not probability_path:
        raise InputError("A 'possible change' probability was given without the change probability raster; "
                         "give the probability too, or use a ring around mapped change instead.")
    mask, prob = _open(mask_path, probability_path)
    monitor = Monitor(progress, cancel)
    monitor.stage(0, 100, "counting the strata")
    totals = np.zeros(4, np.int64)
    for _, codes in _scan(mask, prob, ring, possible_low, monitor):
        totals += np.bincount(codes.ravel(), minlength=4)
    counts = {name: int(totals[i + 1]) for i, name in enumerate(STRATA)}
    if sum(counts.values()) == 0:
        raise InputError(f"The change mask '{mask_path}' has no valid pixel; nothing can be sampled.")
    srs = spatial_ref(mask)
    return StratumGrid(counts, tuple(mask.GetGeoTransform()), srs.ExportToWkt() if srs else "",
                       mask.RasterXSize, mask.RasterYSize)


def design_sample_size(grid: StratumGrid, users: Dict[str, float], target_se: float) -> int:
    """Olofsson et al. 2014 eq. 13 over the non-empty strata: `users` is the anticipated user's
    accuracy of each stratum (for "possible", the share of no change expected there)."""
    if not 0 < target_se < 0.5:
        raise InputError(f"The target standard error must be a proportion in (0, 0.5) (got {target_se}).")
    names = [h for h in STRATA if grid.counts[h] > 0]
    for h in names:
        if not 0.0 < users[h] < 1.0:
            raise InputError(f"The anticipated user's accuracy of '{h}' must be in (0, 1) (got {users[h]}).")
    return sample_size([grid.counts[h] for h in names], [users[h] for h in names], target_se, grid.total)


def _largest_remainder(shares: Dict[str, float], n: int) -> Dict[str, int]:
    floors = {h: int(math.floor(v)) for h, v in shares.items()}
    left = n - sum(floors.values())
    for h in sorted(shares, key=lambda k: (floors[k] - shares[k], STRATA.index(k)))[:max(left, 0)]:
        floors[h] += 1
    return floors


def _spread(counts: Dict[str, int], n: int, method: str, minimum: int) -> Dict[str, int]:
    """n points over the strata, proportionally or equally; a stratum whose share is under
    `minimum` (or over its pixel count) is fixed there and the rest shared again among the
    others, so that the total stays n while n allows it."""
    fixed: Dict[str, int] = {}
    while True:
        free = [h for h in counts if h not in fixed]
        left = n - sum(fixed.values())
        if not free:
            return fixed
        total = sum(counts[h] for h in free)
        shares = {h: left * (counts[h] / total if method == "proportional" else 1.0 / len(free)) for h in free}
        low = {h: min(minimum, counts[h]) for h in free if shares[h] < min(minimum, counts[h])}
        high = {h: counts[h] for h in free if shares[h] > counts[h]}
        if not low and not high:
            return {**fixed, **_largest_remainder(shares, max(left, 0))}
        fixed.update(low or high)


def allocate(counts: Dict[str, int], n: int, method: str = "proportional", minimum: int = MIN_PER_STRATUM,
             per_stratum: Optional[Dict[str, int]] = None) -> Dict[str, int]:
    """Points per stratum: proportional to the stratum sizes, equal, or chosen per stratum;
    at least `minimum` in every non-empty stratum (the others share what is left of n), never
    more than it has pixels."""
    if minimum < 0:
        raise InputError(f"The minimum per stratum must be 0 or more (got {minimum}).")
    present = {h: counts[h] for h in STRATA if counts.get(h, 0) > 0}
    if method == "custom":
        if not per_stratum:
            raise InputError("A custom allocation needs the number of points of each stratum.")
        return {h: min(n_h, max(int(per_stratum.get(h, 0)), minimum)) for h, n_h in present.items()}
    if method not in ("proportional", "equal"):
        raise InputError(f"Unknown allocation '{method}'; choose one of {', '.join(ALLOCATIONS)}.")
    if n < 1:
        raise InputError(f"The sample size must be at least 1 (got {n}).")
    spread = _spread(present, n, method, minimum)
    return {h: spread[h] for h in STRATA if h in spread}


def select_points(mask_path: str, allocation: Dict[str, int], seed: int, probability_path: Optional[str] = None,
                  ring: int = 0, possible_low: Optional[float] = None, grid: Optional[StratumGrid] = None,
                  progress: Optional[ProgressFn] = None, cancel: Optional[CancelFn] = None) -> List[SamplePoint]:
    """allocation[h] distinct pixels of stratum h, drawn from `seed` without replacement."""
    grid = grid or count_strata(mask_path, probability_path, ring, possible_low)
    rng = np.random.default_rng(seed)
    ranks: Dict[str, np.ndarray] = {}
    for h in STRATA:  # a fixed order, so the same seed draws the same ranks
        n_h = allocation.get(h, 0)
        if n_h > grid.counts[h]:
            raise InputError(f"The stratum '{h}' has {grid.counts[h]} pixels; {n_h} points cannot be drawn from it.")
        ranks[h] = np.sort(rng.choice(grid.counts[h], n_h, replace=False)) if n_h else np.zeros(0, np.int64)
    mask, prob = _open(mask_path, probability_path)
    monitor = Monitor(progress, cancel)
    monitor.stage(0, 100, "drawing the points")
    seen = dict.fromkeys(STRATA, 0)
    gt = grid.geotransform
    points: List[SamplePoint] = []
    for y0, codes in _scan(mask, prob, ring, possible_low, monitor):
        for code, h in enumerate(STRATA, start=1):
            flat = np.flatnonzero(codes.ravel() == code)
            lo, hi = np.searchsorted(ranks[h], [seen[h], seen[h] + len(flat)])
            for index in flat[ranks[h][lo:hi] - seen[h]]:
                row, col = y0 + int(index) // grid.width, int(index) % grid.width
                x = gt[0] + (col + 0.5) * gt[1] + (row + 0.5) * gt[2]
                y = gt[3] + (col + 0.5) * gt[4] + (row + 0.5) * gt[5]
                points.append(SamplePoint(row, col, h, x, y))
            seen[h] += len(flat)
    order = {h: i for i, h in enumerate(STRATA)}
    points.sort(key=lambda p: (order[p.stratum], p.row, p.col))
    return points


def shuffled(points: Sequence[SamplePoint], seed: int) -> List[SamplePoint]:
    """The labelling order: strata mixed, so that the interpreter does not see the map's
    answer in the order of the points (a response design without the map's label)."""
    order = np.random.default_rng([seed, 1]).permutation(len(points))
    return [points[i] for i in order]


def stratum_codes(mask_path: str, probability_path: Optional[str] = None, ring: int = 0,
                  possible_low: Optional[float] = None) -> np.ndarray:
    """The whole stratum raster (codes 0-3) of a mask small enough to hold: tests and the bench."""
    mask, prob = _open(mask_path, probability_path)
    return np.vstack([strata_strip(mask, prob, y0, h, ring, possible_low)
                      for y0, h in _strips(mask.RasterXSize, mask.RasterYSize)])
