"""End to end through the command line, on the bundled real Landsat sample."""
import os
import subprocess
import sys

import numpy as np
from osgeo import gdal

from conftest import REPO as ROOT, messages, nameless_nir_pair  # noqa: E402
from metric_cd_plugin.core.deep.decision import GAUSSIAN
from metric_cd_plugin.core.raster.metadata import read_run_metadata
SAMPLE = os.path.join(ROOT, "resources", "sample_data", "landsat_taizhou")


def cli(*args):
    return subprocess.run([sys.executable, "-m", "metric_cd_plugin", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=600)


def test_detect_on_bundled_sample(tmp_path):
    out, mask = str(tmp_path / "prob.tif"), str(tmp_path / "mask.tif")
    r = cli("detect", f"{SAMPLE}/t1.tif", f"{SAMPLE}/t2.tif", "-o", out, "--mask", mask,
            "--iterations", "60", "--seed", "1", "--weights", "random")
    assert r.returncode == 0, r.stderr
    # no progress bar when not a TTY (a plain progress line a minute at most); the note that
    # random weights are of lower quality
    assert "wrote" in r.stdout and "\r" not in r.stderr and len(messages(r.stderr)) == 1
    assert messages(r.stderr)[0].startswith("note: D-FE uses seeded random VGG16 weights")
    assert messages(r.stderr)[0].endswith("Choose --weights imagenet for real work.")  # named by its flag
    # where the decision was put, with the rule of the data kind, as the metadata records it
    meta = read_run_metadata(out)
    assert (f"decision: the fit puts Pc = 0.5 where the distances between the dates average {meta['margin']:.2f} "
            f"times their median over the fitting area ({GAUSSIAN})") in r.stdout
    # Landsat's 30 m multispectral pixels are compared pixel by pixel, and the log says why
    assert meta["preset"]["shift_tolerance"] == 0
    assert f"shift tolerance: {meta['shift_tolerance_reason']}" in r.stdout and "multispectral" in r.stdout
    # and with the networks of coarse pixels (30 m: two VGG levels, one block, 32 px patches), which the log
    # says too
    assert (meta["preset"]["fe_levels"], meta["preset"]["blocks"], meta["preset"]["patch"]) == (2, 1, 32)
    assert "30.1 m pixels" in meta["networks_reason"] and "fitted on 32 x 32 px patches" in meta["networks_reason"]
    assert f"networks: {meta['networks_reason']}" in r.stdout
    src, ds = gdal.Open(f"{SAMPLE}/t1.tif"), gdal.Open(out)
    assert ds.GetGeoTransform() == src.GetGeoTransform()
    assert ds.GetProjection() == src.GetProjection()
    assert (ds.RasterXSize, ds.RasterYSize) == (400, 400)
    band = ds.GetRasterBand(1)
    assert band.DataType == gdal.GDT_Float32 and band.GetNoDataValue() == -1
    prob = band.ReadAsArray()
    labels = gdal.Open(f"{SAMPLE}/labels.tif").ReadAsArray()
    assert prob.min() >= 0 and prob.max() <= 1
    assert prob[labels == 2].mean() > prob[labels == 1].mean() + 0.3
    r = cli("accuracy", mask, f"{SAMPLE}/labels.tif")
    assert r.returncode == 0, r.stderr
    f1 = float([line for line in r.stdout.splitlines() if line.strip().startswith("f1:")][0].split(":")[1])
    assert f1 > 0.8


def test_errors_are_one_line_with_nonzero_exit(tmp_path):
    r = cli("detect", str(tmp_path / "missing.tif"), f"{SAMPLE}/t2.tif", "-o", str(tmp_path / "o.tif"),
            "--weights", "random")
    assert r.returncode == 1
    assert r.stderr.startswith("error: T1 raster") and len(r.stderr.strip().splitlines()) == 1
    assert not (tmp_path / "o.tif").exists()
    r = cli("detect", f"{SAMPLE}/t1.tif", f"{SAMPLE}/t2.tif", "-o", str(tmp_path / "o.tif"),
            "--bands1", "1,2", "--bands2", "1", "--weights", "random")
    assert r.returncode == 1 and "same number of bands" in r.stderr


def test_classical_cva_writes_score_and_mask(tmp_path):
    out, mask = str(tmp_path / "cva.tif"), str(tmp_path / "cva_mask.tif")
    r = cli("classical", "cva", f"{SAMPLE}/t1.tif", f"{SAMPLE}/t2.tif", "-o", out, "--mask", mask)
    assert r.returncode == 0, r.stderr
    score = gdal.Open(out).ReadAsArray()
    labels = gdal.Open(f"{SAMPLE}/labels.tif").ReadAsArray()
    assert score[labels == 2].mean() > score[labels == 1].mean()
    assert set(np.unique(gdal.Open(mask).ReadAsArray())) <= {0, 1}


def test_mistyped_command_lines_get_one_line_not_the_usage_text(tmp_path):
    for args, says in ((["detect", "a.tif", "b.tif"], "-o/--output"),
                       ([], "command")):
        r = cli(*args)
        assert r.returncode == 2 and r.stdout == ""
        assert r.stderr.startswith("error: ") and says in r.stderr and "--help" in r.stderr
        assert len(r.stderr.strip().splitlines()) == 1, r.stderr


def test_every_bad_value_of_a_command_line_is_named_at_once_by_its_flag(tmp_path):
    """The run schema checks every option before anything is read: one line, each problem
    after its flag, in the same words as the manifest, Processing and the dialog."""
    r = cli("detect", "a.tif", "b.tif", "-o", str(tmp_path / "o.tif"), "--preset", "slow", "--seed", "-3",
            "--threshold", "high", "--bands1", "4;3", "--shift-tolerance", "9")
    assert r.returncode == 1 and r.stdout == "" and len(r.stderr.strip().splitlines()) == 1, r.stderr
    for says in ("--preset: Unknown preset 'slow'; choose one of fast, paper.", "--seed: The seed -3 is not",
                 "--threshold: Threshold 'high' is neither 'auto' nor a number", "--bands1: The bands for T1",
                 "--shift-tolerance: The shift tolerance '9'"):
        assert says in r.stderr, r.stderr
    assert not (tmp_path / "o.tif").exists()


def test_a_forced_shift_tolerance_is_used_said_and_recorded(tmp_path):
    from synthetic import change_pair
    t1, t2, _ = change_pair(tmp_path, size=64)
    out = str(tmp_path / "p.tif")
    r = cli("detect", t1, t2, "-o", out, "--iterations", "5", "--weights", "random", "--shift-tolerance", "3")
    assert r.returncode == 0, r.stderr
    meta = read_run_metadata(out)
    assert meta["preset"]["shift_tolerance"] == 3 and meta["request"]["shift_tolerance"] == "3"
    assert "shift tolerance: 3 px: fixed by the preset or the user" in r.stdout


def test_the_precision_is_resolved_said_and_recorded_and_float32_can_be_forced(tmp_path):
    from metric_cd_plugin.core.deep.device import native_bfloat16
    from synthetic import change_pair
    t1, t2, _ = change_pair(tmp_path, size=64)
    runs = {}
    for precision in ("auto", "float32", "bfloat16"):
        out = str(tmp_path / f"p_{precision}.tif")
        r = cli("detect", t1, t2, "-o", out, "--iterations", "5", "--weights", "random", "--device", "cpu",
                "--precision", precision)
        assert r.returncode == 0, r.stderr
        meta = read_run_metadata(out)
        runs[precision] = meta["preset"]["precision"], meta["device"], gdal.Open(out).ReadAsArray()
        assert meta["request"]["precision"] == precision and meta["device"] in r.stdout
    # auto: what this CPU computes natively, never "auto" in the record
    assert runs["auto"][0] == ("bfloat16" if native_bfloat16() else "float32")
    assert runs["float32"][0] == "float32" and "bfloat16" not in runs["float32"][1]
    assert runs["bfloat16"][0] == "bfloat16" and runs["bfloat16"][1].endswith("bfloat16)")
    assert not np.array_equal(runs["float32"][2], runs["bfloat16"][2])  # really another arithmetic
    r = cli("detect", t1, t2, "-o", str(tmp_path / "x.tif"), "--precision", "half", "--weights", "random")
    assert r.returncode == 1
    assert r.stderr == "error: --precision: Unknown precision 'half'; choose one of auto, float32, bfloat16.\n"
    assert not (tmp_path / "x.tif").exists()


def test_the_smallest_polygon_in_pixels_reaches_the_polygons_of_a_classical_run(tmp_path):
    """min_pixels: one schema field and its use in core/change.py; the command line offers it."""
    from osgeo import ogr
    counts = {}
    for pixels in ("1", "50"):
        polygons = str(tmp_path / f"p{pixels}.gpkg")
        r = cli("classical", "cva", f"{SAMPLE}/t1.tif", f"{SAMPLE}/t2.tif", "-o", str(tmp_path / f"s{pixels}.tif"),
                "--polygons", polygons, "--min-pixels", pixels)
        assert r.returncode == 0, r.stderr
        source = ogr.Open(polygons)  # the layer lives only as long as its data source
        layer = source.GetLayer()
        counts[pixels] = layer.GetFeatureCount()
        assert all(feature.GetField("pixels") >= int(pixels) for feature in layer)
    assert counts["1"] > counts["50"] > 0
    assert not (tmp_path / "s1_mask.tif").exists()  # the mask the polygons came from was a hidden one


def test_an_unsure_data_kind_is_a_warning_naming_the_flag_to_run_again_with(tmp_path):
    """Two nameless near-infrared bands of the bundled pair: `auto` is unsure (kind.py rule 8), so
    the deep method and a classical one both say, on stderr, which flag runs them as SAR; with
    the kind chosen there is no such warning."""
    paths = nameless_nir_pair(tmp_path)
    said = "warning: the data kind was unsure, so the rasters were compared as optical; if they are SAR, run " \
           "again with --data-kind sar"
    deep = cli("detect", *paths, "-o", str(tmp_path / "p.tif"), "--iterations", "3", "--weights", "random")
    classical = cli("classical", "pcakmeans", *paths, "-o", str(tmp_path / "c.tif"))
    for r in (deep, classical):
        assert r.returncode == 0, r.stderr
        assert said in messages(r.stderr) and "unsure" in r.stdout  # the reason stays on the data kind line
    chosen = cli("classical", "pcakmeans", *paths, "-o", str(tmp_path / "s.tif"), "--data-kind", "sar")
    assert chosen.returncode == 0 and "unsure" not in chosen.stderr
