"""One interface over the classical (training-free) change detectors.

Every method gives a float32 score in [0, 1] (NaN where a pixel is invalid on either
date) and a label-free threshold on that score; change is ``score > threshold``.

    cva        Change Vector Analysis, Otsu threshold
    pcakmeans  PCA-KMeans (Celik 2009), threshold 0.5 = the k-means boundary
    irmad      IR-MAD (Nielsen 2007) on raw values, Kittler-Illingworth threshold on Z

Rasters of any size are processed window by window (windows.py: statistics
from a bounded sample, score per window); files are written by output.py.
Their accuracy on the reference pairs: `make bench` (bench/results/latest.md).
"""
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

from .windows import DETECTORS, FIT_AREA, score_by_windows, whole_window
from ..errors import InputError
from ..progress import CancelFn, Monitor, ProgressFn
from ..raster import kind as kind_module
from ..raster.pair import RasterPair

METHODS = DETECTORS


@dataclass
class GridInfo:
    """Where the score lies: the same attribute names as RasterPair, for the writer."""
    width: int
    height: int
    geotransform: Optional[Tuple[float, ...]]  # None when T1 has no georeference
    projection: str
    alignment_note: str = ""  # how T2 was put on T1's grid

    @classmethod
    def of(cls, pair: RasterPair) -> "GridInfo":
        return cls(pair.width, pair.height, pair.geotransform, pair.projection, pair.alignment_note)


def check_method(method: str) -> None:
    if method not in METHODS:
        raise InputError(f"Unknown classical method '{method}'; choose one of "
                         f"{', '.join(sorted(METHODS))}.")


def run_classical(method: str, n1: np.ndarray, n2: np.ndarray, valid: np.ndarray,
                  raw1: Optional[np.ndarray] = None, raw2: Optional[np.ndarray] = None,
                  seed: int = 0) -> Tuple[np.ndarray, float]:
    """Normalised (B, H, W) dates and (H, W) validity -> (score (H, W) float32 in [0, 1],
    NaN where invalid; threshold on the score), the whole arrays fitted and scored as one
    window. raw1/raw2 are the unnormalised bands, used by IR-MAD when given."""
    check_method(method)
    valid = np.asarray(valid, bool)
    if n1.shape != n2.shape or n1.shape[1:] != valid.shape:
        raise InputError(f"T1 {n1.shape}, T2 {n2.shape} and the validity mask {valid.shape} "
                         "differ in size; give arrays of one pixel grid.")
    if np.count_nonzero(valid) < 2:
        raise InputError("Fewer than two pixels are valid on both dates; check the nodata "
                         "settings and that the rasters overlap.")
    detector = METHODS[method](seed=seed)
    win = whole_window(n1, n2, valid, raw1, raw2)
    detector.fit([detector.fit_piece(win)])
    score, values = detector.score(win)
    if detector.fixed_threshold is not None:
        return score, float(detector.fixed_threshold)
    return score, detector.threshold(values)


def detect_classical(method: str, t1_path: str, t2_path: str,
                     bands1: Optional[Sequence[int]] = None, bands2: Optional[Sequence[int]] = None,
                     progress: Optional[ProgressFn] = None, cancel: Optional[CancelFn] = None,
                     seed: int = 0, extent: Optional[Sequence[float]] = None,
                     tile: Optional[int] = None, fit_area: int = FIT_AREA,
                     data_kind: str = "auto") -> Tuple[np.ndarray, float, GridInfo]:
    """Open the pair and run one classical method window by window -> (score, threshold,
    grid), the score as one array of the area (4 bytes a pixel: for areas that fit in
    memory; output.write_classical streams any size to GeoTIFF). extent =
    (xmin, ymin, xmax, ymax) in T1's CRS cuts the area processed; tile and fit_area set
    the window size and the fitting area (windows.py); data_kind as in output.write_classical."""
    check_method(method)
    kind_name = kind_module.check_kind(data_kind)
    monitor = Monitor(progress, cancel)
    pair = RasterPair(t1_path, t2_path, bands1, bands2, extent)
    try:
        score = np.full((pair.height, pair.width), np.nan, np.float32)

        def write(x, y, window_score):
            score[y:y + window_score.shape[0], x:x + window_score.shape[1]] = window_score
        source, _ = kind_module.prepare(pair, kind_name, seed)
        threshold = score_by_windows(method, source, write, monitor, seed, tile, fit_area)
        grid = GridInfo.of(pair)
    finally:
        pair.close()
    return score, threshold, grid
