"""One interface over the classical (training-free) change detectors.

Every method returns a float32 score in [0, 1] (NaN where a pixel is invalid on either
date) and a label-free threshold on that score; change is ``score > threshold``.

    cva        Change Vector Analysis, Otsu threshold
    pcakmeans  PCA-KMeans (Celik 2009), threshold 0.5 = the k-means boundary
    irmad      IR-MAD (Nielsen 2007) on raw values, Kittler-Illingworth threshold on Z

Measured with tools/measure_classical.py (F1 / kappa / AUC at the label-free threshold):

    method     Taizhou              Nanjing              Szada
    cva        0.936 0.922 0.993    0.822 0.786 0.968    0.265 0.189 0.789
    pcakmeans  0.945 0.933 0.999    0.789 0.744 0.960    0.282 0.208 0.805
    irmad      0.943 0.928 0.995    0.773 0.719 0.973    0.329 0.265 0.827
"""
from dataclasses import dataclass
from typing import Optional, Sequence, Tuple

import numpy as np

from .classical_cva import cva
from .classical_irmad import irmad
from .classical_pcakmeans import pcakmeans
from .errors import InputError
from .normalise import Normaliser
from .progress import CancelFn, Monitor, ProgressFn
from .raster_pair import RasterPair

MAX_PIXELS = 50_000_000  # the whole area is held in memory (~1 GB for 50 MP x 3 bands)

METHODS = {
    "cva": lambda n1, n2, valid, raw1, raw2, seed: cva(n1, n2, valid),
    "pcakmeans": lambda n1, n2, valid, raw1, raw2, seed: pcakmeans(n1, n2, valid, seed=seed),
    "irmad": lambda n1, n2, valid, raw1, raw2, seed: irmad(n1, n2, valid, raw1, raw2, seed=seed),
}


@dataclass
class GridInfo:
    """Where the score lies: the same attribute names as RasterPair, for the writer."""
    width: int
    height: int
    geotransform: Optional[Tuple[float, ...]]  # None when T1 has no georeference
    projection: str
    alignment_note: str = ""  # how T2 was put on T1's grid


def _check_method(method: str) -> None:
    if method not in METHODS:
        raise InputError(f"Unknown classical method '{method}'; choose one of "
                         f"{', '.join(sorted(METHODS))}.")


def run_classical(method: str, n1: np.ndarray, n2: np.ndarray, valid: np.ndarray,
                  raw1: Optional[np.ndarray] = None, raw2: Optional[np.ndarray] = None,
                  seed: int = 0) -> Tuple[np.ndarray, float]:
    """Normalised (B, H, W) dates and (H, W) validity -> (score (H, W) float32 in [0, 1],
    NaN where invalid; threshold on the score). raw1/raw2 are the unnormalised bands,
    used by IR-MAD when given."""
    _check_method(method)
    valid = np.asarray(valid, bool)
    if n1.shape != n2.shape or n1.shape[1:] != valid.shape:
        raise InputError(f"T1 {n1.shape}, T2 {n2.shape} and the validity mask {valid.shape} "
                         "differ in size; give arrays of one pixel grid.")
    if np.count_nonzero(valid) < 2:
        raise InputError("Fewer than two pixels are valid on both dates; check the nodata "
                         "settings and that the rasters overlap.")
    score, threshold = METHODS[method](n1, n2, valid, raw1, raw2, seed)
    return score.astype(np.float32, copy=False), float(threshold)


def detect_classical(method: str, t1_path: str, t2_path: str,
                     bands1: Optional[Sequence[int]] = None, bands2: Optional[Sequence[int]] = None,
                     progress: Optional[ProgressFn] = None, cancel: Optional[CancelFn] = None,
                     max_sample: int = 200_000, seed: int = 0, extent: Optional[Sequence[float]] = None,
                     max_pixels: int = MAX_PIXELS) -> Tuple[np.ndarray, float, GridInfo]:
    """Open the pair, fit the radiometric normalisation on a bounded sample of valid pixels
    and run one classical method -> (score, threshold, grid). Writing GeoTIFFs is left to
    the caller. extent = (xmin, ymin, xmax, ymax) in T1's CRS cuts the area processed.

    The whole area is read into memory at once (about 4 float32 copies of both dates,
    e.g. ~200 MB for 10 Mpx x 3 bands), so an area above max_pixels is refused with a
    message; tiled processing is left for later because PCA-KMeans' k-means and IR-MAD's
    CCA need statistics of the whole image."""
    _check_method(method)
    monitor = Monitor(progress, cancel)
    pair = RasterPair(t1_path, t2_path, bands1, bands2, extent)
    try:
        if pair.width * pair.height > max_pixels:
            raise InputError(
                f"The area to process is {pair.width * pair.height / 1e6:.1f} MP ({pair.width} x "
                f"{pair.height} px), more than the {max_pixels / 1e6:g} MP the classical methods hold "
                "in memory at once; use the deep method (Metric-CD), which reads by tiles, or give "
                "an extent to process a part.")
        monitor.stage(0, 10, "Fitting the radiometric normalisation")
        s1, s2 = pair.sample_pixels(max_sample, np.random.default_rng(seed))
        normaliser = Normaliser.fit(s1, s2)
        monitor.stage(10, 30, "Reading both dates")
        t1, t2, valid = pair.read(0, 0, pair.width, pair.height)
        n1, n2 = normaliser.apply(t1, t2, valid)
        monitor.stage(30, 100, f"Running {method}")
        score, threshold = run_classical(method, n1, n2, valid, t1, t2, seed=seed)
        monitor.update(1.0)
        grid = GridInfo(pair.width, pair.height, pair.geotransform, pair.projection, pair.alignment_note)
    finally:
        pair.close()
    return score, threshold, grid
