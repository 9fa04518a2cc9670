"""The sample points of a labelling session, in their labelling order (the `id` field), and
the writing of a label into the `reference` field, straight to the layer's file so that a
closed panel (or QGIS) resumes where the analyst stopped."""
from dataclasses import dataclass
from typing import List, Optional

from qgis.core import QgsGeometry, QgsMapLayer, QgsPointXY, QgsRectangle, QgsVectorLayer

from ..core.accuracy.sample_points import REFERENCE_VALUES, normalise_reference

REFERENCE = "reference"


@dataclass
class Point:
    fid: int
    point_id: int
    x: float
    y: float
    width: float          # the sampled pixel's size, for its outline (layer CRS units)
    height: float
    label: Optional[str]

    def pixel(self) -> QgsGeometry:
        w, h = self.width / 2, self.height / 2
        return QgsGeometry.fromRect(QgsRectangle(self.x - w, self.y - h, self.x + w, self.y + h))

    def centre(self) -> QgsPointXY:
        return QgsPointXY(self.x, self.y)


def usable(layer: Optional[QgsMapLayer]) -> Optional[str]:
    """None when the layer can be labelled, else why not (one sentence)."""
    if not isinstance(layer, QgsVectorLayer) or not layer.isValid():
        return "Choose the sample points layer written by the sampling design."
    if layer.fields().indexOf(REFERENCE) < 0:
        return f"The layer '{layer.name()}' has no 'reference' field; choose the points of the sampling design."
    return None


def read_points(layer: QgsVectorLayer) -> List[Point]:
    fields = layer.fields()
    has = {name: fields.indexOf(name) >= 0 for name in ("id", "px_width", "px_height")}
    points = []
    for f in layer.getFeatures():
        geom = f.geometry()
        if geom is None or geom.isEmpty():
            continue
        p = geom.asPoint()
        width = float(f["px_width"]) if has["px_width"] and f["px_width"] else 0.0
        height = float(f["px_height"]) if has["px_height"] and f["px_height"] else width
        label = normalise_reference(f[REFERENCE] if f[REFERENCE] not in (None, "") else None)
        points.append(Point(f.id(), int(f["id"]) if has["id"] and f["id"] is not None else f.id(), p.x(), p.y(),
                            width, height, label))
    points.sort(key=lambda q: q.point_id)
    return points


def first_unlabelled(points: List[Point], start: int = 0) -> int:
    """The next point without a label from `start` on (wrapping), or `start` when all are."""
    n = len(points)
    for step in range(n):
        i = (start + step) % n
        if points[i].label is None:
            return i
    return min(start, max(n - 1, 0))


def write_label(layer: QgsVectorLayer, point: Point, label: str) -> bool:
    """Writes to the file (or to the edit buffer when the analyst has the layer in editing)."""
    if label not in REFERENCE_VALUES:
        raise ValueError(label)
    index = layer.fields().indexOf(REFERENCE)
    if layer.isEditable():
        ok = layer.changeAttributeValue(point.fid, index, label)
    else:
        ok = layer.dataProvider().changeAttributeValues({point.fid: {index: label}})
    if ok:
        point.label = label
        layer.triggerRepaint()
    return bool(ok)
