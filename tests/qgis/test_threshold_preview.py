"""What the analyst sees on the map while previewing another threshold: the probability
layer rendered by QGIS's own map renderer, and the drawn pixels counted against the
fraction of the probability above the threshold; and the probability's legend in the layers
panel, which shows the threshold as the user set it."""
import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (QgsColorRampShader, QgsLayerTreeModel, QgsProject, QgsRasterLayer, QgsRasterShader,
                       QgsSingleBandPseudoColorRenderer)
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtGui import QColor

from conftest import write_raster
from dialog_fixtures import clean_project  # noqa: F401
from metric_cd_plugin import styling
from metric_cd_plugin.qgis_enums import RAMP_LINEAR
from metric_cd_plugin.core.raster.geotiff import PROB_NODATA
from metric_cd_plugin.core.raster.metadata import DOMAIN, encode_run_metadata
from tools import style_contrast
from tools.style_contrast import pixels

SIDE = 120
RUN_THRESHOLD = 0.6  # what the run recorded: the panel previews whenever the value differs from it


def render(layer):
    """The layer as QGIS draws it, one output pixel per raster pixel, transparent background."""
    return style_contrast.render([layer], layer, QColor(0, 0, 0, 0))


@pytest.fixture()
def probability(tmp_path):
    """Pc uniform in [0, 1] with a nodata border, so that each threshold's share is known."""
    values = np.random.default_rng(5).random((SIDE, SIDE)).astype(np.float32)
    values[:4] = PROB_NODATA
    path = write_raster(tmp_path / "prob.tif", values[None], dtype=gdal.GDT_Float32, nodata=PROB_NODATA)
    ds = gdal.Open(path, gdal.GA_Update)
    ds.SetMetadata(encode_run_metadata({"threshold": RUN_THRESHOLD, "threshold_rule": "decision"}), DOMAIN)
    ds = None
    return path, values


@pytest.mark.parametrize("threshold", [0.3, 0.5, 0.7, 0.9])
def test_preview_draws_exactly_the_pixels_above_the_threshold(clean_project, probability,  # noqa: F811
                                                              threshold):
    from metric_cd_plugin.gui.threshold_panel import ThresholdPanel
    path, values = probability
    layer = QgsRasterLayer(path, "Change probability")
    assert layer.isValid()
    QgsProject.instance().addMapLayer(layer)
    panel = ThresholdPanel(QgsProject.instance(), QgsMessageBar())
    panel.show_run([layer])
    panel.set_value(threshold)
    assert panel.previewing()
    drawn = render(layer)
    expected = (values != PROB_NODATA) & (values > threshold)
    opaque = drawn[..., 3] > 0
    assert opaque.sum() == expected.sum(), (f"{opaque.mean():.1%} of the pixels drawn at threshold {threshold}, "
                                            f"{expected.mean():.1%} above it")
    np.testing.assert_array_equal(opaque, expected)
    colour = styling.CHANGE_COLOUR  # the mask's colour, nothing else (B, G, R; within rounding of its alpha)
    assert np.abs(drawn[opaque][:, :3].astype(int) - [colour.blue(), colour.green(), colour.red()]).max() <= 3

    panel.auto_button.click()  # back to the run's threshold: the probability ramp above it
    assert not panel.previewing()
    np.testing.assert_array_equal(render(layer)[..., 3] > 0, (values != PROB_NODATA) & (values > RUN_THRESHOLD))


def legend_image(layer):
    """The colour ramp legend of the layer as the layers panel draws it (ramp and its end values)."""
    model = QgsLayerTreeModel(QgsProject.instance().layerTreeRoot())
    nodes = model.layerLegendNodes(QgsProject.instance().layerTreeRoot().findLayer(layer.id()))
    return nodes[-1].data(Qt.ItemDataRole.DecorationRole).toImage()


def ramp_from(layer, low):
    """The probability ramp as QGIS shows it when its lowest value is `low` itself."""
    ramp = QgsColorRampShader(low, 1.0)
    ramp.setColorRampType(RAMP_LINEAR)  # QGIS 4 drops the Type alias (qgis_enums.py)
    ramp.setColorRampItemList([QgsColorRampShader.ColorRampItem(low + f * (1.0 - low), c, "")
                               for f, c in styling.PROBABILITY_RAMP])
    shader = QgsRasterShader(low, 1.0)
    shader.setRasterShaderFunction(ramp)
    layer.setRenderer(QgsSingleBandPseudoColorRenderer(layer.dataProvider(), 1, shader))


@pytest.mark.parametrize("threshold", [0.5, 0.7])
def test_the_legend_shows_the_threshold_as_set(clean_project, probability, threshold):  # noqa: F811
    layer = QgsRasterLayer(probability[0], "Change probability")
    QgsProject.instance().addMapLayer(layer)
    ramp_from(layer, threshold)
    expected = legend_image(layer)  # reads "1" at the top, the threshold (e.g. "0.5") at the bottom
    styling.style_probability(layer, threshold)
    shown = legend_image(layer)
    wrong = f"the legend does not read {threshold:g} (but e.g. {threshold + styling.ABOVE:g})"
    assert shown.size() == expected.size(), wrong  # a longer label makes a wider legend
    # the ramp itself may differ by one colour level (it starts 1e-6 above); any text would differ by far more
    assert np.abs(pixels(shown).astype(int) - pixels(expected)).max() <= 2, wrong
