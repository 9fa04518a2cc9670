"""The `auto` data kind on each simulated speckle case class (issue 25), laid on a real optical
scene as bench/kind_bench.py does: the central 128 px of the bundled Landsat pair's
panchromatic image times bench/speckle.py's speckle, written as GeoTIFFs and read through
RasterPair. Each class the rule of core/raster/kind.py claims is SAR: every number of looks,
form and scale independent; correlated over 1-2 px (white again 2-3 px apart); 3 x 3 box and
Lee filtered speckle of 1-3 looks. The faint class it leaves to the cheaper comparison (10-30
looks filtered) is test_data_kind_physics.py's; optical bands and panchromatic images are there
too. The whole table, with the margins, is bench/results/kind_decisions.md."""
import os

import numpy as np
import pytest
from osgeo import gdal

from bench import speckle
from conftest import SAMPLE
from metric_cd_plugin.core.raster import kind
from metric_cd_plugin.core.raster.pair import RasterPair
from synthetic import write_raster

SIDE = 128
EVERY_FORM_AND_SCALE = [(form, scale) for form in speckle.FORMS for scale in ("linear", "db", "8bit")]
TWO_FORMS_AND_SCALES = [("amplitude", "8bit"), ("intensity", "db")]


@pytest.fixture(scope="module")
def scene():
    pans = [gdal.Open(os.path.join(SAMPLE, f"t{d}.tif")).ReadAsArray().astype(np.float32).mean(0) for d in (1, 2)]
    h, w = pans[0].shape
    y, x = (h - SIDE) // 2, (w - SIDE) // 2
    return [p[y:y + SIDE, x:x + SIDE] for p in pans]


def decisions(tmp_path, scene, looks, corr, filtered, cases):
    """-> [(form, scale, KindChoice)], one speckle field per date shared by the cases."""
    rng = np.random.default_rng(looks * 10 + int(2 * corr))
    fields = [speckle.speckle_field(scene[0].shape, looks, corr, rng) for _ in range(2)]
    found = []
    for form, scale in cases:
        pair_arrays = speckle.speckled_pair(*scene, looks, form, scale, corr, filtered, rng, fields)
        folder = tmp_path / f"{form}_{scale}"
        folder.mkdir()
        pair = RasterPair(*(write_raster(folder / f"t{d}.tif", a) for d, a in enumerate(pair_arrays, 1)))
        try:
            found.append((form, scale, kind.detect_kind(pair)))
        finally:
            pair.close()
    return found


def assert_sar(found):
    wrong = [(form, scale, c.reason) for form, scale, c in found if c.kind != "sar"]
    assert not wrong, wrong
    assert all(c.confidence in ("high", "medium") and c.measured is not None for _, _, c in found)


@pytest.mark.parametrize("looks", [1, 3, 10, 30])
def test_independent_speckle_of_any_looks_form_and_scale_is_sar(tmp_path, scene, looks):
    assert_sar(decisions(tmp_path, scene, looks, 0.0, None, EVERY_FORM_AND_SCALE))


@pytest.mark.parametrize("looks,corr", [(1, 1.0), (1, 2.0), (3, 1.0), (3, 2.0), (10, 1.0)])
def test_speckle_correlated_over_one_or_two_pixels_is_sar(tmp_path, scene, looks, corr):
    assert_sar(decisions(tmp_path, scene, looks, corr, None, TWO_FORMS_AND_SCALES))


@pytest.mark.parametrize("looks,corr,filtered", [(1, 0.0, "lee"), (1, 0.0, "box"), (3, 0.0, "lee"),
                                                 (3, 0.0, "box"), (1, 1.0, "box"), (1, 2.0, "box")])
def test_filtered_speckle_of_few_looks_is_sar(tmp_path, scene, looks, corr, filtered):
    assert_sar(decisions(tmp_path, scene, looks, corr, filtered, TWO_FORMS_AND_SCALES))


def test_speckle_correlated_over_a_pixel_is_told_by_the_decorrelated_noise(tmp_path, scene):
    """Neighbours correlate like texture (above SPECKLE_CORRELATION), pixels 2-3 apart do not:
    the evidence says so, and the reason names both correlations."""
    (_, _, choice), = decisions(tmp_path, scene, 1, 0.0, "box", [("amplitude", "8bit")])
    assert choice.measured.correlation >= kind.SPECKLE_CORRELATION, choice.reason
    assert (choice.kind, choice.evidence) == ("sar", "decorrelated noise"), choice.reason
    assert "2-3 apart are independent" in choice.reason and "confidence medium" in choice.reason
