"""metriccd:samplingdesign and metriccd:areaestimate through the real Processing registry:
points from a real mask, labelled as an interpreter would, the estimate in the results and
the reports, and the one-sentence refusals."""
import numpy as np
import pytest
from osgeo import gdal, ogr
from qgis.core import QgsProcessingException, QgsVectorLayer

from conftest import write_raster


@pytest.fixture
def mask(tmp_path):
    m = np.zeros((60, 80), np.uint8)
    m[10:20, 10:30] = 1
    m[50:, 70:] = 255
    return write_raster(str(tmp_path / "mask.tif"), m, nodata=255), m


def _label(path, truth):
    ds = ogr.Open(path, 1)
    layer = ds.GetLayer(0)
    for f in layer:
        f.SetField("reference", "change" if truth[f.GetField("row"), f.GetField("col")] else "no change")
        layer.SetFeature(f)
    ds = None


def test_sampling_design_then_area_estimate(processing_api, mask, tmp_path):
    mask_path, m = mask
    design = processing_api.run("metriccd:samplingdesign", {
        "INPUT": mask_path, "RING": 2, "SAMPLE_SIZE": 90, "ALLOCATION": 1, "MIN_PER_STRATUM": 10, "SEED": 4,
        "OUTPUT": str(tmp_path / "points.gpkg")})
    assert (design["POINTS_CHANGE"], design["POINTS_POSSIBLE"], design["POINTS_STABLE"]) == (30, 30, 30)
    assert design["PIXELS_CHANGE"] == 200 and design["SAMPLE_SIZE_USED"] == 90
    assert QgsVectorLayer(design["OUTPUT"], "p", "ogr").featureCount() == 90
    truth = np.zeros(m.shape, bool)
    truth[10:20, 12:32] = True  # the map missed 2 columns on the right, added 2 on the left
    _label(design["OUTPUT"], truth)
    html, csv = str(tmp_path / "area.html"), str(tmp_path / "area.csv")
    est = processing_api.run("metriccd:areaestimate", {"INPUT": design["OUTPUT"], "OUTPUT_HTML": html,
                                                       "OUTPUT_CSV": csv})
    assert est["AREA_UNIT"] == "ha" and est["ESTIMATORS"].endswith("(Stehman 2014)")
    assert est["MAPPED_CHANGE_AREA"] == pytest.approx(200 * 0.09)
    assert est["CHANGE_AREA_LOW"] <= 200 * 0.09 <= est["CHANGE_AREA_HIGH"]
    assert 0 < est["UA_CHANGE"] < 1 and est["UNSURE"] == 0 and est["UNLABELLED"] == 0
    assert est["OUTPUT_HTML"] == html and open(csv).readline().startswith("measure,")


def test_refusals_are_one_sentence(processing_api, mask, tmp_path):
    mask_path, _ = mask
    design = processing_api.run("metriccd:samplingdesign", {
        "INPUT": mask_path, "SAMPLE_SIZE": 20, "MIN_PER_STRATUM": 5, "OUTPUT": str(tmp_path / "p.gpkg")})
    with pytest.raises(QgsProcessingException, match="The stratum 'change' has no labelled point"):
        processing_api.run("metriccd:areaestimate", {"INPUT": design["OUTPUT"]})
    prob = write_raster(str(tmp_path / "prob.tif"), np.full((60, 80), 0.3, np.float32), dtype=gdal.GDT_Float32)
    with pytest.raises(QgsProcessingException, match="is not a change mask"):
        processing_api.run("metriccd:samplingdesign", {"INPUT": prob, "OUTPUT": str(tmp_path / "q.gpkg")})
    with pytest.raises(QgsProcessingException, match="does not end in .gpkg"):
        processing_api.run("metriccd:samplingdesign", {"INPUT": mask_path, "OUTPUT": mask_path})
