"""`sample` and `estimate` end to end through the command line on the bundled Landsat sample:
a CVA mask, stratified points, labels from the sample's reference raster playing the
interpreter, the estimate with its reports, and the one-line refusals."""
import os
import subprocess
import sys

from osgeo import gdal, ogr

from conftest import REPO
from tests.cli.test_cli_refusals import refused

SAMPLE = os.path.join(REPO, "resources", "sample_data", "landsat_taizhou")


def cli(*args):
    return subprocess.run([sys.executable, "-m", "metric_cd_plugin", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600)


def label_from_reference(points, labels_path, value_of=None):
    """The reference raster plays the interpreter: 2 change, 1 no change, 0 (unlabelled) unsure."""
    labels = gdal.Open(labels_path).ReadAsArray()
    ds = ogr.Open(points, 1)
    layer = ds.GetLayer(0)
    for f in layer:
        label = labels[f.GetField("row"), f.GetField("col")]
        f.SetField("reference", (value_of or {2: "change", 1: "no change", 0: "unsure"}.get)(label))
        layer.SetFeature(f)
    ds = None


def _cells(points):
    ds = ogr.Open(points)  # kept open while its layer is read
    return [(f.GetField("row"), f.GetField("col"), f.GetField("stratum")) for f in ds.GetLayer(0)]


def _sample(tmp_path, *extra):
    score, mask, points = (str(tmp_path / n) for n in ("cva.tif", "mask.tif", "points.gpkg"))
    r = cli("classical", "cva", f"{SAMPLE}/t1.tif", f"{SAMPLE}/t2.tif", "-o", score, "--mask", mask)
    assert r.returncode == 0, r.stderr
    r = cli("sample", mask, "-o", points, "--probability", score, "--ring", "2", "--seed", "5", *extra)
    assert r.returncode == 0, r.stderr
    return score, mask, points, r.stdout


def test_sample_then_estimate(tmp_path):
    score, mask, points, out = _sample(tmp_path, "-n", "300", "--min-per-stratum", "60", "--possible-low", "0.1")
    assert "points: change 60, possible 103, stable 137 (300 in all, seed 5)" in out, out  # minimum, then the rest
    again = str(tmp_path / "again.gpkg")
    assert cli("sample", mask, "-o", again, "--probability", score, "--ring", "2", "--seed", "5", "-n", "300",
               "--possible-low", "0.1", "--min-per-stratum", "60").returncode == 0
    assert _cells(points) == _cells(again)  # the same seed draws the same points, in the same order
    r = cli("estimate", points)
    refused(r, "The stratum 'change' has no labelled point")
    label_from_reference(points, f"{SAMPLE}/labels.tif")
    html, csv = str(tmp_path / "area.html"), str(tmp_path / "area.csv")
    r = cli("estimate", points, "--html", html, "--csv", csv)
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith("change area ") and " ha +- " in r.stdout
    assert "strata that differ from the map classes (Stehman 2014)" in r.stdout
    assert os.path.getsize(html) > 0 and open(csv).readline().startswith("measure,class,estimate")


def test_sample_size_from_the_target_standard_error(tmp_path):
    *_, out = _sample(tmp_path, "--target-se", "0.02", "--anticipated", "change=0.6,possible=0.5,stable=0.9",
                      "--allocation", "equal", "--min-per-stratum", "2")
    counts = [int(x.split()[-1]) for x in out.split("points: ")[1].split(" (")[0].split(", ")]
    assert max(counts) - min(counts) <= 1 and sum(counts) > 100


def test_refusals(tmp_path):
    _, mask, points, _ = _sample(tmp_path, "-n", "120", "--min-per-stratum", "30")
    label_from_reference(points, f"{SAMPLE}/labels.tif", {2: "yes", 1: "no change", 0: "unsure"}.get)
    refused(cli("estimate", points), "is labelled 'yes'; the reference field takes only 'change', 'no change' or "
            "'unsure'")
    ds = ogr.Open(points, 1)
    f = ds.GetLayer(0).GetNextFeature()
    f.SetFieldNull("stratum")
    ds.GetLayer(0).SetFeature(f)
    ds = None
    refused(cli("estimate", points), "has no stratum")
    refused(cli("sample", str(tmp_path / "cva.tif"), "-o", str(tmp_path / "p2.gpkg")), "is not a change mask")
    refused(cli("sample", mask, "-o", str(tmp_path / "p3.gpkg"), "--possible-low", "0.2"),
            "without the change probability raster")


def test_points_in_another_crs_are_reprojected_and_said(tmp_path):
    _, mask, points, _ = _sample(tmp_path, "-n", "150", "--min-per-stratum", "40")
    label_from_reference(points, f"{SAMPLE}/labels.tif")
    wgs84 = str(tmp_path / "points_wgs84.gpkg")
    gdal.VectorTranslate(wgs84, points, dstSRS="EPSG:4326", reproject=True)
    same = cli("estimate", points, "--mask", mask)
    moved = cli("estimate", wgs84, "--mask", mask)
    assert moved.returncode == 0, moved.stderr
    assert moved.stderr.startswith("note: The points (EPSG:4326) were reprojected to the mask's CRS (EPSG:32651)")
    assert moved.stdout.splitlines()[1:] == same.stdout.splitlines()[1:]  # the same map class at every point
