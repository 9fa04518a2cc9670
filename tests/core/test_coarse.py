"""The networks for the pixel size (core/deep/coarse.py): two VGG levels and one residual block,
fitted on 32 px patches, where optical pixels are 5 m or coarser; the preset's networks and
patches for finer or unknown pixels and for SAR."""
from dataclasses import replace

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.deep.coarse import for_pixel_size
from metric_cd_plugin.core.deep.request import PRESETS, DetectionRequest
from metric_cd_plugin.core.deep.run import detect_change
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import TINY, change_pair, utm_wkt, write_raster

FAST = PRESETS["fast"]
UTM30 = (500000, 30.0, 0, 3500000, 0, -30.0)
OWN = "3 VGG levels (relu1_2, relu2_2, relu3_3), 2 residual blocks"
COARSE = "2 VGG levels (relu1_2, relu2_2), 1 residual block"
COARSE_FAST = COARSE + ", fitted on 32 x 32 px patches"


@pytest.mark.parametrize("kind, gt, wkt, networks, why", [
    ("optical", UTM30, utm_wkt(), COARSE_FAST, "m pixels, where relu3_3 sums 1.2 km of ground"),
    ("optical", (500000, 10.0, 0, 3500000, 0, -10.0), utm_wkt(), COARSE_FAST, "10 m pixels"),
    # on the ground: UTM's scale factor
    ("optical", (500000, 5.0, 0, 3500000, 0, -5.0), utm_wkt(), COARSE_FAST, "5.02 m pixels, where relu3_3 sums 201 m"),
    ("optical", (500000, 1.5, 0, 3500000, 0, -1.5), utm_wkt(), OWN, "1.5 m pixels, finer than 5 m"),
    ("optical", (0, 1.0, 0, 0, 0, 1.0), "", OWN, "unknown size"),
    ("sar", UTM30, utm_wkt(), OWN, "SAR keeps the preset's networks"),
])
def test_the_rule(kind, gt, wkt, networks, why):
    chosen, reason = for_pixel_size(FAST, kind, gt, wkt, 100, 100)
    assert reason.startswith(networks + ": ") and why in reason
    levels, blocks, patch = (2, 1, 32) if networks == COARSE_FAST else (3, 2, 64)
    assert (chosen.fe_levels, chosen.blocks, chosen.patch) == (levels, blocks, patch)
    # the pool keeps its 64 patches: a quarter of the pixels (and of their VGG features) at 32 px
    assert chosen.pool_pixels // chosen.patch ** 2 == FAST.pool_pixels // FAST.patch ** 2 == 64
    assert (chosen.coarse_fe_levels, chosen.coarse_blocks, chosen.coarse_patch) == (None, None, None)
    assert replace(chosen, fe_levels=3, blocks=2, patch=64, pool_pixels=FAST.pool_pixels) == replace(
        FAST, coarse_fe_levels=None, coarse_blocks=None, coarse_patch=None)


def test_the_paper_preset_and_an_experts_networks_are_kept_and_a_preset_refuses_what_cannot_be_built():
    paper, reason = for_pixel_size(PRESETS["paper"], "optical", UTM30, utm_wkt(), 9, 9)
    assert (paper.fe_levels, paper.blocks) == (3, 32)
    assert reason == "3 VGG levels (relu1_2, relu2_2, relu3_3), 32 residual blocks: the preset's"
    # an expert's single level is never raised to the coarse pixels' two; the blocks still follow the rule
    expert, reason = for_pixel_size(replace(FAST, fe_levels=1), "optical", UTM30, utm_wkt(), 9, 9)
    assert (expert.fe_levels, expert.blocks) == (1, 1) and reason.startswith("1 VGG level (relu1_2), 1 residual block")
    # an expert's patch smaller than the coarse pixels' is kept, with its pool
    small, reason = for_pixel_size(replace(FAST, patch=24, pool_pixels=9216), "optical", UTM30, utm_wkt(), 9, 9)
    assert (small.patch, small.pool_pixels, small.blocks) == (24, 9216, 1) and reason.startswith(COARSE + ": ")
    assert paper.patch is None  # whole-image fitting has no patch to shrink
    for name, value in (("coarse_fe_levels", 4), ("coarse_fe_levels", 0), ("fe_levels", None), ("coarse_blocks", 0),
                        ("coarse_blocks", 1.5), ("coarse_patch", 8), ("coarse_patch", 32.0), ("coarse_patch", True)):
        with pytest.raises(ValueError, match=name):
            replace(FAST, **{name: value})


def test_a_30_m_pair_is_fitted_with_the_coarse_networks_and_the_same_pixels_without_a_crs_with_the_presets(tmp_path):
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
    coarse, own = meta["30 m"], meta["unknown"]
    assert (coarse["preset"]["fe_levels"], coarse["preset"]["blocks"]) == (2, 1)
    assert coarse["networks_reason"].startswith(COARSE + ": 30.1 m pixels")
    assert (own["preset"]["fe_levels"], own["preset"]["blocks"]) == (3, 2) and "unknown size" in own["networks_reason"]
    assert "give the rasters their CRS" in own["networks_reason"]  # what to do when they are not photographs
    assert coarse["preset"]["coarse_fe_levels"] is None  # resolved: a repeat of the run chooses again
    assert DetectionRequest(**coarse["request"]).overrides == TINY
    assert not np.array_equal(pcs["30 m"], pcs["unknown"])  # the networks reached the fit
