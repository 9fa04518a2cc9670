"""One interface over the classical (training-free) change detectors.

Every method gives a float32 score in [0, 1] (NaN where a pixel is invalid on either
date) and a label-free threshold on that score; change is ``score > threshold``.

    cva        Change Vector Analysis, Otsu threshold
    pcakmeans  PCA-KMeans (Celik 2009), threshold 0.5 = the k-means boundary
    irmad      IR-MAD (Nielsen 2007) on raw values, Kittler-Illingworth threshold on Z

Rasters of any size are processed window by window (windows.py: statistics
from a bounded sample, score per window); files are written by output.py, which
core.change.run_change calls for every front end.
Their accuracy on the reference pairs: `make bench` (bench/results/latest.md).
"""
from dataclasses import dataclass
from typing import Optional, Tuple

from .windows import DETECTORS
from ..errors import InputError
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
                         f"{', '.join(sorted(METHODS))}.", code="classical_method_unknown", method=method,
                         choices=", ".join(sorted(METHODS)))
