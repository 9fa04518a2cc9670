"""What the analyst sees on the map while previewing another threshold: the probability
layer rendered by QGIS's own map renderer, and the drawn pixels counted against the
fraction of the probability above the threshold."""
import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsMapRendererSequentialJob, QgsMapSettings, QgsProject, QgsRasterLayer
from qgis.gui import QgsMessageBar
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from conftest import write_raster
from dialog_fixtures import clean_project  # noqa: F401
from metric_cd_plugin.core.raster.geotiff import PROB_NODATA
from metric_cd_plugin.core.raster.metadata import DOMAIN, encode_run_metadata

SIDE = 120
RUN_THRESHOLD = 0.6  # what the run recorded: the panel previews whenever the value differs from it


def render(layer):
    """The layer as QGIS draws it, one output pixel per raster pixel, transparent background."""
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(layer.crs())
    settings.setExtent(layer.extent())
    settings.setOutputSize(QSize(layer.width(), layer.height()))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    bits = image.constBits()
    bits.setsize(image.byteCount())
    argb = np.frombuffer(bits, np.uint8).reshape(image.height(), image.bytesPerLine() // 4, 4)
    return argb[:, :image.width()].copy()  # B, G, R, A (little-endian ARGB32); a copy: the image dies here


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
    red = drawn[opaque]
    assert (red[:, 2] > red[:, 1] + 100).all()  # the mask's red, nothing else

    panel.auto_button.click()  # back to the run's threshold: the probability ramp above it
    assert not panel.previewing()
    np.testing.assert_array_equal(render(layer)[..., 3] > 0, (values != PROB_NODATA) & (values > RUN_THRESHOLD))
