"""Classical detectors on rasters of any size, in memory bounded by the window size:

1. the radiometric normalisation is fitted on a bounded sample of valid pixels
   (RasterPair.sample_pixels, as for the deep engine);
2. each method fits its statistics on FITTING WINDOWS: the whole area when it has at most
   FIT_AREA pixels (then the numbers are those of a whole-area run), otherwise windows of
   a seeded random order on a FIT_WINDOW grid aligned to PCA-KMeans' block grid, read
   until FIT_AREA valid pixels are collected (so a mostly-nodata raster still fits on
   enough data);
3. the score is computed window by window (block-aligned tiles; PCA-KMeans reads a halo so
   that a window's core gets exactly the whole-image features) and handed to `write`;
4. the label-free threshold comes from the values the method thresholds (CVA's score,
   IR-MAD's Z), all of them up to SCORE_SAMPLE valid pixels, a uniform sample beyond.

The score's scale needs no statistic of the window: CVA divides by sqrt(B), IR-MAD maps
Z to Z / (Z + B), PCA-KMeans uses distances to the fitted centroids, so windows agree.
"""
from dataclasses import dataclass
from typing import Any, Callable, Dict, Iterator, List, Optional, Tuple, Type, Union

import numpy as np

from ..coded import stage
from ..raster import tiling
from .cva import CvaDetector
from .irmad import IrmadDetector
from .pcakmeans import DEFAULT_BLOCK, PcaKmeansDetector
from ..errors import InputError
from ..normalise import Normaliser
from ..progress import Monitor
from ..raster.kind import PairSource

# the detectors agree by convention (needs_fit, fit, score), each fit on its own kind of pieces
Detector = Union[CvaDetector, PcaKmeansDetector, IrmadDetector]
DETECTORS: Dict[str, Type[Detector]] = {"cva": CvaDetector, "pcakmeans": PcaKmeansDetector, "irmad": IrmadDetector}
SAMPLE_PIXELS = 200_000   # pixels fitting the radiometric normalisation (as before windows)
FIT_AREA = 1_048_576      # pixels the methods fit on: the whole area up to this size
FIT_WINDOW = 128          # side of the fitting windows on larger areas (rounded to the block grid)
SCORE_SAMPLE = 4_000_000  # values the threshold sees: all of them up to this many
TILE = 512                # side of the scoring windows for up to TILE_BANDS bands
TILE_BANDS = 8


@dataclass
class DataWindow:
    """One read window (core plus halo) of both dates; `core` selects the core in it."""
    raw1: Optional[np.ndarray]   # (B, h, w) raw values, None when only normalised bands exist
    raw2: Optional[np.ndarray]
    n1: np.ndarray               # (B, h, w) normalised to [0, 1]
    n2: np.ndarray
    valid: np.ndarray            # (h, w) valid on both dates
    core: Tuple[slice, slice]    # rows, columns of the core inside the window
    edges: Tuple[bool, bool, bool, bool] = (True, True, True, True)  # top, bottom, left, right are the raster's


def whole_window(n1: np.ndarray, n2: np.ndarray, valid: np.ndarray, raw1: Optional[np.ndarray] = None,
                 raw2: Optional[np.ndarray] = None) -> DataWindow:
    """Whole arrays as one window: the whole-area computation (the tests' classical_arrays.run_classical)."""
    return DataWindow(raw1, raw2, n1, n2, valid, (slice(0, valid.shape[0]), slice(0, valid.shape[1])))


def read_window(pair: PairSource, normaliser: Normaliser, cx: int, cy: int, cw: int, ch: int, halo: int) -> DataWindow:
    """The core (cx, cy, cw, ch) with up to `halo` pixels around it, clipped to the raster."""
    x0, y0 = max(cx - halo, 0), max(cy - halo, 0)
    x1, y1 = min(cx + cw + halo, pair.width), min(cy + ch + halo, pair.height)
    raw1, raw2, valid = pair.read(x0, y0, x1 - x0, y1 - y0)
    n1, n2 = normaliser.apply(raw1, raw2, valid)
    return DataWindow(raw1, raw2, n1, n2, valid, (slice(cy - y0, cy - y0 + ch), slice(cx - x0, cx - x0 + cw)),
                      (y0 == 0, y1 == pair.height, x0 == 0, x1 == pair.width))


def fitting_cores(width: int, height: int, seed: int, fit_area: int = FIT_AREA,
                  align: int = DEFAULT_BLOCK) -> Iterator[Tuple[int, int, int, int]]:
    """(x, y, w, h) cores to fit on: the whole area when small, else the cells of a grid of
    windows (sides multiples of `align`, PCA-KMeans' block) in a seeded random order; the
    caller stops once it has enough valid pixels. Partial cells at the right and bottom
    edges are left out, so every cell has the same size."""
    if width * height <= fit_area:
        yield 0, 0, width, height
        return
    side = max(align, FIT_WINDOW // align * align)
    sx, sy = min(side, width), min(side, height)
    nx, ny = width // sx, height // sy
    for i in np.random.default_rng(seed).permutation(nx * ny):
        yield int(i % nx) * sx, int(i // nx) * sy, sx, sy


class ValueSample:
    """A uniform random sample of streamed values of at most ~capacity: every value while
    they fit, then each kept with probability p, halved (and the kept ones thinned by
    half) whenever the sample outgrows the capacity."""

    def __init__(self, capacity: int = SCORE_SAMPLE, seed: int = 0):
        self.capacity, self.p, self.count = capacity, 1.0, 0
        self.parts: List[np.ndarray] = []
        self.rng = np.random.default_rng(seed)

    def add(self, values: np.ndarray) -> None:
        if self.p < 1.0:
            values = values[self.rng.random(len(values)) < self.p]
        self.parts.append(values)
        self.count += len(values)
        while self.count > self.capacity:
            kept = np.concatenate(self.parts)
            kept = kept[self.rng.random(len(kept)) < 0.5]
            self.parts, self.count, self.p = [kept], len(kept), self.p / 2.0

    def values(self) -> np.ndarray:
        return np.concatenate(self.parts) if self.parts else np.zeros(0)


def window_side(nbands: int) -> int:
    """Scoring window side: TILE for up to TILE_BANDS bands, smaller for more bands, so a
    window's arrays stay within the same memory."""
    if nbands <= TILE_BANDS:
        return TILE
    return max(64, int(TILE * (TILE_BANDS / nbands) ** 0.5) // 64 * 64)


def fit_detector(method: str, pair: PairSource, normaliser: Normaliser, monitor: Monitor, seed: int = 0,
                 fit_area: int = FIT_AREA) -> Detector:
    """A detector of `method` with its statistics fitted on the fitting windows."""
    detector = DETECTORS[method](seed=seed)
    if not detector.needs_fit:
        return detector
    pieces: List[Any] = []  # each detector's own kind of piece, handed back to its fit
    collected = 0
    for cx, cy, cw, ch in fitting_cores(pair.width, pair.height, seed, fit_area):
        win = read_window(pair, normaliser, cx, cy, cw, ch, detector.halo)
        n_valid = int(np.count_nonzero(win.valid[win.core]))
        if n_valid:
            pieces.append(detector.fit_piece(win))
            collected += n_valid
        monitor.update(collected / fit_area)
        if collected >= fit_area:
            break
    if collected < 2:
        raise pair.too_few_valid()
    detector.fit(pieces)
    return detector


def score_by_windows(method: str, pair: PairSource, write: Callable[[int, int, np.ndarray], None], monitor: Monitor,
                     seed: int = 0, tile: Optional[int] = None, fit_area: int = FIT_AREA,
                     end: float = 100.0) -> float:
    """Fit `method` on `pair` and hand every window's core score (float32 in [0, 1], NaN
    where invalid) to write(x, y, score); progress runs from 0 to `end`. Returns the
    method's label-free threshold on the score."""
    if method not in DETECTORS:
        raise InputError(f"Unknown classical method '{method}'; choose one of "
                         f"{', '.join(sorted(DETECTORS))}.", code="classical_method_unknown", method=method,
                         choices=", ".join(sorted(DETECTORS)))
    monitor.stage(0, 5, stage("classical_normalise"))
    s1, s2 = pair.sample_pixels(SAMPLE_PIXELS, np.random.default_rng(seed))
    normaliser = Normaliser.fit(s1, s2)
    if DETECTORS[method].needs_fit:
        where = "the area" if pair.width * pair.height <= fit_area else "a sample of windows"
        monitor.stage(5, 20, stage("classical_fit", method=method, where=where))
    detector = fit_detector(method, pair, normaliser, monitor, seed, fit_area)
    monitor.stage(20, end, stage("classical_score", method=method))
    side = pair.block_aligned(tile or window_side(pair.nbands))
    total = tiling.count(pair.width, pair.height, side)
    sample = ValueSample(SCORE_SAMPLE, seed)
    for i, t in enumerate(tiling.tiles(pair.width, pair.height, side, detector.halo)):
        score, values = detector.score(read_window(pair, normaliser, t.cx, t.cy, t.cw, t.ch, detector.halo))
        if values is not None:
            sample.add(values)
        write(t.cx, t.cy, score)
        monitor.update((i + 1) / total)
    if detector.fixed_threshold is not None:
        return float(detector.fixed_threshold)
    return detector.threshold(sample.values())
