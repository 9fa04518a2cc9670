"""Area of change and accuracy from the labelled sample points (the estimation step).

The points carry their stratum and its size, so the estimate needs nothing else. The map
class of each point is the one stored with it, or read from `mask` at the point when a
(possibly different) change mask is given: strata and map classes then differ, as they do
anyway with a "possible change" stratum, and Stehman's (2014) estimators apply; when every
stratum is exactly one map class, Olofsson et al.'s (2014). Unsure and unlabelled points
are counted and left out (the estimate is then that of the labelled sample)."""
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence, Set, cast

import numpy as np
from osgeo import osr

from ..errors import InputError
from ..raster.grid import crs_label, same_crs, spatial_ref
from ..raster.polygons import hectares_per_unit
from ..raster.sources import open_raster
from .estimators import AreaEstimates, Estimate, counts_from_units, olofsson, stehman
from .sample_points import CHANGE, NO_CHANGE, UNSURE, PointTable, read_points
from .sampling import STRATA

CLASSES = (CHANGE, NO_CHANGE)
FEW_LABELLED = 10  # under this many labelled points a stratum's SE is rough, the normal interval approximate


@dataclass
class AreaReport:
    estimates: AreaEstimates
    unit: str                      # "ha" or "px"
    per_unit: float                # hectares (or pixels) in one unit of the stratum sizes
    labelled: Dict[str, int]       # labelled change / no-change points per stratum
    sampled: Dict[str, int]        # all points per stratum
    unsure: int
    unlabelled: int
    stratum_sizes: Dict[str, int]
    notes: List[str] = field(default_factory=list)

    def area(self, cls: str = CHANGE) -> Estimate:
        return self.estimates.area(cls).scaled(self.per_unit)

    def mapped_area(self, cls: str = CHANGE) -> float:
        return self.estimates.mapped[cls] * self.estimates.total_area * self.per_unit


def _map_from_mask(table: PointTable, mask_path: str) -> List[Optional[str]]:
    """The mask's class at every point, reprojecting the points when the CRSs differ (said in a
    note); a point off the mask or on its nodata is refused."""
    ds = open_raster(mask_path, "Change mask")
    band = ds.GetRasterBand(1)
    gt = ds.GetGeoTransform()
    inv = np.linalg.inv(np.array([[gt[1], gt[2]], [gt[4], gt[5]]]))
    mask_srs, point_srs = spatial_ref(ds), table.srs
    transform = None
    if mask_srs is not None and point_srs is not None and not same_crs(mask_srs, point_srs):
        for srs in (mask_srs, point_srs):
            srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
        transform = osr.CoordinateTransformation(point_srs, mask_srs)
        table.notes.append(f"The points ({crs_label(point_srs)}) were reprojected to the mask's CRS "
                           f"({crs_label(mask_srs)}) to read its class at each point.")
    classes: List[Optional[str]] = []
    for pid, xy in zip(table.ids, table.xy):
        if xy is None:
            raise InputError(f"Point {pid} has no geometry, so the change mask '{mask_path}' cannot be read "
                             "there; give every sample point a location (or delete it).")
        x, y = transform.TransformPoint(*xy)[:2] if transform else xy
        col, row = (inv @ np.array([x - gt[0], y - gt[3]])).astype(float)
        col, row = int(np.floor(col)), int(np.floor(row))
        if not (0 <= col < ds.RasterXSize and 0 <= row < ds.RasterYSize):
            raise InputError(f"Point {pid} lies outside the change mask '{mask_path}'; give the mask the points "
                             "were drawn from (or one covering them).")
        value = band.ReadAsArray(col, row, 1, 1)[0, 0]
        if value not in (0, 1):
            raise InputError(f"Point {pid} falls on nodata ({value}) in the change mask '{mask_path}'; give the "
                             "mask the points were drawn from.")
        classes.append(CHANGE if value == 1 else NO_CHANGE)
    return classes


def _one_class_per_stratum(strata: Sequence[str], map_classes: Sequence[str]) -> bool:
    seen: Dict[str, Set[str]] = {}
    for s, m in zip(strata, map_classes):
        seen.setdefault(s, set()).add(m)
    owners = [next(iter(v)) for v in seen.values() if len(v) == 1]
    return len(owners) == len(seen) and len(set(owners)) == len(owners)


def estimate_from_units(strata: Sequence[str], maps: Sequence[str], refs: Sequence[str],
                        sizes: Dict[str, int]) -> AreaEstimates:
    """Olofsson et al.'s estimators when every stratum is one map class (and each map class one
    stratum), else Stehman's; labelled units only (change / no change)."""
    if _one_class_per_stratum(strata, maps) and set(maps) == set(CLASSES):
        owner = {s: m for s, m in zip(strata, maps)}
        mapped = [sum(n for h, n in sizes.items() if owner[h] == c) for c in CLASSES]
        return olofsson(counts_from_units(maps, refs, CLASSES), mapped, CLASSES)
    return stehman(strata, maps, refs, sizes, CLASSES)


def estimate_area(points_path: str, mask_path: Optional[str] = None) -> AreaReport:
    table = read_points(points_path)
    map_classes = _map_from_mask(table, mask_path) if mask_path else table.map_classes
    if any(m not in CLASSES for m in map_classes):
        raise InputError(f"'{points_path}' has points without a map class (change or no change); give the "
                         "change mask with them so that it is read at each point.")
    keep = [i for i, r in enumerate(table.references) if r in CLASSES]
    strata = [table.strata[i] for i in keep]
    order = [h for h in STRATA if h in table.stratum_sizes] + sorted(set(table.stratum_sizes) - set(STRATA))
    labelled = {h: strata.count(h) for h in order}
    for h in order:
        if labelled[h] < 2:
            got = "no labelled point" if labelled[h] == 0 else "only one labelled point"
            raise InputError(f"The stratum '{h}' has {got} (change or no change); label at least two of its "
                             f"{table.strata.count(h)} points, or its area cannot be estimated.")
    few = [f"{h} ({labelled[h]})" for h in order if labelled[h] < FEW_LABELLED]
    if few:
        table.notes.append(f"Few points labelled change or no change in stratum {', '.join(few)}: the intervals "
                           "are wide and their 95 % only approximate; label more points there if you can.")
    sizes = {h: table.stratum_sizes[h] for h in order}
    # every map class and every kept reference is one of CLASSES (checked above): none is None
    maps, refs = (cast(List[str], [labels[i] for i in keep]) for labels in (map_classes, table.references))
    est = estimate_from_units(strata, maps, refs, sizes)
    hectares = hectares_per_unit(table.srs)
    unit, per_unit = ("ha", table.pixel_area * hectares) if hectares else ("px", 1.0)
    return AreaReport(est, unit, per_unit, labelled, {h: table.strata.count(h) for h in order},
                      table.references.count(UNSURE), table.references.count(None), sizes, table.notes)
