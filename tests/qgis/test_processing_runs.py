"""processing.run of every metriccd algorithm on small real GeoTIFFs: valid outputs,
progress to 100, cancel leaving nothing, and readable messages for bad input."""
import os
import re
from pathlib import Path

import numpy as np
import pytest
from osgeo import gdal, ogr, osr
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from conftest import GEOTRANSFORM, SIZE, SQUARE, write_raster

CHANGE_IDS = ["metriccd:cva", "metriccd:pcakmeans", "metriccd:irmad", "metriccd:changedetection"]
TINY_DEEP = {"ITERATIONS": 3, "PRESET": 0, "DEVICE": 1, "WEIGHTS": "random"}  # fast, CPU, 3 steps, offline


class RecordingFeedback(QgsProcessingFeedback):
    """Records progress and stage texts; optionally cancels at the first progress report."""

    def __init__(self, cancel_at_first_report=False):
        super().__init__()
        self.progress, self.texts, self.infos = [], [], []
        self._cancel_at_first = cancel_at_first_report
        self.progressChanged.connect(self._on_progress)

    def _on_progress(self, value):
        self.progress.append(value)
        if self._cancel_at_first:
            self.cancel()

    def setProgressText(self, text):  # noqa: N802 (Qt API)
        self.texts.append(text)
        super().setProgressText(text)

    def pushInfo(self, info):  # noqa: N802
        self.infos.append(info)
        super().pushInfo(info)

    def pushWarning(self, warning):  # noqa: N802
        self.infos.append("WARNING " + warning)
        super().pushWarning(warning)


def params_for(algorithm_id, t1, t2, folder, **extra):
    base = {"T1": t1, "T2": t2, "OUTPUT": str(folder / "score.tif"), "OUTPUT_MASK": str(folder / "mask.tif")}
    if algorithm_id.endswith("changedetection"):
        base.update(TINY_DEEP)
    return {**base, **extra}


def read_band(path):
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    return ds, band, band.ReadAsArray()


@pytest.mark.parametrize("algorithm_id", CHANGE_IDS)
def test_change_algorithm_writes_georeferenced_score_mask_and_polygons(processing_api, square_pair,
                                                                       tmp_path, algorithm_id):
    t1, t2, _ = square_pair
    feedback = RecordingFeedback()
    params = params_for(algorithm_id, t1, t2, tmp_path, OUTPUT_POLYGONS=str(tmp_path / "changes.gpkg"))
    results = processing_api.run(algorithm_id, params, feedback=feedback)

    assert results["OUTPUT"] == params["OUTPUT"] and results["OUTPUT_MASK"] == params["OUTPUT_MASK"]
    assert results["OUTPUT_POLYGONS"] == params["OUTPUT_POLYGONS"]
    ds, band, score = read_band(results["OUTPUT"])
    assert (ds.RasterXSize, ds.RasterYSize) == (SIZE, SIZE) and ds.GetGeoTransform() == GEOTRANSFORM
    assert "UTM zone 51N" in ds.GetProjection()
    assert band.DataType == gdal.GDT_Float32 and band.GetNoDataValue() == -1
    assert 0.0 <= score.min() and score.max() <= 1.0  # no invalid pixels in this pair
    mds, mband, mask = read_band(results["OUTPUT_MASK"])
    assert mds.GetGeoTransform() == GEOTRANSFORM and mband.DataType == gdal.GDT_Byte
    assert mband.GetNoDataValue() == 255
    np.testing.assert_array_equal(mask, (score > results["THRESHOLD_USED"]).astype(np.uint8))
    assert polygon_areas(results["OUTPUT_POLYGONS"])  # the square at least
    assert feedback.progress[-1] == 100 and feedback.progress == sorted(feedback.progress)
    assert "Polygonizing the change mask" in feedback.texts


def polygon_areas(path):
    ds = ogr.Open(path)  # keep the dataset alive while its layer is read
    return sorted(f["area"] for f in ds.GetLayerByName("changes"))


def test_cva_finds_the_square_and_min_area_filters_polygons(processing_api, square_pair, tmp_path):
    t1, t2, _ = square_pair
    results = processing_api.run("metriccd:cva", params_for(
        "metriccd:cva", t1, t2, tmp_path, OUTPUT_POLYGONS=str(tmp_path / "big.gpkg"), MIN_AREA=5 * 900))
    mask = gdal.Open(results["OUTPUT_MASK"]).ReadAsArray()
    inside = np.zeros(mask.shape, bool)
    inside[SQUARE] = True
    assert mask[inside].mean() > 0.95 and mask[~inside].mean() < 0.02
    areas = polygon_areas(results["OUTPUT_POLYGONS"])
    assert areas and min(areas) >= 5 * 900
    assert max(areas) == pytest.approx(256 * 900, rel=0.1)  # the 16x16 square of 30 m pixels


def test_accuracy_reports_figures_html_and_csv(processing_api, square_pair, tmp_path):
    t1, t2, labels = square_pair
    cva = processing_api.run("metriccd:cva", params_for("metriccd:cva", t1, t2, tmp_path))
    feedback = RecordingFeedback()
    score = processing_api.run("metriccd:accuracy", {
        "INPUT": cva["OUTPUT"], "REFERENCE": labels, "REFERENCE_KIND": 0,
        "OUTPUT_HTML": str(tmp_path / "accuracy.html"), "OUTPUT_CSV": str(tmp_path / "accuracy.csv")},
        feedback=feedback)
    mask = processing_api.run("metriccd:accuracy", {"INPUT": cva["OUTPUT_MASK"], "REFERENCE": labels})
    # no THRESHOLD given: the score is cut at the threshold CVA stored in it, i.e. like its mask
    assert score["F1"] == pytest.approx(mask["F1"]) and score["F1"] > 0.9
    assert 0.9 < score["AUC"] <= 1.0 and mask["AUC"] is None  # no AUC for a 0/1 map
    for name in ("PRECISION", "RECALL", "KAPPA", "OA", "IOU"):
        assert 0.0 <= score[name] <= 1.0
    assert feedback.progress[-1] == 100
    html = Path(score["OUTPUT_HTML"]).read_text(encoding="utf-8")
    assert "<table" in html and "kappa" in html and f"{score['F1']:.4f}" in html
    rows = dict(line.split(",") for line in Path(score["OUTPUT_CSV"]).read_text(encoding="utf-8").split())
    assert float(rows["f1"]) == pytest.approx(score["F1"], abs=1e-4)
    # written as every other output: a link stays a link, nothing hidden is left beside it
    (tmp_path / "kept").mkdir()
    (tmp_path / "kept" / "report.html").write_text("old")
    (tmp_path / "link.html").symlink_to(tmp_path / "kept" / "report.html")
    processing_api.run("metriccd:accuracy", {"INPUT": cva["OUTPUT"], "REFERENCE": labels,
                                             "OUTPUT_HTML": str(tmp_path / "link.html")})
    assert (tmp_path / "link.html").is_symlink() and "<table" in (tmp_path / "kept" / "report.html").read_text()
    assert not [n for n in os.listdir(tmp_path) + os.listdir(tmp_path / "kept") if n.startswith(".")]
    fixed = processing_api.run("metriccd:accuracy", {"INPUT": cva["OUTPUT"], "REFERENCE": labels,
                                                     "THRESHOLD": 0.999})
    assert fixed["RECALL"] < score["RECALL"]


@pytest.mark.parametrize("algorithm_id", CHANGE_IDS)
def test_cancel_stops_and_leaves_no_output(processing_api, square_pair, tmp_path, algorithm_id):
    t1, t2, _ = square_pair
    out = tmp_path / "out"
    out.mkdir()
    feedback = RecordingFeedback(cancel_at_first_report=True)
    params = params_for(algorithm_id, t1, t2, out, OUTPUT_POLYGONS=str(out / "changes.gpkg"))
    with pytest.raises(QgsProcessingException, match="cancelled"):
        processing_api.run(algorithm_id, params, feedback=feedback)
    assert feedback.isCanceled() and len(feedback.progress) >= 1
    assert os.listdir(out) == []  # no output, no temporary file


def test_cancel_while_polygonizing_removes_the_rasters_too(processing_api, square_pair, tmp_path):
    t1, t2, _ = square_pair
    feedback = RecordingFeedback()
    feedback.progressChanged.connect(lambda value: value > 92 and feedback.cancel())
    params = params_for("metriccd:cva", t1, t2, tmp_path, OUTPUT_POLYGONS=str(tmp_path / "changes.gpkg"))
    with pytest.raises(QgsProcessingException, match="cancelled"):
        processing_api.run("metriccd:cva", params, feedback=feedback)
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize("change, message", [
    ({"BANDS_T1": "1,2", "BANDS_T2": "1"}, "T1 has 2 band(s) and T2 has 1"),
    ({"BANDS_T1": "4"}, "T1 has 3 band(s); band(s) [4] do not exist"),
    ({"BANDS_T1": "1;x"}, "bands for T1 '1;x' are not band numbers"),
    ({"THRESHOLD": "high"}, "Threshold 'high' is neither 'auto' nor a number"),
    ({"THRESHOLD": "1.5"}, "outside [0, 1]"),
    ({"OUTPUT": "score.img"}, "does not end in .tif"),
    ({"OUTPUT_POLYGONS": "changes.shp"}, "does not end in .gpkg"),
    ({"OUTPUT_POLYGONS": "changes.gpkg|layername=other"}, "is not a plain file name"),
])
def test_bad_input_gives_a_readable_message(processing_api, square_pair, tmp_path, change, message):
    t1, t2, _ = square_pair
    params = params_for("metriccd:cva", t1, t2, tmp_path)
    params.update({k: str(tmp_path / v) if k.startswith("OUTPUT") else v for k, v in change.items()})
    with pytest.raises(QgsProcessingException, match=re.escape(message)):
        processing_api.run("metriccd:cva", params)
    assert not os.path.exists(params["OUTPUT"])


def test_missing_input_file_is_named(processing_api, square_pair, tmp_path):
    _, t2, _ = square_pair
    missing = str(tmp_path / "nowhere" / "t1.tif")
    feedback = RecordingFeedback()
    # caught by the parameter check, before the algorithm runs, in the command line's words
    expected = re.escape(f"T1 raster '{missing}' does not exist; check the path")
    with pytest.raises(QgsProcessingException, match=expected):
        processing_api.run("metriccd:cva", params_for("metriccd:cva", missing, t2, tmp_path), feedback=feedback)


@pytest.mark.parametrize("output, message", [
    ("INPUT", "is also an input; choose another output file"),
    ("nowhere/score.tif", "does not exist; create it or choose another"),
])
def test_unusable_output_is_refused_before_computing(processing_api, square_pair, tmp_path, output, message):
    t1, t2, _ = square_pair
    before = Path(t2).read_bytes()
    target = t2 if output == "INPUT" else str(tmp_path / output)
    with pytest.raises(QgsProcessingException, match=re.escape(message)):
        processing_api.run("metriccd:cva", {"T1": t1, "T2": t2, "OUTPUT": target})
    assert Path(t2).read_bytes() == before


def test_unavailable_cuda_is_a_readable_message(processing_api, square_pair, tmp_path):
    import torch
    if torch.cuda.is_available():
        pytest.skip("this machine has CUDA")
    t1, t2, _ = square_pair
    params = params_for("metriccd:changedetection", t1, t2, tmp_path, DEVICE=2)
    with pytest.raises(QgsProcessingException, match="CUDA was requested"):
        processing_api.run("metriccd:changedetection", params)


def test_temporary_outputs_are_geotiff_and_geopackage_files(processing_api, square_pair):
    t1, t2, _ = square_pair
    results = processing_api.run("metriccd:cva", {"T1": t1, "T2": t2, "OUTPUT": "TEMPORARY_OUTPUT",
                                                  "OUTPUT_MASK": "TEMPORARY_OUTPUT",
                                                  "OUTPUT_POLYGONS": "TEMPORARY_OUTPUT"})
    for name, extension in (("OUTPUT", ".tif"), ("OUTPUT_MASK", ".tif"), ("OUTPUT_POLYGONS", ".gpkg")):
        assert results[name].endswith(extension) and os.path.isfile(results[name]), name


def test_accuracy_aligns_a_smaller_reference_and_names_one_elsewhere(processing_api, square_pair, tmp_path):
    # a one-band change map on T1's grid (a map of several bands is refused)
    t1 = write_raster(tmp_path / "score.tif", np.full((SIZE, SIZE), 0.7, np.float32), gdal.GDT_Float32)
    small = write_raster(tmp_path / "small_labels.tif", np.ones((8, 8), np.uint8))  # T1's top-left corner
    csv_path = tmp_path / "small.csv"
    processing_api.run("metriccd:accuracy", {"INPUT": t1, "REFERENCE": small, "OUTPUT_CSV": str(csv_path)})
    assert "n_labelled,64" in csv_path.read_text(encoding="utf-8").split()
    far = write_raster(tmp_path / "far_labels.tif", np.ones((8, 8), np.uint8),
                       geotransform=(GEOTRANSFORM[0] + 1e5,) + GEOTRANSFORM[1:])
    with pytest.raises(QgsProcessingException, match="The change map and the reference do not overlap"):
        processing_api.run("metriccd:accuracy", {"INPUT": t1, "REFERENCE": far})


def test_weights_choices_reach_the_core(processing_api, square_pair, tmp_path, vgg16_state_file):
    t1, t2, _ = square_pair
    feedback = RecordingFeedback()
    processing_api.run("metriccd:changedetection", params_for("metriccd:changedetection", t1, t2, tmp_path),
                       feedback=feedback)
    [random] = [i for i in feedback.infos if i.startswith("WARNING D-FE uses seeded random VGG16 weights")]
    assert random.endswith("Choose VGG16 weights = imagenet (WEIGHTS=imagenet) for real work.")  # its parameter
    absent = str(tmp_path / "absent.pth")
    with pytest.raises(QgsProcessingException, match=r"does not exist; choose VGG16 weights = imagenet "
                       r"\(WEIGHTS=imagenet\), VGG16 weights = random \(WEIGHTS=random\) or a \.pth"):
        processing_api.run("metriccd:changedetection", params_for("metriccd:changedetection", t1, t2, tmp_path,
                                                                  WEIGHTS="file", WEIGHTS_FILE=absent))
    with pytest.raises(QgsProcessingException, match="no VGG16 weights file was given"):
        processing_api.run("metriccd:changedetection",
                           params_for("metriccd:changedetection", t1, t2, tmp_path, WEIGHTS="file"))
    params = params_for("metriccd:changedetection", t1, t2, tmp_path, WEIGHTS="file", WEIGHTS_FILE=vgg16_state_file)
    results = processing_api.run("metriccd:changedetection", params)
    meta = gdal.Open(results["OUTPUT"]).GetMetadata("METRIC_CD")
    assert meta["weights_file"] == vgg16_state_file and "weights_note" not in meta


def test_processing_extent_in_another_crs_is_reprojected_to_t1(processing_api, square_pair, tmp_path):
    t1, t2, _ = square_pair
    utm, wgs84 = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(32651)
    wgs84.ImportFromEPSG(4326)
    for srs in (utm, wgs84):
        srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_wgs84 = osr.CoordinateTransformation(utm, wgs84)
    x0, y0 = GEOTRANSFORM[0] + 10 * 30, GEOTRANSFORM[3] - 30 * 30  # columns 10-30, rows 10-30
    (lon0, lat0, _), (lon1, lat1, _) = to_wgs84.TransformPoints([(x0, y0), (x0 + 600, y0 + 600)])
    params = {"T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "cva.tif"),
              "EXTENT": f"{lon0},{lon1},{lat0},{lat1} [EPSG:4326]"}
    processing_api.run("metriccd:cva", params)
    ds = gdal.Open(params["OUTPUT"])
    gt = ds.GetGeoTransform()
    # the reprojected box is a little larger than the UTM square: at most a pixel more per side
    assert 20 <= ds.RasterXSize <= 22 and 20 <= ds.RasterYSize <= 22
    assert abs(gt[0] - x0) <= 30 and abs(gt[3] - (y0 + 600)) <= 30


@pytest.mark.parametrize("algorithm_id", ["metriccd:cva", "metriccd:changedetection"])
def test_data_kind_reaches_the_core_and_is_said_and_recorded(processing_api, square_pair, tmp_path, algorithm_id):
    from metric_cd_plugin.core.raster.metadata import read_run_metadata
    t1, t2, _ = square_pair
    feedback = RecordingFeedback()
    results = processing_api.run(algorithm_id, params_for(algorithm_id, t1, t2, tmp_path, DATA_KIND="sar"),
                                 feedback=feedback)
    meta = read_run_metadata(results["OUTPUT"])
    assert meta["data_kind"] == "sar" and meta["data_kind_reason"].startswith("sar: chosen by the user")
    assert any(i.startswith("Data kind: sar: chosen by the user") for i in feedback.infos)
    if algorithm_id == "metriccd:changedetection":  # the deep run says where the fit put its decision
        from metric_cd_plugin.core.deep.decision import describe_margin
        assert meta["margin_rule"].startswith("minimum error")
        assert f"Decision: {describe_margin(meta)}" in feedback.infos
        # SAR is never matched across pixels (log-ratio), and the log says so
        assert meta["preset"]["shift_tolerance"] == 0
        assert f"Shift tolerance: {meta['shift_tolerance_reason']}" in feedback.infos
        assert meta["shift_tolerance_reason"].startswith("none: SAR")
        assert f"Networks: {meta['networks_reason']}" in feedback.infos
        assert meta["networks_reason"].endswith("SAR keeps the preset's networks") and meta["preset"]["fe_levels"] == 3
        (tmp_path / "forced").mkdir()
        forced = processing_api.run(algorithm_id, params_for(algorithm_id, t1, t2, tmp_path / "forced",
                                                             SHIFT_TOLERANCE="1"), feedback=feedback)
        assert read_run_metadata(forced["OUTPUT"])["preset"]["shift_tolerance"] == 1
        assert "Shift tolerance: 1 px: fixed by the preset or the user" in feedback.infos
    (tmp_path / "auto").mkdir()
    auto = processing_api.run(algorithm_id, params_for(algorithm_id, t1, t2, tmp_path / "auto"))
    assert read_run_metadata(auto["OUTPUT"])["data_kind"] == "optical"  # 3 bands


@pytest.mark.parametrize("algorithm_id", ["metriccd:pcakmeans", "metriccd:changedetection"])
def test_an_unsure_data_kind_is_a_warning_that_says_what_to_choose(processing_api, tmp_path, algorithm_id):
    """A single near-infrared band of the bundled Landsat pair, without its band name: its flat
    areas vary by 3-12 %, with texture-like neighbours, so `auto` is unsure (core/raster/kind.py
    rule 8). That is a warning, not only a log line, naming both choices; a kind the user chose
    is not."""
    from conftest import nameless_nir_pair
    from metric_cd_plugin.core.raster.metadata import read_run_metadata
    paths = nameless_nir_pair(tmp_path)
    feedback = RecordingFeedback()
    results = processing_api.run(algorithm_id, params_for(algorithm_id, *paths, tmp_path), feedback=feedback)
    meta = read_run_metadata(results["OUTPUT"])
    assert (meta["data_kind_evidence"], meta["data_kind_confidence"]) == ("unsure", "low"), meta["data_kind_reason"]
    warnings = [i for i in feedback.infos if i.startswith("WARNING The data kind was unsure")]
    assert len(warnings) == 1, feedback.infos
    assert meta["data_kind"] == "optical" and "compared as optical" in warnings[0]
    assert "run again with Data kind SAR" in warnings[0] and "choose Data kind Optical" in warnings[0]
    (tmp_path / "chosen").mkdir()
    feedback = RecordingFeedback()
    processing_api.run(algorithm_id, params_for(algorithm_id, *paths, tmp_path / "chosen", DATA_KIND="optical"),
                       feedback=feedback)
    assert not any(i.startswith("WARNING The data kind") for i in feedback.infos)
