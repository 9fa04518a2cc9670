"""Renderers for Metric-CD outputs, shared by the Processing post-processor and the dialog.

Only layer objects are touched (no canvas or widget), so these can run wherever the
layer lives."""
from qgis.PyQt.QtGui import QColor
from qgis.core import (QgsColorRampShader, QgsFillSymbol, QgsPalettedRasterRenderer,
                       QgsRasterLayer, QgsRasterShader, QgsSingleBandPseudoColorRenderer,
                       QgsSingleSymbolRenderer, QgsVectorLayer)

from .qgis_enums import RAMP_LINEAR

# value -> colour; 0 is fully transparent so unchanged ground shows the basemap through
PROBABILITY_RAMP = [
    (0.00, QColor(255, 255, 178, 0), "0 (no change)"),
    (0.25, QColor(254, 204, 92)),
    (0.50, QColor(253, 141, 60)),
    (0.75, QColor(240, 59, 32)),
    (1.00, QColor(189, 0, 38), "1 (change)"),
]
NO_CHANGE, CHANGE = 0, 1
CHANGE_COLOUR = QColor(220, 0, 0)


def style_probability(layer: QgsRasterLayer) -> None:
    """Pseudocolour ramp over 0..1 on band 1, 0 transparent (nodata -1 is not drawn)."""
    items = [QgsColorRampShader.ColorRampItem(v, c, label[0] if label else f"{v:g}")
             for v, c, *label in PROBABILITY_RAMP]
    ramp = QgsColorRampShader(0.0, 1.0)
    ramp.setColorRampType(RAMP_LINEAR)
    ramp.setColorRampItemList(items)
    shader = QgsRasterShader(0.0, 1.0)
    shader.setRasterShaderFunction(ramp)  # the shader takes ownership
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(0.0)
    renderer.setClassificationMax(1.0)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_mask(layer: QgsRasterLayer) -> None:
    """Two classes on band 1: 0 "no change" transparent, 1 "change" red (nodata 255 not drawn)."""
    classes = [QgsPalettedRasterRenderer.Class(NO_CHANGE, QColor(0, 0, 0, 0), "no change"),
               QgsPalettedRasterRenderer.Class(CHANGE, CHANGE_COLOUR, "change")]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.triggerRepaint()


def style_polygons(layer: QgsVectorLayer) -> None:
    """Red outlines without fill, so the imagery underneath stays visible."""
    symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "220,0,0,255",
                                         "outline_width": "0.5"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()
