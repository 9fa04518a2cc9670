"""Which raster layers were added last, to pre-select T1 and T2.

QGIS does not record when a layer was added (ids are UUIDs, and the layer tree can be
reordered), so the plugin counts QgsProject.layersAdded from initGui on. Layers that were
already there rank as older, in layer-tree order (bottom = oldest)."""
from itertools import count
from typing import Dict, Iterable, List, Optional, Tuple

from qgis.core import QgsMapLayer, QgsProject, QgsRasterLayer
from qgis.PyQt.QtCore import QObject

from ..qgis_enums import LAYER_TYPE_RASTER


class LayerAddOrder(QObject):
    def __init__(self, project: QgsProject, parent: Optional[QObject] = None) -> None:
        super().__init__(parent)
        self._project = project
        self._ticket = count(1)
        self._added: Dict[str, int] = {}  # layer id -> order of addition
        project.layersAdded.connect(self._on_layers_added)

    def _on_layers_added(self, layers: Iterable[QgsMapLayer]) -> None:
        for layer in layers:
            self._added[layer.id()] = next(self._ticket)

    def disconnect_project(self) -> None:
        try:
            self._project.layersAdded.disconnect(self._on_layers_added)
        except TypeError:  # already disconnected
            pass

    def raster_layers(self) -> List[QgsRasterLayer]:
        """The project's raster layers, oldest first."""
        tree = [node.layerId() for node in reversed(self._project.layerTreeRoot().findLayers())]
        rasters = [layer for layer in self._project.mapLayers().values()
                   if layer.type() == LAYER_TYPE_RASTER]
        position = {layer_id: i for i, layer_id in enumerate(tree)}

        def rank(layer: QgsRasterLayer) -> Tuple[int, int]:
            # added since tracking started: by addition; else before them, bottom of the tree first
            return (1, self._added[layer.id()]) if layer.id() in self._added \
                else (0, position.get(layer.id(), -1))
        return sorted(rasters, key=rank)

    def latest_pair(self) -> Tuple[Optional[QgsRasterLayer], Optional[QgsRasterLayer]]:
        """(older, newer) of the two most recently added rasters; None where there are too few."""
        rasters = self.raster_layers()
        if len(rasters) >= 2:
            return rasters[-2], rasters[-1]
        return (rasters[-1] if rasters else None), None
