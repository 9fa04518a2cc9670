"""How much changed, from a change probability (or score) raster and its threshold: the
changed area in map units and, where the CRS gives ground units, in square metres (planar
for a projected CRS, like the polygons' area; on the ellipsoid for a geographic one); its
share of the valid area; and the number of change patches (4-connected groups of change
pixels, as the polygons are). Read by row strips and counted with a streaming union of
pixel runs, so memory does not grow with the raster."""
import math
from dataclasses import asdict, dataclass
from typing import Callable, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, osr

from ..errors import Cancelled
from ..thresholds import is_change
from .geotiff import PROB_NODATA

STRIP_PIXELS = 1_000_000  # pixels read at once (4 MB of Float32; the temporaries are a few times that)


@dataclass
class ChangeSummary:
    threshold: float
    changed_pixels: int
    valid_pixels: int
    patches: int
    changed_area: float           # square map units
    valid_area: float
    map_unit: str                 # "metre", "degree", "US survey foot"...; "" without a CRS
    changed_m2: Optional[float]   # None when the CRS gives no ground area
    valid_m2: Optional[float]

    @property
    def percent(self) -> float:
        """Changed share of the valid area (of the ground area where it is known)."""
        changed, valid = ((self.changed_m2, self.valid_m2) if self.valid_m2
                          else (self.changed_area, self.valid_area))
        # summarise() sets changed_m2 and valid_m2 together: with valid_m2, changed_m2 is a number
        return 100.0 * changed / valid if valid else 0.0  # type: ignore[operator]

    @property
    def changed_ha(self) -> Optional[float]:
        return None if self.changed_m2 is None else self.changed_m2 / 1e4

    def as_dict(self) -> dict:
        """Plain numbers for metadata, CSV and Processing outputs."""
        values = asdict(self)
        values.update(percent_of_valid=self.percent, changed_ha=self.changed_ha,
                      changed_km2=None if self.changed_m2 is None else self.changed_m2 / 1e6)
        return values

    def area_text(self) -> str:
        if self.changed_m2 is None:
            unit = f"square {self.map_unit}s" if self.map_unit else "square map units"
            return f"{self.changed_area:,.6g} {unit}"
        if self.changed_m2 >= 1e8:  # from 100 km² on, km² reads better than hectares
            return f"{self.changed_m2 / 1e6:,.2f} km²"
        return f"{self.changed_m2 / 1e4:,.2f} ha"

    def text(self) -> str:
        """One line for a message bar, a log or a terminal."""
        patches = f"{self.patches:,} patch" + ("" if self.patches == 1 else "es")
        return (f"Changed: {self.area_text()} ({self.changed_pixels:,} pixels), {self.percent:.2f} % of "
                f"the valid area, in {patches}.")


class PatchCounter:
    """Counts 4-connected groups of True pixels fed in strips of rows, top to bottom. Only
    the last row's runs and their group ids are kept between strips."""

    def __init__(self) -> None:
        self.closed = 0      # groups that cannot grow any more
        self._row: Optional[np.ndarray] = None  # the last row fed, prepended to the next strip
        self._ids: Optional[np.ndarray] = None  # group id of each run in that row

    def feed(self, strip: np.ndarray) -> None:
        carried, ids = self._row, self._ids  # set together: both None before the first strip
        rows = np.vstack([carried[None], strip]) if carried is not None else strip
        row, start, end = _runs(rows)
        a, b = _touching(row, start, end, rows.shape[1] + 2)
        if ids is not None:  # runs of the carried row that earlier rows already joined
            first = np.flatnonzero(row == 0)
            order = first[np.argsort(ids, kind="stable")]
            same = ids[np.argsort(ids, kind="stable")]
            joined = same[1:] == same[:-1]
            a, b = np.concatenate([a, order[:-1][joined]]), np.concatenate([b, order[1:][joined]])
        root = _components(len(row), a, b)
        last = root[row == rows.shape[0] - 1]
        self.closed += len(np.unique(root)) - len(np.unique(last))
        self._row, self._ids = rows[-1].copy(), last

    def total(self) -> int:
        return self.closed + (len(np.unique(self._ids)) if self._ids is not None else 0)


def _runs(rows: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(row, start, end) of every horizontal run of True pixels, in reading order."""
    padded = np.zeros((rows.shape[0], rows.shape[1] + 2), np.int8)
    padded[:, 1:-1] = rows
    steps = np.diff(padded, axis=1)
    row, start = np.nonzero(steps == 1)
    _, end = np.nonzero(steps == -1)
    return row.astype(np.int64), start.astype(np.int64), end.astype(np.int64)


def _touching(row: np.ndarray, start: np.ndarray, end: np.ndarray, stride: int) -> Tuple[np.ndarray, np.ndarray]:
    """Pairs (a, b) of runs in consecutive rows that share a column (a above b)."""
    start_key, end_key = row * stride + start, row * stride + end  # both sorted
    below = (row + 1) * stride
    lo = np.searchsorted(end_key, below + start, side="right")  # first run below ending after our start
    hi = np.searchsorted(start_key, below + end, side="left")   # past the last starting before our end
    count = np.maximum(hi - lo, 0)
    a = np.repeat(np.arange(len(row)), count)
    b = np.repeat(lo, count) + np.arange(count.sum()) - np.repeat(np.cumsum(count) - count, count)
    return a, b


def _components(n: int, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Root of each of n nodes joined by edges (a, b): hook roots onto smaller roots, then
    jump pointers until every node points at its root; repeat until no edge joins two roots."""
    parent = np.arange(n)
    while a.size:
        pa, pb = parent[a], parent[b]
        apart = pa != pb
        if not apart.any():
            break
        a, b, pa, pb = a[apart], b[apart], pa[apart], pb[apart]
        parent[np.maximum(pa, pb)] = np.minimum(pa, pb)
        while True:
            grand = parent[parent]
            if np.array_equal(grand, parent):
                break
            parent = grand
    return parent


def _row_areas(geotransform: Optional[Sequence[float]], projection: str,
               height: int) -> Tuple[np.ndarray, Optional[np.ndarray], str]:
    """(area of one pixel of each row in square map units, in m² or None, map unit name)."""
    gt = geotransform or (0.0, 1.0, 0.0, 0.0, 0.0, 1.0)
    pixel = abs(gt[1] * gt[5] - gt[2] * gt[4])
    units = np.full(height, pixel)
    srs = osr.SpatialReference(wkt=projection) if projection else None
    if srs is None or geotransform is None:
        return units, None, ""
    if srs.IsProjected() or srs.IsLocal():
        return units, units * srs.GetLinearUnits() ** 2, srs.GetLinearUnitsName()
    if srs.IsGeographic() and gt[2] == 0 and gt[4] == 0:
        radians = srs.GetAngularUnits()  # radians per unit
        top = gt[3] + np.arange(height) * gt[5]
        lat1, lat2 = np.clip(top * radians, -math.pi / 2, math.pi / 2), \
            np.clip((top + gt[5]) * radians, -math.pi / 2, math.pi / 2)
        ground = _zone_area(lat1, lat2, srs.GetSemiMajor(), srs.GetSemiMinor()) * abs(gt[1] * radians)
        return units, ground, srs.GetAngularUnitsName()
    return units, None, ""


def _zone_area(lat1: np.ndarray, lat2: np.ndarray, a: float, b: float) -> np.ndarray:
    """Area on the ellipsoid between two latitudes per radian of longitude (exact)."""
    e = math.sqrt(max(0.0, 1.0 - (b / a) ** 2))
    if e < 1e-12:
        return a * a * np.abs(np.sin(lat2) - np.sin(lat1))

    def q(lat: np.ndarray) -> np.ndarray:
        s = np.sin(lat)
        return s / (1 - (e * s) ** 2) + np.log((1 + e * s) / (1 - e * s)) / (2 * e)
    return b * b / 2 * np.abs(q(lat2) - q(lat1))


def summarise(read: Callable[[int, int, int, int], np.ndarray], width: int, height: int,
              geotransform: Optional[Sequence[float]],
              projection: str, threshold: float, cancel: Optional[Callable[[], object]] = None,
              strip_pixels: int = STRIP_PIXELS) -> ChangeSummary:
    """Summary of a probability raster read through read(x, y, w, h): change is p > threshold
    on valid pixels (not -1, finite) by thresholds.is_change, exactly as the mask is written."""
    units, ground, unit_name = _row_areas(geotransform, projection, height)
    counter = PatchCounter()
    changed_rows, valid_rows = np.zeros(height), np.zeros(height)
    rows = max(1, strip_pixels // max(width, 1))
    for y in range(0, height, rows):
        if cancel is not None and cancel():
            raise Cancelled()
        p = read(0, y, width, min(rows, height - y))
        valid = np.isfinite(p) & (p != PROB_NODATA)
        change = valid & is_change(p, threshold)
        counter.feed(change)
        changed_rows[y:y + p.shape[0]] = change.sum(axis=1)
        valid_rows[y:y + p.shape[0]] = valid.sum(axis=1)
    return ChangeSummary(
        float(threshold), int(changed_rows.sum()), int(valid_rows.sum()), counter.total(),
        float(changed_rows @ units), float(valid_rows @ units), unit_name,
        None if ground is None else float(changed_rows @ ground),
        None if ground is None else float(valid_rows @ ground))


def summarise_file(path: str, threshold: float, cancel: Optional[Callable[[], object]] = None,
                   strip_pixels: int = STRIP_PIXELS) -> ChangeSummary:
    """The summary of a probability or score GeoTIFF at a threshold."""
    ds = gdal.Open(path)
    try:
        band = ds.GetRasterBand(1)
        return summarise(band.ReadAsArray, ds.RasterXSize, ds.RasterYSize,
                         ds.GetGeoTransform(can_return_null=True), ds.GetProjection(), threshold, cancel,
                         strip_pixels)
    finally:
        ds = None
