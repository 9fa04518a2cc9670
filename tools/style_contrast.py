"""How well the result styles (metric_cd_plugin.styling) read over a backdrop, measured on what
QGIS's own map renderer draws. Used by tests/qgis/test_style_contrast.py and, as a script, for
the table in docs/design_measurements.md:

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tools.style_contrast T2 PROB MASK GPKG [NAME]

The measure: each result layer is rendered over the backdrop and compared with the backdrop
alone, pixel by pixel, as CIE L*a*b* colour difference (CIE76 delta E, D65, sRGB), at the
pixels the layer stands for (mask: value 1; probability: above its threshold; polygons: the
pixels the line paints, without its halo). A delta E of about 2 is just noticeable side by side; over 20 the
two are different colours at a glance, so the share of pixels over 20 says how much of the
change jumps out. The ramp's spread is the delta E between the mean colours of the weakest
and the strongest quarter of the change pixels, with the mask drawn over the probability (as
the results are loaded): how much of the probability shows through the mask."""
import sys

import numpy as np
from osgeo import gdal
from qgis.core import (QgsContrastEnhancement, QgsMapRendererSequentialJob, QgsMapSettings,
                       QgsMultiBandColorRenderer, QgsRasterLayer, QgsRasterMinMaxOrigin,
                       QgsSingleBandGrayRenderer, QgsSingleSymbolRenderer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor, QImage

CLEAR = 20.0  # delta E over which two colours differ at a glance
SURROUNDINGS = 4  # px: the ground a change is seen against
# name -> bands of a 6-band Landsat T2 drawn that way (1-2-3: QGIS's default for such a file)
LANDSAT_BACKDROPS = {"true colour 3-2-1": (3, 2, 1), "false colour 4-3-2": (4, 3, 2),
                     "default 1-2-3": (1, 2, 3), "greyscale band 4": (4,)}


def backdrop(layer, bands):
    """Draw the raster as true or false colour (3 bands) or greyscale (1 band), stretched 2-98 %."""
    provider = layer.dataProvider()
    renderer = (QgsMultiBandColorRenderer(provider, *bands) if len(bands) == 3
                else QgsSingleBandGrayRenderer(provider, bands[0]))
    layer.setRenderer(renderer)
    layer.setContrastEnhancement(QgsContrastEnhancement.StretchToMinimumMaximum,
                                 QgsRasterMinMaxOrigin.CumulativeCut)


def pixels(image):
    """QImage -> (height, width, 4) uint8 array (B, G, R, A), copied."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    bits = image.constBits()
    bits.setsize(image.byteCount())
    return np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)[:, :image.width()].copy()


def render(layers, grid, background=QColor("white")):
    """The layers (top first) as QGIS draws them, one output pixel per pixel of raster `grid`."""
    settings = QgsMapSettings()
    settings.setLayers(layers)
    settings.setDestinationCrs(grid.crs())
    settings.setExtent(grid.extent())
    settings.setOutputSize(QSize(grid.width(), grid.height()))
    settings.setBackgroundColor(background)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    return pixels(job.renderedImage())


def lab(bgra):
    """B, G, R(, A) uint8 -> CIE L*a*b* (D65)."""
    rgb = bgra[..., 2::-1].astype(float) / 255.0
    linear = np.where(rgb <= 0.04045, rgb / 12.92, ((rgb + 0.055) / 1.055) ** 2.4)
    xyz = linear @ np.array([[0.4124, 0.3576, 0.1805], [0.2126, 0.7152, 0.0722], [0.0193, 0.1192, 0.9505]]).T
    xyz /= np.array([0.95047, 1.0, 1.08883])
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def delta_e(a, b):
    """CIE76 colour difference of two BGRA images (or pixel lists)."""
    return np.linalg.norm(lab(a) - lab(b), axis=-1)


def box_sum(values, radius):
    """Sum over the (2 radius + 1)^2 window around each pixel (zeros outside), last axes kept."""
    padded = np.pad(values, [(radius + 1, radius)] * 2 + [(0, 0)] * (values.ndim - 2))
    total = padded.cumsum(0).cumsum(1)
    side = 2 * radius + 1
    return total[side:, side:] - total[:-side, side:] - total[side:, :-side] + total[:-side, :-side]


def summary(difference):
    return float(np.median(difference)), float((difference > CLEAR).mean())


def contrast(layer, under, where):
    """Two (median delta E, share over CLEAR) pairs for `layer` drawn over the `under` raster, at
    the pixels `where`: against the backdrop alone at the same pixels (what the layer changes),
    and against the mean colour of the other pixels within SURROUNDINGS px (whether the change
    stands out from the ground around it; pixels with no such neighbour are left out)."""
    drawn = render([layer, under], under)
    colours = lab(drawn)
    around = (~where).astype(float)[..., None]
    count = box_sum(around, SURROUNDINGS)
    mean_around = box_sum(colours * around, SURROUNDINGS) / np.maximum(count, 1)
    has = where & (count[..., 0] > 0)
    return (summary(delta_e(drawn, render([under], under))[where]),
            summary(np.linalg.norm(colours - mean_around, axis=-1)[has]))


def painted(layer, grid):
    """Where the layer alone paints anything."""
    return render([layer], grid, QColor(0, 0, 0, 0))[..., 3] > 0


def line_pixels(polygons, grid):
    """Where the polygons' top symbol layer (the line itself, without a halo under it) paints."""
    line = polygons.clone()
    symbol = polygons.renderer().symbol().clone()
    while symbol.symbolLayerCount() > 1:
        symbol.deleteSymbolLayer(0)
    line.setRenderer(QgsSingleSymbolRenderer(symbol))
    return painted(line, grid)


def ramp_spread(stack, under, probability):
    """Delta E between the mean colours of the weakest and the strongest quarter of the drawn
    probability, with the `stack` (top first) over `under`."""
    drawn = render(stack + [under], under)
    values = probability[np.isfinite(probability)]
    low, high = np.quantile(values, [0.25, 0.75])
    mean = [lab(drawn[np.isfinite(probability) & side]).mean(0)
            for side in (probability <= low, probability >= high)]
    return float(np.linalg.norm(mean[0] - mean[1]))


def measure(t2, probability_layer, mask_layer, polygons_layer, threshold):
    """Per backdrop of `t2` (a QgsRasterLayer): {backdrop: {measure: value}}."""
    import metric_cd_plugin.styling as styling
    for layer, style in ((probability_layer, styling.style_probability), (mask_layer, styling.style_mask),
                         (polygons_layer, styling.style_polygons)):
        style(layer)
    change = gdal.Open(mask_layer.source()).ReadAsArray() == 1
    pc = gdal.Open(probability_layer.source()).ReadAsArray().astype(float)
    drawn_pc = np.where(pc > threshold, pc, np.nan)
    outline = line_pixels(polygons_layer, t2)
    views = (LANDSAT_BACKDROPS if t2.bandCount() >= 4 else {"greyscale SAR": (1,)})
    table = {}
    for name, bands in views.items():
        backdrop(t2, bands)
        row = {}
        for key, layer, where in (("mask", mask_layer, change), ("probability", probability_layer, pc > threshold),
                                  ("polygons", polygons_layer, outline)):
            row[key] = contrast(layer, t2, where)
        row["ramp spread alone"] = ramp_spread([probability_layer], t2, drawn_pc)
        row["ramp spread under mask"] = ramp_spread([mask_layer, probability_layer], t2, drawn_pc)
        table[name] = row
    return table


def main(t2_path, prob_path, mask_path, gpkg_path, title="pair"):
    from qgis.core import QgsApplication
    from metric_cd_plugin.core.raster.metadata import stored_threshold
    app = QgsApplication([], False)
    app.initQgis()
    t2 = QgsRasterLayer(t2_path, "T2")
    layers = (QgsRasterLayer(prob_path, "probability"), QgsRasterLayer(mask_path, "mask"),
              QgsVectorLayer(gpkg_path, "polygons", "ogr"))
    threshold = stored_threshold(prob_path)
    print(f"{title} (threshold {threshold:g}); median delta E / share over {CLEAR:g}; ramp spread")
    for name, row in measure(t2, *layers, threshold).items():
        cells = [f"{key} {v[0][0]:.0f} / {v[0][1]:.0%}, around {v[1][0]:.0f} / {v[1][1]:.0%}"
                 if isinstance(v, tuple) else f"{key} {v:.0f}" for key, v in row.items()]
        print(f"  {name:20s} " + "; ".join(cells))
    del t2, layers
    app.exitQgis()


if __name__ == "__main__":
    main(*sys.argv[1:])
