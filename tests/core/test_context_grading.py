"""Context grading keeps every pixel's decision, ranks by neighbourhood, and gives the same
map tile by tile as on the whole raster."""
import numpy as np
import pytest
import torch
from osgeo import gdal

from metric_cd_plugin.core.deep.request import DetectionRequest
from metric_cd_plugin.core.deep.grading import grade_by_context
from metric_cd_plugin.core.deep.run import detect_change
from synthetic import TINY, change_pair


def test_grading_keeps_the_decision_of_every_valid_pixel():
    gen = torch.Generator().manual_seed(0)
    pc = torch.rand(60, 50, generator=gen)
    pc[10:20, 10:20] = 0.5  # ties stay no change
    valid = torch.rand(60, 50, generator=gen) > 0.2
    graded = grade_by_context(pc, valid, 2.0)
    assert torch.equal(graded[valid] > 0.5, pc[valid] > 0.5)
    assert torch.equal(graded[~valid], pc[~valid])
    assert float(graded.min()) >= 0.0 and float(graded.max()) <= 1.0


def test_no_change_pixels_next_to_change_rank_above_isolated_ones():
    pc = torch.full((40, 40), 0.1)
    pc[10:20, 10:20] = 0.9
    graded = grade_by_context(pc, torch.ones(40, 40, dtype=torch.bool), 2.0)
    assert graded[15, 21] > graded[15, 35] + 0.1  # beside the change block vs far from it
    assert graded[15, 15] > graded[10, 10] > 0.5  # centre of the block vs its corner


def test_invalid_neighbours_do_not_pull_values_down():
    pc = torch.full((20, 20), 0.3)
    valid = torch.ones(20, 20, dtype=torch.bool)
    valid[:, 10:] = False
    pc[:, 10:] = 0.0
    graded = grade_by_context(pc, valid, 2.0)
    assert torch.allclose(graded[:, :10], torch.full((20, 10), 0.3))


@pytest.mark.parametrize("shift", [0, 2])
def test_tiled_graded_map_equals_the_one_tile_map(tmp_path, shift):
    """shift: the halo also covers the pixels the shift-tolerant input matches."""
    t1, t2, _ = change_pair(tmp_path, size=144, square=(30, 70))
    maps = []
    for tile in (48, 512):
        out = str(tmp_path / f"p{tile}.tif")
        detect_change(DetectionRequest(t1, t2, out, weights="random", overrides={
            **TINY, "iterations": 20, "tile": tile, "context_sigma": 2.0, "shift_tolerance": shift}))
        maps.append(gdal.Open(out).ReadAsArray())
    np.testing.assert_allclose(maps[0], maps[1], atol=1e-5)
