"""Renderers for Metric-CD outputs, shared by the Processing post-processor and the dialog.

Only layer objects are touched (no canvas or widget), so these can run wherever the
layer lives. Every style lets the imagery underneath show: the probability is transparent
at and below the decision threshold (unchanged ground at Pc 0.01-0.1 would otherwise lay a
faint veil over the whole scene), the mask is a half-transparent fill, the polygons are
outlines.

The colours read over true colour, false colour (vegetation red), a 6-band Landsat file in
QGIS's default bands 1-2-3 (reddish) and greyscale or SAR alike, so none of them is red: the
mask is cyan, the polygons magenta over a black halo, the probability plasma (colour-blind
safe, perceptually uniform) from yellow at the threshold to dark blue at 1, so that it still
shows through the cyan mask. Chosen by the colour differences QGIS's rendering gives over
those backdrops (tools/style_contrast.py; figures in docs/design_measurements.md)."""
from typing import Any, List, Optional

from qgis.PyQt.QtCore import QLocale
from qgis.PyQt.QtGui import QColor
from qgis.core import (QgsColorRampLegendNodeSettings, QgsColorRampShader, QgsFillSymbol,
                       QgsPalettedRasterRenderer, QgsRasterLayer, QgsRasterShader,
                       QgsSimpleFillSymbolLayer, QgsSingleBandPseudoColorRenderer, QgsSingleSymbolRenderer,
                       QgsVectorLayer)

from .core.raster.metadata import stored_threshold
from .gui.i18n import tr
from .qgis_enums import RAMP_DISCRETE, RAMP_LINEAR

# fraction of the way from the threshold to 1 -> colour (matplotlib's plasma, reversed)
PROBABILITY_RAMP = [(0.00, QColor("#f0f921")), (0.25, QColor("#f89540")), (0.50, QColor("#cc4778")),
                    (0.75, QColor("#7e03a8")), (1.00, QColor("#0d0887"))]
# shown when the file records no threshold: below it is what unchanged ground scores
LOW_VALUE = 0.1
NO_CHANGE, CHANGE = 0, 1
CHANGE_COLOUR = QColor(0, 255, 255)  # the mask and its preview (and the panel's histogram above the threshold)
MASK_ALPHA = 140  # of 255: the imagery and the probability show through the change mask
POLYGON_COLOUR, HALO_COLOUR = QColor(255, 0, 255), QColor(0, 0, 0)
POLYGON_WIDTH_MM, HALO_MM = 0.4, 0.2  # the halo shows HALO_MM on each side of the line
ABOVE = 1e-6      # change is value > threshold: the threshold itself stays transparent


def shown(threshold: float) -> str:
    """A threshold as legends show it: as set (0.7, not the 0.700001 a ramp starts at), to the
    0.001 the dialog sets it to, as the layer names (naming.threshold_text) write it, in the
    QGIS locale's way (0,7 in French)."""
    return QLocale().toString(float(f"{float(threshold):.3g}"), "g", 3)


def _clipped(layer: QgsRasterLayer, minimum: float, ramp_type: Any, items: List[QgsColorRampShader.ColorRampItem],
             minimum_label: str = "") -> None:
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
        if i == 0:
            label = (tr("> {value} (threshold)") if threshold is not None
                     else tr("> {value} (lower values transparent)")).format(value=shown(low))
        else:
            label = tr("1 (change)") if i == len(PROBABILITY_RAMP) - 1 else QLocale().toString(value, "f", 2)
        items.append(QgsColorRampShader.ColorRampItem(value, colour, label))
    _clipped(layer, start, RAMP_LINEAR, items, shown(low))


def style_mask_preview(layer: QgsRasterLayer, threshold: float) -> None:
    """The probability drawn as the change mask at `threshold` would be (renderer only).
    Two discrete classes: a discrete ramp gives a value the colour of the first break at or
    above it and does not clip below its first break, so "no change" must be a transparent
    class of its own, up to the threshold itself."""
    colour = QColor(CHANGE_COLOUR)
    colour.setAlpha(MASK_ALPHA)
    value = min(max(float(threshold), 0.0), 1.0)
    _clipped(layer, 0.0, RAMP_DISCRETE,
             [QgsColorRampShader.ColorRampItem(value, QColor(0, 0, 0, 0),
                                               tr("≤ {value}: no change (not drawn)").format(value=shown(value))),
              QgsColorRampShader.ColorRampItem(1.0, colour,
                                               tr("> {value}: change (preview)").format(value=shown(value)))])


def style_mask(layer: QgsRasterLayer, threshold: Optional[float] = None) -> None:
    """Two classes on band 1: 0 "no change" transparent, 1 "change" half-transparent cyan
    (nodata 255 not drawn); the legend names the threshold (the file's) as it was set."""
    if threshold is None:
        threshold = stored_threshold(layer.source().split("|")[0])
    colour = QColor(CHANGE_COLOUR)
    colour.setAlpha(MASK_ALPHA)
    if threshold is None:
        no_change, change = tr("no change"), tr("change")
    else:
        no_change = tr("no change (≤ {value})").format(value=shown(threshold))
        change = tr("change (> {value})").format(value=shown(threshold))
    classes = [QgsPalettedRasterRenderer.Class(NO_CHANGE, QColor(0, 0, 0, 0), no_change),
               QgsPalettedRasterRenderer.Class(CHANGE, colour, change)]
    layer.setRenderer(QgsPalettedRasterRenderer(layer.dataProvider(), 1, classes))
    layer.triggerRepaint()


def _outline(colour: QColor, width_mm: float) -> QgsSimpleFillSymbolLayer:
    return QgsSimpleFillSymbolLayer.create({"color": "0,0,0,0", "outline_color": colour.name(),
                                            "outline_width": str(width_mm), "joinstyle": "round"})


def style_polygons(layer: QgsVectorLayer) -> None:
    """Outlines without fill over a wider halo, so the imagery inside stays visible and the line
    reads over bright and dark ground alike."""
    symbol = QgsFillSymbol()
    symbol.changeSymbolLayer(0, _outline(HALO_COLOUR, POLYGON_WIDTH_MM + 2 * HALO_MM))
    symbol.appendSymbolLayer(_outline(POLYGON_COLOUR, POLYGON_WIDTH_MM))
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    layer.triggerRepaint()
