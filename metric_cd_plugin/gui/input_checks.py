"""Live checks of the dialog's choices, before anything runs: errors block Run (with the
reason shown), warnings only inform. Layer metadata only, main thread."""
import math
from dataclasses import dataclass, field
from typing import List, Optional

from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsCoordinateTransformContext,
                       QgsRasterLayer, QgsRectangle, QgsReferencedRectangle)

from .i18n import tr
from .layer_summary import pixel_size_text

REL_TOLERANCE = 1e-6  # pixel sizes/origins closer than this (relative to a pixel) are equal


@dataclass
class CheckResult:
    errors: List[str] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    retry_download: bool = False  # a failed weights download of this session: offer to retry it

    @property
    def can_run(self) -> bool:
        return not self.errors

    def extend(self, other: "CheckResult") -> None:
        self.errors += other.errors
        self.warnings += other.warnings


def _in_crs(rect: QgsRectangle, source: QgsCoordinateReferenceSystem,
            target: QgsCoordinateReferenceSystem,
            transform_context: QgsCoordinateTransformContext) -> Optional[QgsRectangle]:
    """rect reprojected to target (None if it cannot be)."""
    if source == target or not (source.isValid() and target.isValid()):
        return QgsRectangle(rect)
    try:
        return QgsCoordinateTransform(source, target, transform_context).transformBoundingBox(rect)
    except Exception:  # QgsCsException: e.g. a polar extent outside the target's area of use
        return None


def overlap(layer1: QgsRasterLayer, layer2: QgsRasterLayer,
            transform_context: QgsCoordinateTransformContext) -> Optional[QgsRectangle]:
    """The common area in T1's CRS, None when the rasters do not overlap."""
    extent2 = _in_crs(layer2.extent(), layer2.crs(), layer1.crs(), transform_context)
    common = layer1.extent().intersect(extent2) if extent2 is not None else QgsRectangle()
    return None if common.isEmpty() else common


def _near(a: float, b: float, unit: float) -> bool:
    return abs(a - b) <= REL_TOLERANCE * max(abs(unit), 1e-12)


def grid_differences(layer1: QgsRasterLayer, layer2: QgsRasterLayer) -> List[str]:
    """Why the two pixel grids differ (empty when they are the same grid)."""
    if layer1.crs() != layer2.crs():
        return [tr("CRS {crs1} vs {crs2}").format(crs1=layer1.crs().authid() or "?",
                                                  crs2=layer2.crs().authid() or "?")]
    px1, py1 = layer1.rasterUnitsPerPixelX(), layer1.rasterUnitsPerPixelY()
    px2, py2 = layer2.rasterUnitsPerPixelX(), layer2.rasterUnitsPerPixelY()
    if not (_near(px1, px2, px1) and _near(py1, py2, py1)):
        return [tr("pixel size {size1} vs {size2}").format(size1=pixel_size_text(layer1),
                                                           size2=pixel_size_text(layer2))]
    reasons = []
    e1, e2 = layer1.extent(), layer2.extent()
    shift_x, shift_y = (e2.xMinimum() - e1.xMinimum()) / px1, (e2.yMaximum() - e1.yMaximum()) / py1
    if not (_near(shift_x, round(shift_x), 1) and _near(shift_y, round(shift_y), 1)):
        reasons.append(tr("the pixels are shifted by a fraction of a pixel"))
    if (layer1.width(), layer1.height()) != (layer2.width(), layer2.height()) \
            or not (_near(shift_x, 0, 1) and _near(shift_y, 0, 1)):
        reasons.append(tr("T1 is {w1} × {h1} px, T2 is {w2} × {h2} px at another position").format(
            w1=layer1.width(), h1=layer1.height(), w2=layer2.width(), h2=layer2.height()))
    return reasons


def check_layers(layer1: Optional[QgsRasterLayer], layer2: Optional[QgsRasterLayer],
                 transform_context: QgsCoordinateTransformContext) -> CheckResult:
    result = CheckResult()
    for label, layer in (("T1", layer1), ("T2", layer2)):
        if layer is None:
            result.errors.append(tr("Choose a {label} raster layer (add one to the project first).")
                                 .format(label=label))
        elif not layer.isValid():
            result.errors.append(tr("The {label} layer '{name}' cannot be read.").format(
                label=label, name=layer.name()))
    if result.errors or layer1 is None or layer2 is None:
        return result
    if layer1.id() == layer2.id():
        result.errors.append(tr("T1 and T2 are the same layer; choose the two dates to compare."))
        return result
    common = overlap(layer1, layer2, transform_context)
    if common is None:
        result.errors.append(tr("T1 and T2 do not overlap, so there is nothing to compare; choose "
                                "two rasters of the same place."))
        return result
    differences = grid_differences(layer1, layer2)
    if differences:
        result.warnings.append(tr("The pixel grids differ ({reasons}): T2 will be aligned onto "
                                  "T1's grid.").format(reasons="; ".join(differences)))
    share = common.area() / layer1.extent().area() if layer1.extent().area() > 0 else 1.0
    if share < 1.0 - 1e-3:
        result.warnings.append(tr("T2 covers {percent} % of T1; only the overlap can show changes.")
                               .format(percent=math.floor(share * 100)))
    return result


def check_bands(bands1: List[int], bands2: List[int]) -> CheckResult:
    result = CheckResult()
    for label, bands in (("T1", bands1), ("T2", bands2)):
        if not bands:
            result.errors.append(tr("Tick at least one band of {label}.").format(label=label))
    if bands1 and bands2 and len(bands1) != len(bands2):
        result.errors.append(tr("T1 uses {n1} band(s) and T2 uses {n2}; tick the same number of bands "
                                "for each date, the matching bands in the same order.")
                             .format(n1=len(bands1), n2=len(bands2)))
    return result


def check_extent(extent: Optional[QgsReferencedRectangle], layer1: QgsRasterLayer,
                 layer2: QgsRasterLayer, transform_context: QgsCoordinateTransformContext) -> CheckResult:
    """A user extent must cut the area both rasters cover."""
    result = CheckResult()
    if extent is None or layer1 is None or layer2 is None:
        return result
    if extent.isEmpty():
        result.errors.append(tr("The extent is empty; set it or untick 'Limit to an extent'."))
        return result
    common = overlap(layer1, layer2, transform_context)
    wanted = _in_crs(extent, extent.crs(), layer1.crs(), transform_context)
    if common is not None and (wanted is None or common.intersect(wanted).isEmpty()):
        result.errors.append(tr("The extent does not cut the area both rasters cover; change it or "
                                "untick 'Limit to an extent'."))
    return result
