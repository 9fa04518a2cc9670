"""Run a classical detector and write its score (and mask) as atomic GeoTIFFs, with the
same conventions as the deep engine: Float32 score in [0, 1], nodata -1; Byte mask."""
from typing import Optional, Sequence

import numpy as np
from osgeo import gdal

from . import __version__
from .classical import detect_classical
from .errors import Cancelled
from .geotiff_writer import MASK_NODATA, PROB_NODATA, AtomicGeoTiff, check_output_path, commit_all


def write_classical(method: str, t1: str, t2: str, output: str, mask_output: Optional[str] = None,
                    bands1: Optional[Sequence[int]] = None, bands2: Optional[Sequence[int]] = None,
                    progress=None, cancel=None, seed: int = 0, extent: Optional[Sequence[float]] = None) -> float:
    """Returns the label-free threshold used for the mask. extent = (xmin, ymin, xmax, ymax)
    in T1's CRS cuts the area processed."""
    check_output_path(output, [t1, t2])
    if mask_output:
        check_output_path(mask_output, [t1, t2, output])
    score, threshold, grid = detect_classical(method, t1, t2, bands1, bands2, progress, cancel, seed=seed,
                                              extent=extent)
    meta = {"plugin_version": __version__, "method": method, "t1": t1, "t2": t2,
            "bands1": bands1, "bands2": bands2, "threshold": threshold, "seed": seed,
            "extent": extent, "alignment": grid.alignment_note}
    write_score_and_mask(score, threshold, grid, output, mask_output, meta, cancel,
                         f"{method} change score")
    return threshold


def write_score_and_mask(score, threshold, grid, output, mask, metadata, cancel=None,
                         description="change score") -> None:
    """Score (NaN = invalid) -> Float32 GeoTIFF (nodata -1), and the mask score > threshold
    as Byte (nodata 255), each written in one window and committed together."""
    invalid = ~np.isfinite(score)
    writers = []
    try:
        writers.append(AtomicGeoTiff(output, grid.width, grid.height, grid.geotransform, grid.projection,
                                     gdal.GDT_Float32, PROB_NODATA, description))
        writers[-1].write(0, 0, np.where(invalid, PROB_NODATA, score).astype(np.float32))
        if mask:
            writers.append(AtomicGeoTiff(mask, grid.width, grid.height, grid.geotransform,
                                         grid.projection, gdal.GDT_Byte, MASK_NODATA,
                                         "change mask (1 = change)"))
            writers[-1].write(0, 0, np.where(invalid, MASK_NODATA, score > threshold).astype(np.uint8))
        if cancel is not None and cancel():
            raise Cancelled()
        commit_all(writers, metadata)
    except BaseException:
        for writer in writers:
            writer.abort()
        raise
