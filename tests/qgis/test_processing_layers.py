"""Layers that are not plain files (exported or refused), and outputs styled on loading."""
import numpy as np
import pytest
from osgeo import gdal
from qgis.core import (QgsPalettedRasterRenderer, QgsProcessingException, QgsProcessingFeedback,
                       QgsProject, QgsRasterLayer,
                       QgsSingleBandPseudoColorRenderer, QgsSingleSymbolRenderer)

from conftest import GEOTRANSFORM
from dialog_fixtures import virtual_raster
from metric_cd_plugin import styling


def test_a_non_file_layer_is_exported_to_a_temporary_geotiff(processing_api, square_pair, tmp_path):
    t1, t2, _ = square_pair
    messages = []

    class Feedback(QgsProcessingFeedback):
        def pushInfo(self, info):  # noqa: N802
            messages.append(info)

    results = processing_api.run("metriccd:cva", {
        "T1": virtual_raster(t1), "T2": t2, "BANDS_T2": "1", "OUTPUT": str(tmp_path / "score.tif")},
        feedback=Feedback())
    assert any(m.startswith("Exporting T1 to a temporary GeoTIFF") for m in messages)
    ds = gdal.Open(results["OUTPUT"])
    assert ds.GetGeoTransform() == pytest.approx(GEOTRANSFORM)
    direct = processing_api.run("metriccd:cva", {
        "T1": t1, "T2": t2, "BANDS_T1": "1", "BANDS_T2": "1", "OUTPUT": str(tmp_path / "direct.tif")})
    np.testing.assert_allclose(ds.ReadAsArray(), gdal.Open(direct["OUTPUT"]).ReadAsArray(), atol=1e-6)


def test_a_web_map_layer_is_refused_with_a_message(processing_api, square_pair, tmp_path):
    _, t2, _ = square_pair
    xyz = QgsRasterLayer("type=xyz&url=http://127.0.0.1:9/%7Bz%7D/%7Bx%7D/%7By%7D.png&zmax=19&zmin=0",
                         "tiles", "wms")
    assert xyz.isValid()
    with pytest.raises(QgsProcessingException, match="T1 layer 'tiles' is a web map"):
        processing_api.run("metriccd:cva", {"T1": xyz, "T2": t2, "OUTPUT": str(tmp_path / "score.tif")})


def test_outputs_are_styled_when_loaded_into_the_project(processing_api, square_pair, tmp_path):
    t1, t2, _ = square_pair
    project = QgsProject.instance()
    project.removeAllMapLayers()
    results = processing_api.runAndLoadResults("metriccd:cva", {
        "T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "score.tif"), "OUTPUT_MASK": str(tmp_path / "mask.tif"),
        "OUTPUT_POLYGONS": str(tmp_path / "changes.gpkg")})
    try:
        layers = {layer.source(): layer for layer in project.mapLayers().values()}
        score, mask = layers[results["OUTPUT"]], layers[results["OUTPUT_MASK"]]
        assert isinstance(score.renderer(), QgsSingleBandPseudoColorRenderer)
        shader = score.renderer().shader().rasterShaderFunction()
        items = shader.colorRampItemList()
        # at and below the run's threshold nothing is drawn: the ramp starts above it and clips
        assert shader.clip() and items[0].value == pytest.approx(results["THRESHOLD_USED"], abs=1e-5)
        assert items[0].color.alpha() == 255 and items[-1].value == 1.0
        assert isinstance(mask.renderer(), QgsPalettedRasterRenderer)
        classes = {c.value: (c.label, c.color.name(), c.color.alpha()) for c in mask.renderer().classes()}
        shown = f"{results['THRESHOLD_USED']:.3g}"  # the legend names the threshold
        assert classes[0][0] == f"no change (≤ {shown})" and classes[0][2] == 0
        assert classes[1][0] == f"change (> {shown})" and 0 < classes[1][2] < 255
        assert classes[1][1] == styling.CHANGE_COLOUR.name()
        polygons = [layer for source, layer in layers.items() if source.startswith(results["OUTPUT_POLYGONS"])]
        assert isinstance(polygons[0].renderer(), QgsSingleSymbolRenderer)
    finally:
        project.removeAllMapLayers()
