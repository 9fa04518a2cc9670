"""Polygons of rasters without georeference, from the command line, Processing and the
dialog, drawn by QGIS's map renderer over their change mask: QGIS draws such a raster at
y 0 to -H with no CRS, so the polygons must cover exactly its change pixels there, whatever
the project's CRS (no reprojection of one layer against the other)."""
import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (QgsCoordinateReferenceSystem, QgsFillSymbol, QgsMapRendererSequentialJob, QgsMapSettings,
                       QgsProject, QgsRasterLayer, QgsSingleSymbolRenderer, QgsVectorLayer)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from cli.test_cli import cli
from dialog_fixtures import clean_project, make_dialog, wait_until  # noqa: F401
from metric_cd_plugin import styling
from synthetic import write_raster
from test_dialog_run import tiny_settings

H, W = 40, 56
PROJECT_CRS = ["", "EPSG:4326", "EPSG:3857"]  # none (as the raster's), QGIS's default, a projected one


@pytest.fixture()
def probability(tmp_path):
    """An ungeoreferenced Pc with three changes away from the middle row, so a mirror shows."""
    values = np.full((H, W), 0.1, np.float32)
    values[2:8, 3:15] = 0.9
    values[10:13, 40:52] = 0.8
    values[30:38, 20:24] = 0.7
    return write_raster(tmp_path / "prob.tif", values, gt=None)


def drawn(layer, extent, crs, height, width):
    settings = QgsMapSettings()
    settings.setLayers([layer])
    settings.setDestinationCrs(QgsCoordinateReferenceSystem(crs))
    settings.setExtent(extent)
    settings.setOutputSize(QSize(width, height))
    settings.setBackgroundColor(QColor(0, 0, 0, 0))
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    image = job.renderedImage()
    bits = image.constBits()
    bits.setsize(image.byteCount())
    alpha = np.frombuffer(bits, np.uint8).reshape(height, image.bytesPerLine() // 4, 4)[:, :width, 3]
    return alpha.copy() > 0  # a copy: the image dies here


def assert_overlay(mask_path, polygons_path):
    """The polygons, filled, cover exactly the change pixels of the mask as QGIS draws both."""
    mask = QgsRasterLayer(mask_path.split("|")[0], "mask")
    polygons = QgsVectorLayer(polygons_path, "polygons")
    assert mask.isValid() and polygons.isValid() and polygons.featureCount() > 0
    styling.style_mask(mask)
    polygons.setRenderer(QgsSingleSymbolRenderer(QgsFillSymbol.createSimple(
        {"color": "255,0,0,255", "outline_style": "no"})))
    change = gdal.Open(mask_path.split("|")[0]).ReadAsArray() == 1
    for crs in PROJECT_CRS:
        extent = mask.extent()  # no CRS: the same in any project CRS
        raster, vector = drawn(mask, extent, crs, *change.shape), drawn(polygons, extent, crs, *change.shape)
        np.testing.assert_array_equal(raster, change)  # the raster as QGIS draws it: row 0 at the top
        np.testing.assert_array_equal(vector, raster, err_msg=f"project CRS {crs or 'none'}: polygons drawn at "
                                      f"{np.argwhere(vector).tolist()[:3]}…, change at {np.argwhere(raster)[:3]}…")


def test_cli_threshold_polygons_overlay_their_raster(probability, tmp_path):
    mask, polygons = str(tmp_path / "mask.tif"), str(tmp_path / "changes.gpkg")
    r = cli("threshold", probability, "--threshold", "0.5", "-o", mask, "--polygons", polygons)
    assert r.returncode == 0, r.stderr
    assert_overlay(mask, polygons)


def test_processing_threshold_polygons_overlay_their_raster(processing_api, probability, tmp_path):
    results = processing_api.run("metriccd:threshold", {
        "INPUT": probability, "THRESHOLD": "0.5", "OUTPUT_MASK": str(tmp_path / "mask.tif"),
        "OUTPUT_POLYGONS": str(tmp_path / "changes.gpkg")})
    assert_overlay(results["OUTPUT_MASK"], results["OUTPUT_POLYGONS"])


def test_dialog_polygons_overlay_their_raster(make_dialog, square_pair, tmp_path):  # noqa: F811
    layers = []
    for i, path in enumerate(square_pair[:2], 1):  # the pair without its georeference
        plain = write_raster(tmp_path / f"t{i}.tif", gdal.Open(path).ReadAsArray(), gt=None)
        layers.append(QgsRasterLayer(plain, f"scan {i}"))
        QgsProject.instance().addMapLayer(layers[-1])
    dialog, manager = make_dialog()
    tiny_settings(dialog)
    dialog.outputs.mask_check.setChecked(True)
    dialog.outputs.mask.setFilePath(str(tmp_path / "mask.tif"))
    dialog.outputs.polygons_check.setChecked(True)
    dialog.outputs.polygons.setFilePath(str(tmp_path / "changes.gpkg"))
    assert dialog.start_run() and wait_until(lambda: not manager.busy)
    assert "finished" in dialog.status.text(), dialog.status.text()
    _, mask, polygons = manager.last_layers
    assert polygons.crs().description() != "Undefined geographic SRS"
    assert_overlay(mask.source(), polygons.source().split("|")[0])
