"""What one classical run needs; adapters build it from their own parameters."""
from dataclasses import dataclass, field
from typing import Optional, Sequence

from .windows import FIT_AREA


@dataclass
class ClassicalRequest:
    method: str                                  # a key of classical.run.METHODS
    t1: str
    t2: str
    output: str                                  # score GeoTIFF, Float32 in [0, 1]
    mask_output: Optional[str] = None
    bands1: Optional[Sequence[int]] = None
    bands2: Optional[Sequence[int]] = None
    seed: int = 0
    extent: Optional[Sequence[float]] = None     # (xmin, ymin, xmax, ymax) in T1's CRS; None = the overlap
    threshold: Optional[float] = None            # the mask's threshold; None = the method's label-free rule
    metadata: dict = field(default_factory=dict)  # entries added to (or replacing) the run metadata
    tile: Optional[int] = None                   # scoring window side; None = windows.TILE
    fit_area: int = FIT_AREA                     # pixels the statistics are fitted on
    data_kind: str = "auto"                      # auto, optical or sar (SAR: log-ratio, raster/kind.py)
