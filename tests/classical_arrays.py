"""The classical detectors on whole in-memory arrays, for tests of the methods' properties
(the package runs them on files, window by window: core/classical/output.py)."""
from typing import Optional, Tuple

import numpy as np

from metric_cd_plugin.core.classical.run import METHODS, check_method
from metric_cd_plugin.core.classical.windows import whole_window
from metric_cd_plugin.core.errors import InputError


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


def detect_classical(method: str, t1: str, t2: str, progress=None, cancel=None, tile: Optional[int] = None,
                     fit_area: Optional[int] = None, **request):
    """One classical run through the package's writer (core/classical/output.py), its score
    read back as an array (NaN where nodata) -> (score, the method's own threshold, grid)."""
    import os
    import tempfile
    from osgeo import gdal
    from metric_cd_plugin.core.classical.output import write_classical
    from metric_cd_plugin.core.classical.request import ClassicalRequest
    from metric_cd_plugin.core.raster.geotiff import PROB_NODATA
    if fit_area is not None:
        request["fit_area"] = fit_area
    with tempfile.TemporaryDirectory() as folder:
        out = os.path.join(folder, "score.tif")
        result = write_classical(ClassicalRequest(method, t1, t2, out, tile=tile, **request), progress, cancel)
        score = gdal.Open(out).ReadAsArray().astype(np.float32)
    return np.where(score == PROB_NODATA, np.nan, score), result.auto_threshold, result.grid
