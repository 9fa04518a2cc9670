"""Run a classical detector and write its score (and mask) as atomic GeoTIFFs, window by
window, with the same conventions as the deep engine: Float32 score in [0, 1], nodata -1;
Byte mask, nodata 255. Nothing is left behind on error or cancel."""
from dataclasses import dataclass
from typing import Optional, Sequence

import numpy as np
from osgeo import gdal

from .. import __version__
from ..raster import tiling
from .run import GridInfo, check_method
from .windows import DETECTORS, FIT_AREA, TILE, score_by_windows
from ..raster.geotiff import MASK_NODATA, PROB_NODATA, AtomicGeoTiff, check_output_path, commit_all
from ..progress import Monitor
from ..raster.pair import RasterPair
from ..raster.summary import ChangeSummary, summarise


@dataclass
class ClassicalResult:
    threshold: float       # applied to the mask: the user's value, or else the method's own
    auto_threshold: float  # the method's label-free threshold
    grid: GridInfo
    summary: ChangeSummary  # how much changed at the threshold


def _mask(score: np.ndarray, threshold: float) -> np.ndarray:
    return np.where(np.isnan(score), MASK_NODATA, score > threshold).astype(np.uint8)


def write_mask(score_file: AtomicGeoTiff, mask_file: AtomicGeoTiff, width: int, height: int,
               threshold: float, monitor) -> None:
    """Second pass once the threshold is known: the mask from the score written so far."""
    total = tiling.count(width, height, TILE)
    for i, t in enumerate(tiling.tiles(width, height, TILE, 0)):
        s = score_file.read(t.x, t.y, t.w, t.h)
        mask_file.write(t.x, t.y, _mask(np.where(s == PROB_NODATA, np.nan, s), threshold))
        monitor.update((i + 1) / total)


def write_classical(method: str, t1: str, t2: str, output: str, mask_output: Optional[str] = None,
                    bands1: Optional[Sequence[int]] = None, bands2: Optional[Sequence[int]] = None,
                    progress=None, cancel=None, seed: int = 0, extent: Optional[Sequence[float]] = None,
                    threshold: Optional[float] = None, metadata: Optional[dict] = None,
                    tile: Optional[int] = None, fit_area: int = FIT_AREA) -> ClassicalResult:
    """Score (and mask, when mask_output is given) of `method` on any size of raster.
    threshold: the mask's threshold, None = the method's label-free rule. metadata: entries
    added to (or replacing) the run metadata written in the files. extent = (xmin, ymin,
    xmax, ymax) in T1's CRS cuts the area processed."""
    check_method(method)
    check_output_path(output, [t1, t2])
    if mask_output:
        check_output_path(mask_output, [t1, t2, output])
    monitor = Monitor(progress, cancel)
    pair = RasterPair(t1, t2, bands1, bands2, extent)
    files = []
    try:
        grid = GridInfo.of(pair)
        files.append(AtomicGeoTiff(output, grid.width, grid.height, grid.geotransform, grid.projection,
                                   gdal.GDT_Float32, PROB_NODATA, f"{method} change score"))
        if mask_output:
            files.append(AtomicGeoTiff(mask_output, grid.width, grid.height, grid.geotransform,
                                       grid.projection, gdal.GDT_Byte, MASK_NODATA, "change mask (1 = change)"))
        # a threshold known before scoring (the user's, PCA-KMeans' 0.5) masks in the same pass
        early = threshold if threshold is not None else DETECTORS[method].fixed_threshold
        second_pass = mask_output and early is None

        def write(x, y, score):
            files[0].write(x, y, np.where(np.isnan(score), PROB_NODATA, score).astype(np.float32))
            if mask_output and early is not None:
                files[1].write(x, y, _mask(score, early))
        auto = score_by_windows(method, pair, write, monitor, seed, tile, fit_area, 90.0 if second_pass else 100.0)
        used = auto if threshold is None else float(threshold)
        if second_pass:
            monitor.stage(90, 100, "Writing the change mask")
            write_mask(files[0], files[1], grid.width, grid.height, used, monitor)
        monitor.check()
        summary = summarise(files[0].read, grid.width, grid.height, grid.geotransform, grid.projection, used,
                            monitor.check)
        meta = {"plugin_version": __version__, "method": method, "t1": t1, "t2": t2,
                "bands1": bands1, "bands2": bands2, "threshold": used, "seed": seed,
                "extent": extent, "alignment": grid.alignment_note, "summary": summary.as_dict(),
                **(metadata or {})}
        commit_all(files, meta)  # both finished before either is renamed into place
    except BaseException:
        for f in files:
            f.abort()
        raise
    finally:
        pair.close()
    return ClassicalResult(used, auto, grid, summary)
