"""Style outputs when Processing loads them into a project (GUI runs, models, runAndLoadResults)."""
from qgis.core import QgsProcessingContext, QgsProcessingLayerPostProcessorInterface

from .. import styling
from .layer_places import place_in_group


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, style):
        super().__init__()
        self._style = style

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802 (Qt API)
        if layer is not None and layer.isValid():
            self._style(layer)
            place_in_group(layer, context.project())


# Processing keeps only a pointer to a post-processor, so these live as long as the module
# (a per-run instance would be garbage collected before the layer is loaded).
_STYLERS = {
    "probability": StylePostProcessor(styling.style_probability),
    "mask": StylePostProcessor(styling.style_mask),
    "polygons": StylePostProcessor(styling.style_polygons),
}


def style_on_load(context: QgsProcessingContext, destination: str, kind: str) -> None:
    """Ask Processing to style ``destination`` as ``kind`` if it is going to load it."""
    if destination and context.willLoadLayerOnCompletion(destination):
        context.layerToLoadOnCompletionDetails(destination).setPostProcessor(_STYLERS[kind])
