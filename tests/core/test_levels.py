"""How many VGG levels the loss compares (core/deep/levels.py): two where optical pixels are
5 m or coarser, every level of the preset for finer or unknown pixels and for SAR."""
from dataclasses import replace

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.deep.levels import choose_levels
from metric_cd_plugin.core.deep.request import PRESETS, DetectionRequest
from metric_cd_plugin.core.deep.run import detect_change
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import TINY, change_pair, utm_wkt, write_raster

FAST = PRESETS["fast"]


@pytest.mark.parametrize("kind, gt, wkt, levels, why", [
    ("optical", (500000, 30.0, 0, 3500000, 0, -30.0), utm_wkt(), 2, "m pixels, where relu3_3 sums 1.2 km of ground"),
    ("optical", (500000, 10.0, 0, 3500000, 0, -10.0), utm_wkt(), 2, "10 m pixels"),
    # on the ground: UTM's scale factor
    ("optical", (500000, 5.0, 0, 3500000, 0, -5.0), utm_wkt(), 2, "5.02 m pixels, where relu3_3 sums 201 m"),
    ("optical", (500000, 1.5, 0, 3500000, 0, -1.5), utm_wkt(), 3, "1.5 m pixels, finer than 5 m"),
    ("optical", (0, 1.0, 0, 0, 0, 1.0), "", 3, "unknown size"),
    ("sar", (500000, 30.0, 0, 3500000, 0, -30.0), utm_wkt(), 3, "SAR keeps every level"),
])
def test_the_rule(kind, gt, wkt, levels, why):
    chosen, reason = choose_levels(FAST, kind, gt, wkt, 100, 100)
    assert chosen == levels and why in reason and reason.startswith(f"{levels} (relu1_2")


def test_the_paper_preset_keeps_its_levels_and_a_preset_refuses_levels_vgg16_does_not_have():
    assert choose_levels(PRESETS["paper"], "optical", (500000, 30.0, 0, 3500000, 0, -30.0), utm_wkt(), 9, 9) == (
        3, "3 (relu1_2, relu2_2, relu3_3): the preset's")
    # an expert's single level is never raised to the coarse pixels' two
    assert choose_levels(replace(FAST, fe_levels=1), "optical", (500000, 30.0, 0, 3500000, 0, -30.0), utm_wkt(), 9,
                         9) == (1, "1 (relu1_2): the preset's")
    for name, value in (("coarse_fe_levels", 4), ("coarse_fe_levels", 0), ("fe_levels", None)):
        with pytest.raises(ValueError, match=name):
            replace(FAST, **{name: value})


def test_a_30_m_pair_is_fitted_on_two_levels_and_the_same_pixels_without_a_crs_on_three(tmp_path):
    t1, t2, changed = change_pair(tmp_path)
    plain = []
    for path in (t1, t2):  # the same pixels, no georeferencing: a picture of unknown pixel size
        ds = gdal.Open(path)
        plain.append(write_raster(tmp_path / f"plain_{path.rsplit('/', 1)[-1]}", ds.ReadAsArray(), gt=None))
        ds = None
    pcs, meta = {}, {}
    for name, (a, b) in (("30 m", (t1, t2)), ("unknown", plain)):
        out = str(tmp_path / f"{name}.tif")
        res = detect_change(DetectionRequest(a, b, out, weights="random", overrides=dict(TINY)))
        pcs[name], meta[name] = gdal.Open(out).ReadAsArray(), read_run_metadata(out)
        assert (pcs[name][changed] > res.threshold).mean() > 0.9  # the change is found either way
    assert meta["30 m"]["preset"]["fe_levels"] == 2 and "30.1 m pixels" in meta["30 m"]["feature_levels_reason"]
    assert meta["unknown"]["preset"]["fe_levels"] == 3 and "unknown size" in meta["unknown"]["feature_levels_reason"]
    assert meta["30 m"]["preset"]["coarse_fe_levels"] is None  # resolved: a repeat of the run chooses again
    assert DetectionRequest(**meta["30 m"]["request"]).overrides == TINY
    assert not np.array_equal(pcs["30 m"], pcs["unknown"])  # the levels reached the fit
