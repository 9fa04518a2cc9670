"""Renderers for Metric-CD outputs, shared by the Processing post-processor and the dialog.

Only layer objects are touched (no canvas or widget), so these can run wherever the
layer lives. Every style lets the imagery underneath show: the probability is transparent
at and below the decision threshold (unchanged ground at Pc 0.01-0.1 would otherwise lay a
faint veil over the whole scene), the mask is a half-transparent fill, the polygons are
outlines."""
from typing import Optional

from qgis.PyQt.QtGui import QColor
from qgis.core import (QgsColorRampLegendNodeSettings, QgsColorRampShader, QgsFillSymbol,
                       QgsPalettedRasterRenderer, QgsRasterLayer, QgsRasterShader,
                       QgsSingleBandPseudoColorRenderer, QgsSingleSymbolRenderer, QgsVectorLayer)

from .core.raster.metadata import stored_threshold
from .qgis_enums import RAMP_DISCRETE, RAMP_LINEAR

# fraction of the way from the threshold to 1 -> colour
PROBABILITY_RAMP = [(0.00, QColor(255, 255, 178)), (0.25, QColor(254, 204, 92)),
                    (0.50, QColor(253, 141, 60)), (0.75, QColor(240, 59, 32)), (1.00, QColor(189, 0, 38))]
# shown when the file records no threshold: below it is what unchanged ground scores
LOW_VALUE = 0.1
NO_CHANGE, CHANGE = 0, 1
CHANGE_COLOUR = QColor(220, 0, 0)
MASK_ALPHA = 140  # of 255: the imagery shows through the change mask
ABOVE = 1e-6      # change is value > threshold: the threshold itself stays transparent


def _clipped(layer, minimum, ramp_type, items, minimum_label=""):
    ramp = QgsColorRampShader(minimum, 1.0)
    ramp.setColorRampType(ramp_type)
    ramp.setColorRampItemList(items)
    ramp.setClip(True)  # values below the minimum are not drawn
    if minimum_label:  # the legend's ramp would otherwise print the minimum itself (0.500001)
        legend = QgsColorRampLegendNodeSettings()
        legend.setMinimumLabel(minimum_label)
        ramp.setLegendSettings(legend)
    shader = QgsRasterShader(minimum, 1.0)
    shader.setRasterShaderFunction(ramp)  # the shader takes ownership
    renderer = QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader)
    renderer.setClassificationMin(minimum)
    renderer.setClassificationMax(1.0)
    layer.setRenderer(renderer)
    layer.triggerRepaint()


def style_probability(layer: QgsRasterLayer, threshold: Optional[float] = None) -> None:
    """Pseudocolour ramp from the threshold (the file's, else LOW_VALUE) to 1 on band 1;
    values at or below it, and nodata -1, are not drawn."""
    if threshold is None:
        threshold = stored_threshold(layer.source().split("|")[0])
    low = LOW_VALUE if threshold is None else min(max(float(threshold), 0.0), 1.0)
    start = min(low + ABOVE, 1.0)
    items = []
    for i, (fraction, colour) in enumerate(PROBABILITY_RAMP):
        value = start + fraction * (1.0 - start)
        label = (f"> {low:.3g} ({'threshold' if threshold is not None else 'lower values transparent'})"
                 if i == 0 else "1 (change)" if i == len(PROBABILITY_RAMP) - 1 else f"{value:.2f}")
        items.append(QgsColorRampShader.ColorRampItem(value, colour, label))
    _clipped(layer, start, RAMP_LINEAR, items, f"{low:g}")


def style_mask_preview(layer: QgsRasterLayer, threshold: float) -> None:
    """The probability drawn as the change mask at `threshold` would be (renderer only).
    Two discrete classes: a discrete ramp gives a value the colour of the first break at or
    above it and does not clip below its first break, so "no change" must be a transparent
    class of its own, up to the threshold itself."""
    colour = QColor(CHANGE_COLOUR)
    colour.setAlpha(MASK_ALPHA)
    value = min(max(float(threshold), 0.0), 1.0)
    _clipped(layer, 0.0, RAMP_DISCRETE,
             [QgsColorRampShader.ColorRampItem(value, QColor(0, 0, 0, 0), f"≤ {value:g}: no change (not drawn)"),
              QgsColorRampShader.ColorRampItem(1.0, colour, f"> {value:g}: change (preview)")])


def style_mask(layer: QgsRasterLayer) -> None:
    """Two classes on band 1: 0 "no change" transparent, 1 "change" half-transparent red
    (nodata 255 not drawn)."""
    colour = QColor(CHANGE_COLOUR)
    colour.setAlpha(MASK_ALPHA)
    classes = [QgsPalettedRasterRenderer.Class(NO_CHANGE, QColor(0, 0, 0, 0), "no change"),
               QgsPalettedRasterRenderer.Class(CHANGE, colour, "change")]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.triggerRepaint()


def style_polygons(layer: QgsVectorLayer) -> None:
    """Red outlines without fill, so the imagery underneath stays visible."""
    symbol = QgsFillSymbol.createSimple({"color": "0,0,0,0", "outline_color": "220,0,0,255",
                                         "outline_width": "0.5"})
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()
