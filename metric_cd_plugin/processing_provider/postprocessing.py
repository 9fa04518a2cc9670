"""Style outputs when Processing loads them into a project (GUI runs, batch runs, models,
runAndLoadResults)."""
from typing import Callable, List, Optional

from qgis.core import (QgsMapLayer, QgsProcessingContext, QgsProcessingFeedback,
                       QgsProcessingLayerPostProcessorInterface)
from qgis.PyQt import sip

from .. import styling
from .layer_places import place_in_group

STYLES = {"probability": styling.style_probability, "mask": styling.style_mask,
          "polygons": styling.style_polygons}


class StylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    def __init__(self, style: Callable[[QgsMapLayer], None]) -> None:
        super().__init__()
        self._style = style

    def postProcessLayer(self, layer: Optional[QgsMapLayer], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> None:
        if layer is not None and layer.isValid():
            self._style(layer)
            place_in_group(layer, context.project())


# The context takes ownership of a post-processor and deletes it with itself (the end of a
# run), so each output of each run needs its own; the Python side must live until then
# too, or Processing would call a half-destroyed object. Kept here, dropped once deleted.
_PENDING: List[QgsProcessingLayerPostProcessorInterface] = []


def style_on_load(context: QgsProcessingContext, destination: str, kind: str) -> None:
    """Ask Processing to style ``destination`` as ``kind`` if it is going to load it."""
    if destination and context.willLoadLayerOnCompletion(destination):
        styler = StylePostProcessor(STYLES[kind])
        _PENDING[:] = [p for p in _PENDING if not sip.isdeleted(p)] + [styler]
        context.layerToLoadOnCompletionDetails(destination).setPostProcessor(styler)
