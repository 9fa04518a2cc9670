"""The rasters of one change run, for every method: the Float32 probability or score in
[0, 1] (nodata -1) and the optional Byte mask (1 change, 0 no change, nodata 255). They are
checked before any computation, created together, written by windows, then committed
together (both complete before either is renamed into place) or aborted (nothing left)."""
from types import TracebackType
from typing import Optional, Protocol, Sequence, Tuple, Type

import numpy as np
from osgeo import gdal

from . import tiling
from ..thresholds import is_change
from .destinations import RASTER, check_outputs
from .geotiff import MASK_NODATA, PROB_NODATA, AtomicGeoTiff, commit_all
from ..progress import Monitor


def mask_of(score: np.ndarray, threshold: float) -> np.ndarray:
    """Change mask of a score with NaN where invalid: 1 above the threshold (thresholds.is_change,
    the one counting rule), nodata at NaN."""
    return np.where(np.isnan(score), MASK_NODATA, is_change(score, threshold)).astype(np.uint8)


class Grid(Protocol):
    """Where the outputs lie: a RasterPair, or classical.run.GridInfo."""
    width: int
    height: int
    geotransform: Optional[Tuple[float, ...]]  # None without georeference
    projection: str


class ChangeOutputs:
    """grid: anything with width, height, geotransform and projection (Grid).
    As a context manager: an exception inside the block aborts both files (commit() is the
    block's last step, so leaving it normally leaves nothing to abort)."""

    def __init__(self, output: str, mask_output: Optional[str], grid: Grid, description: str) -> None:
        self.width, self.height = grid.width, grid.height
        self.score = AtomicGeoTiff(output, grid.width, grid.height, grid.geotransform, grid.projection,
                                   gdal.GDT_Float32, PROB_NODATA, description)
        self.mask: Optional[AtomicGeoTiff] = None
        if mask_output:
            try:
                self.mask = AtomicGeoTiff(mask_output, grid.width, grid.height, grid.geotransform,
                                          grid.projection, gdal.GDT_Byte, MASK_NODATA, "change mask (1 = change)")
            except BaseException:
                self.score.abort()
                raise

    @staticmethod
    def check(output: str, mask_output: Optional[str], inputs: Sequence[str]) -> None:
        """Before any computation: no output overwrites an input or the other output
        (core.raster.destinations, the one check of every output)."""
        check_outputs([("output", output, RASTER), ("change mask", mask_output or None, RASTER)], list(inputs))

    def write_score(self, x: int, y: int, score: np.ndarray, threshold: Optional[float] = None) -> None:
        """A window of the score (NaN where invalid); with a threshold known before the end
        of the run, its mask window in the same pass."""
        self.score.write(x, y, np.where(np.isnan(score), PROB_NODATA, score).astype(np.float32))
        if self.mask is not None and threshold is not None:
            self.mask.write(x, y, mask_of(score, threshold))

    def write_mask(self, threshold: float, tile: int, monitor: Monitor) -> None:
        """Second pass once the threshold is known: the mask from the score written so far."""
        if self.mask is None:  # called only when a mask output was asked for
            raise ValueError("write_mask: this run has no mask output")
        total = tiling.count(self.width, self.height, tile)
        for i, t in enumerate(tiling.tiles(self.width, self.height, tile, 0)):
            s = self.score.read(t.x, t.y, t.w, t.h)
            self.mask.write(t.x, t.y, mask_of(np.where(s == PROB_NODATA, np.nan, s), threshold))
            monitor.update((i + 1) / total)

    def commit(self, metadata: dict) -> None:
        commit_all([w for w in (self.score, self.mask) if w is not None], metadata)

    def __enter__(self) -> "ChangeOutputs":
        return self

    def __exit__(self, exc_type: Optional[Type[BaseException]], exc: Optional[BaseException],
                 tb: Optional[TracebackType]) -> None:
        if exc_type is not None:
            self.abort()

    def abort(self) -> None:
        for w in (self.score, self.mask):
            if w is not None:
                w.abort()
