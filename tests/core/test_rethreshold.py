"""core.raster.rethreshold: a mask (and polygons) from an existing probability at another
threshold, by strips, keeping the run metadata; bad inputs refused with one sentence."""
import os

import numpy as np
import pytest
from osgeo import gdal, ogr

from conftest import write_raster
from synthetic import run_probability
from metric_cd_plugin.core.errors import Cancelled, InputError
from metric_cd_plugin.core.raster import rethreshold as rt
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from metric_cd_plugin.core.thresholds import otsu_from_histogram


@pytest.fixture
def prob(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    return run_probability(folder / "prob.tif")


def test_the_mask_is_the_probability_above_the_threshold_with_the_run_metadata(prob, tmp_path):
    path, values = prob
    result = rt.rethreshold(path, str(tmp_path / "mask.tif"), 0.3)
    mask = gdal.Open(result.mask).ReadAsArray()
    valid = values != -1.0
    assert (mask[~valid] == 255).all()
    above = values[valid].astype(np.float32).astype(np.float64) > 0.3  # the stored value, compared in float64
    np.testing.assert_array_equal(mask[valid], above.astype(np.uint8))
    assert (result.threshold, result.origin) == (0.3, "user value")
    assert result.changed_pixels == int(above.sum()) and result.valid_pixels == valid.sum()
    meta = read_run_metadata(result.mask)
    assert meta["threshold"] == 0.3 and meta["threshold_origin"] == "user value"
    assert meta["run_threshold"] == 0.5 and meta["seed"] == 3 and meta["preset"]["name"] == "fast"
    assert sorted(os.listdir(tmp_path)) == ["in", "mask.tif"]  # nothing else left behind


def test_auto_is_the_run_own_threshold_and_otsu_without_metadata(prob, tmp_path):
    path, values = prob
    result = rt.rethreshold(path, str(tmp_path / "mask.tif"), "auto")
    assert result.threshold == 0.5 and result.origin.startswith("automatic: the run's own")
    bare, _ = run_probability(tmp_path / "bare.tif", metadata=None)
    result = rt.rethreshold(bare, str(tmp_path / "mask2.tif"), "auto")
    counts, edges = np.histogram(values[values != -1.0], bins=rt.HIST_BINS, range=(0.0, 1.0))
    assert result.origin == "automatic: Otsu on the histogram"
    assert result.threshold == otsu_from_histogram(counts, edges)


@pytest.mark.parametrize("rule, fringe, expected", [
    ("decision", True, "automatic: decision: probability of change above 0.5"),
    ("decision-otsu", True, "automatic: Otsu on the change probability, above 0.5"),
    ("decision-otsu", False, "automatic: decision: probability of change above 0.5"),
    ("otsu", False, "automatic: Otsu on the histogram")])
def test_auto_after_a_user_value_run_is_its_preset_rule(tmp_path, rule, fringe, expected):
    """A run thresholded by the user recorded no automatic threshold: 'auto' applies its preset's
    rule (the fast preset's: Otsu on this file's histogram where it cuts above 0.5)."""
    from synthetic import FAST_RUN
    meta = {**FAST_RUN, "preset": {"name": "fast", "threshold_rule": rule}, "threshold": 0.3,
            "threshold_rule": rt.USER}
    path, values = run_probability(tmp_path / "user.tif", metadata=meta, fringe=fringe)
    result = rt.rethreshold(path, str(tmp_path / "mask.tif"), "auto")
    counts, edges = np.histogram(values[values != -1.0], bins=rt.HIST_BINS, range=(0.0, 1.0))
    otsu = otsu_from_histogram(counts, edges)
    assert result.origin == expected
    assert result.threshold == (otsu if expected.startswith("automatic: Otsu") else 0.5)
    assert (otsu > 0.5) == fringe


def test_a_rebuilt_mask_can_be_rebuilt_again_from_its_run_threshold(prob, tmp_path):
    """The auto threshold of a probability is the run's, whatever masks were made since."""
    path, _ = prob
    rt.rethreshold(path, str(tmp_path / "m1.tif"), 0.2)
    assert rt.rethreshold(path, str(tmp_path / "m2.tif"), "auto").threshold == 0.5


def test_strips_give_the_same_mask_as_one_read(prob, tmp_path, monkeypatch):
    path, _ = prob
    whole = gdal.Open(rt.rethreshold(path, str(tmp_path / "a.tif"), 0.42).mask).ReadAsArray()
    striped_input = str(tmp_path / "striped.tif")  # 8-row strips: several reads of 8 rows
    gdal.Translate(striped_input, path, creationOptions=["BLOCKYSIZE=8"]).FlushCache()
    monkeypatch.setattr(rt, "STRIP_PIXELS", 1)
    monkeypatch.setattr(rt, "MASK_BLOCK", 1)
    assert [rows for _, rows in rt._strips(gdal.Open(striped_input))] == [8] * 8
    striped = gdal.Open(rt.rethreshold(striped_input, str(tmp_path / "b.tif"), 0.42).mask).ReadAsArray()
    np.testing.assert_array_equal(whole, striped)


def test_polygons_are_rebuilt_with_ranked_attributes(prob, tmp_path):
    path, _ = prob
    result = rt.rethreshold(path, str(tmp_path / "mask.tif"), 0.6, str(tmp_path / "changes.gpkg"))
    assert result.polygon_count == 2
    ds = ogr.Open(result.polygons)
    layer = ds.GetLayer(0)
    rows = sorted((f["rank"], f["pixels"], f["peak_prob"], f["area_ha"]) for f in layer)
    assert rows[0][:3] == (1, 100, pytest.approx(0.9)) and rows[0][3] == pytest.approx(100 * 900 / 1e4)
    assert rows[1][:3] == (2, 12, pytest.approx(0.7))


@pytest.mark.parametrize("threshold, message", [
    (1.5, "Threshold 1.5 is outside [0, 1]"), (-0.1, "Threshold -0.1 is outside [0, 1]"),
    ("high", "Threshold 'high' is neither 'auto' nor a number")])
def test_a_bad_threshold_is_refused(prob, tmp_path, threshold, message):
    path, _ = prob
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        rt.rethreshold(path, str(tmp_path / "mask.tif"), threshold)
    assert not (tmp_path / "mask.tif").exists()


def test_inputs_that_are_not_a_probability_are_refused(prob, tmp_path):
    path, values = prob
    with pytest.raises(InputError, match="does not exist"):
        rt.rethreshold(str(tmp_path / "missing.tif"), str(tmp_path / "m.tif"))
    byte = write_raster(tmp_path / "mask_in.tif", (values > 0.5).astype(np.uint8))
    with pytest.raises(InputError, match="holds Byte values .a change mask.., not a change probability"):
        rt.rethreshold(byte, str(tmp_path / "m.tif"))
    scaled = write_raster(tmp_path / "scaled.tif", (values * 100).astype(np.float32), gdal.GDT_Float32)
    with pytest.raises(InputError, match="holds values outside \\[0, 1\\] \\(e.g. "):
        rt.rethreshold(scaled, str(tmp_path / "m.tif"), 0.5)
    two = write_raster(tmp_path / "two.tif", np.zeros((2, 8, 8), np.float32), gdal.GDT_Float32)
    with pytest.raises(InputError, match="has 2 bands"):
        rt.rethreshold(two, str(tmp_path / "m.tif"))
    with pytest.raises(InputError, match="is also an input"):
        rt.rethreshold(path, path)
    assert not (tmp_path / "m.tif").exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "mask_in.tif", "scaled.tif", "two.tif"]


def test_cancel_leaves_nothing(prob, tmp_path):
    path, _ = prob
    with pytest.raises(Cancelled):
        rt.rethreshold(path, str(tmp_path / "mask.tif"), 0.3, str(tmp_path / "c.gpkg"), cancel=lambda: True)
    assert sorted(os.listdir(tmp_path)) == ["in"]


def test_a_polygon_failure_leaves_no_mask(prob, tmp_path):
    path, _ = prob
    with pytest.raises(InputError, match="does not end in .gpkg"):
        rt.rethreshold(path, str(tmp_path / "mask.tif"), 0.3, str(tmp_path / "c.shp"))
    assert sorted(os.listdir(tmp_path)) == ["in"]
