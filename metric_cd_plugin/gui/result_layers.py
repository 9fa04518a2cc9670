"""Finished outputs -> styled layers in a layer-tree group named after the pair (main thread)."""
from typing import Any, Callable, Dict, List, Optional, Tuple

from qgis.core import (QgsCoordinateTransform, QgsLayerTreeGroup, QgsMapLayer, QgsProject, QgsRasterLayer,
                       QgsVectorLayer)
from qgis.gui import QgsMapCanvas

from .. import naming, styling
from .i18n import tr
from .run_words import number

POLYGON_TABLE = "changes"  # the layer name core.polygons writes in the GeoPackage


def _name(kind: str, meta: dict, threshold: bool = True) -> str:
    """The layer name in the dialog's language, numbers as the locale writes them."""
    return naming.layer_name(kind, meta, threshold=threshold, tr=tr, number=lambda value: number(value, 3, "g"))


def _unique_group_name(root: QgsLayerTreeGroup, name: str) -> str:
    return naming.numbered(name, {group.name() for group in root.findGroups()})


def _wanted(results: Dict[str, Any]) -> List[Tuple[QgsMapLayer, Callable[[QgsMapLayer], None]]]:
    """(layer, style) for OUTPUT (probability), OUTPUT_MASK and OUTPUT_POLYGONS where present,
    named after what they are and how they were made (their run metadata)."""
    wanted: List[Tuple[QgsMapLayer, Callable[[QgsMapLayer], None]]] = []  # (layer, its styler)
    if results.get("OUTPUT"):
        meta = naming.read_metadata(results["OUTPUT"])
        wanted.append((QgsRasterLayer(results["OUTPUT"], _name(tr("Change probability"), meta, threshold=False)),
                       styling.style_probability))
    mask_meta = naming.read_metadata(results.get("OUTPUT_MASK") or results.get("OUTPUT") or "")
    if results.get("OUTPUT_MASK"):
        wanted.append((QgsRasterLayer(results["OUTPUT_MASK"], _name(tr("Change mask"), mask_meta)),
                       styling.style_mask))
    if results.get("OUTPUT_POLYGONS"):
        source = f"{results['OUTPUT_POLYGONS']}|layername={POLYGON_TABLE}"
        wanted.append((QgsVectorLayer(source, _name(tr("Change polygons"), mask_meta), "ogr"),
                       styling.style_polygons))
    for layer, _ in wanted:  # all or nothing: no half-filled group
        if not layer.isValid():
            raise OSError(tr("The output '{path}' cannot be opened as a layer.").format(path=layer.source()))
    return wanted


def load_outputs(project: QgsProject, group: QgsLayerTreeGroup,
                 results: Dict[str, Any]) -> List[QgsMapLayer]:
    """Styled layers of the outputs on top of `group` (polygons over mask over probability)."""
    layers: List[QgsMapLayer] = []
    for layer, style in _wanted(results):
        style(layer)
        project.addMapLayer(layer, False)  # False: placed in the group below, not at the root
        group.insertLayer(0, layer)        # later outputs on top: polygons over mask over probability
        layers.append(layer)
    return layers


def add_results(project: QgsProject, results: dict, group_name: str) -> List[QgsMapLayer]:
    """Load the outputs, styled, in a new group at the top of the layer tree; returns the
    layers, probability first."""
    _wanted(results)  # raises before a group is made when an output cannot be opened
    root = project.layerTreeRoot()
    group = root.insertGroup(0, _unique_group_name(root, group_name))
    return load_outputs(project, group, results)


def zoom_to_layer(canvas: Optional[QgsMapCanvas], project: QgsProject, layer_id: str) -> None:
    """Zoom the canvas to a layer that may have been removed since (then nothing happens)."""
    layer: Optional[QgsMapLayer] = project.mapLayer(layer_id)
    if canvas is None or layer is None:
        return
    extent = layer.extent()
    destination = canvas.mapSettings().destinationCrs()
    if layer.crs().isValid() and destination.isValid() and layer.crs() != destination:
        transform = QgsCoordinateTransform(layer.crs(), destination, project.transformContext())
        extent = transform.transformBoundingBox(extent)
    canvas.setExtent(extent)
    canvas.refresh()
