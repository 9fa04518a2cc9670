"""Every Processing algorithm checks all its outputs (and its band lists) before it reads anything: a classical
method's polygons over its T1 GeoPackage, accuracy's HTML and CSV over its rasters or over
each other are refused with the core's one-line message and leave every file as it was."""
import os

import numpy as np
import pytest
from osgeo import gdal
from qgis.core import QgsProcessingException

from failure_checks import fingerprint
from synthetic import change_pair, write_raster


@pytest.fixture()
def pair(tmp_path):
    t1, t2, changed = change_pair(tmp_path, size=32)
    labels = write_raster(tmp_path / "labels.tif", np.where(changed, 2, 1).astype(np.uint8))
    return t1, t2, labels


def refused(processing_api, algorithm, parameters, folder, *fragments):
    before = fingerprint(folder)
    with pytest.raises(QgsProcessingException) as raised:
        processing_api.run(algorithm, parameters)
    for fragment in fragments:
        assert fragment in str(raised.value), str(raised.value)
    assert "Traceback" not in str(raised.value)
    now = fingerprint(folder)
    assert {k: now.get(k) for k in before} == before, "an input was changed"
    # QGIS writes <raster>.aux.xml beside a raster it loads; nothing else may appear
    assert [p for p in set(now) - set(before) if not p.endswith(".aux.xml")] == []


def test_polygons_over_the_t1_geopackage_are_refused(tmp_path, pair, processing_api):
    t1, t2, _ = pair
    gpkg = str(tmp_path / "t1.gpkg")
    gdal.Translate(gpkg, t1, format="GPKG", outputType=gdal.GDT_Byte)  # GPKG rasters: Byte for 3 bands
    refused(processing_api, "metriccd:cva",
            {"T1": gpkg, "T2": t2, "OUTPUT": str(tmp_path / "score.tif"), "OUTPUT_MASK": str(tmp_path / "m.tif"),
             "OUTPUT_POLYGONS": gpkg}, tmp_path, "The polygon output", "is also an input", "choose another output file")


def test_accuracy_reports_over_an_input_or_each_other_are_refused(tmp_path, pair, processing_api):
    t1, _, labels = pair
    score = write_raster(tmp_path / "score.tif", np.full((32, 32), 0.3, np.float32))
    common = {"INPUT": score, "REFERENCE": labels}
    html = str(tmp_path / "labels.html")
    refused(processing_api, "metriccd:accuracy", {**common, "OUTPUT_HTML": score}, tmp_path,
            "The HTML report", "does not end in .html")
    symlinked = tmp_path / "report.csv"
    symlinked.symlink_to(labels)
    refused(processing_api, "metriccd:accuracy", {**common, "OUTPUT_CSV": str(symlinked)}, tmp_path,
            "The CSV table", "is also an input")
    refused(processing_api, "metriccd:accuracy", {**common, "OUTPUT_HTML": html, "OUTPUT_CSV": html}, tmp_path,
            "does not end in .csv")


def test_a_band_list_with_a_superscript_digit_is_refused_with_a_line(tmp_path, pair, processing_api):
    t1, t2, _ = pair
    refused(processing_api, "metriccd:cva", {"T1": t1, "T2": t2, "BANDS_T1": "²", "OUTPUT": str(tmp_path / "s.tif")},
            tmp_path, "are not band numbers", "separated by commas")


@pytest.mark.parametrize("summary, fragments", [
    ("t1.tif", ("The change summary", "does not end in .html", "HTML or CSV")),  # T1 itself
    ("t1.html", ("The change summary", "is also an input", "choose another output file")),  # T1 under another name
    ("missing/summary.html", ("The output folder", "missing' does not exist", "create it or choose another")),
])
def test_the_change_summary_is_checked_before_the_run(tmp_path, pair, processing_api, summary, fragments):
    """OUTPUT_SUMMARY is checked with the run's outputs, before the run: before, a summary over
    an input or in a missing folder was found after the run, its outputs left in place."""
    t1, t2, _ = pair
    os.symlink(t1, tmp_path / "t1.html")
    refused(processing_api, "metriccd:cva",
            {"T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "score.tif"), "OUTPUT_MASK": str(tmp_path / "m.tif"),
             "OUTPUT_SUMMARY": str(tmp_path / summary)}, tmp_path, *fragments)
