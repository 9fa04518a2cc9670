"""The label-free decision (core/deep/decision.py) on real GeoTIFF pairs whose change covers
1 %, 5 % and 20 % of the scene, optical and single-look SAR: the flagged fraction follows
the real one. And the deep run records the data kind it compared the rasters as, and the
margin rule that kind chose."""
import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.deep import run as pipeline
from metric_cd_plugin.core.deep.decision import GAMMA, GAMMA_FELL_BACK, GAUSSIAN, MARGIN_RANGE
from metric_cd_plugin.core.deep.request import DetectionRequest
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import TINY, write_raster
from test_data_kind import sar_pair, scene

SIZE = 128


def fields_pair(tmp_path, fraction, seed=0):
    """3-band fields (8 px) with sensor noise; T2 a radiometric change of T1 except in
    squares (new land cover) covering `fraction` of the scene. -> (t1, t2, changed)."""
    rng = np.random.default_rng(seed)
    t1 = np.kron(rng.uniform(40, 160, (3, SIZE // 8, SIZE // 8)), np.ones((8, 8)))
    t1 += rng.normal(0, 4, t1.shape)
    t2 = 0.8 * t1 + 20 + rng.normal(0, 4, t1.shape)
    changed = np.zeros((SIZE, SIZE), bool)
    side = 16 if fraction > 0.02 else int(round(np.sqrt(fraction * SIZE * SIZE)))
    cells = [(y, x) for y in range(4, SIZE - side, side + 6) for x in range(4, SIZE - side, side + 6)]
    for y, x in [cells[i] for i in rng.permutation(len(cells))]:
        if changed.mean() >= fraction * 0.97:
            break
        changed[y:y + side, x:x + side] = True
        t2[:, y:y + side, x:x + side] = rng.uniform(20, 230, (3, 1, 1)) + rng.normal(0, 4, (3, side, side))
    t1, t2 = (np.clip(a, 0, 255).astype(np.float32) for a in (t1, t2))
    return write_raster(tmp_path / "t1.tif", t1), write_raster(tmp_path / "t2.tif", t2), changed


def changed_cells(rng, fraction):
    """Squares covering `fraction` of the scene, in a shuffled grid -> [(y, x, side)]."""
    side = 16 if fraction > 0.02 else int(round(np.sqrt(fraction * SIZE * SIZE)))
    cells = [(y, x) for y in range(4, SIZE - side, side + 6) for x in range(4, SIZE - side, side + 6)]
    count = int(np.ceil(fraction * 0.97 * SIZE * SIZE / side ** 2))
    return [(*cells[i], side) for i in rng.permutation(len(cells))[:count]]


def sar_fields_pair(tmp_path, fraction, seed=0):
    """Single-look amplitude fields (Rayleigh speckle, independent on each date); T2
    darker (flooded) or brighter (built) in squares covering `fraction`."""
    rng = np.random.default_rng(seed)
    s1 = scene(rng, SIZE)[None]
    s2, changed = s1.copy(), np.zeros((SIZE, SIZE), bool)
    for y, x, side in changed_cells(rng, fraction):
        changed[y:y + side, x:x + side] = True
        s2[:, y:y + side, x:x + side] *= rng.choice([0.15, 5.0])
    t1, t2 = (s * rng.rayleigh(1 / np.sqrt(np.pi / 2), s.shape) for s in (s1, s2))
    return write_raster(tmp_path / "t1.tif", t1.astype(np.float32)), \
        write_raster(tmp_path / "t2.tif", t2.astype(np.float32)), changed


def detect(tmp_path, t1, t2, **kw):
    # the default preset's decision (minimum-error margin), on a shorter fit
    req = DetectionRequest(t1, t2, str(tmp_path / "p.tif"), str(tmp_path / "m.tif"), weights="random",
                           overrides=TINY, **kw)
    return pipeline.detect_change(req)


@pytest.mark.parametrize("fraction", [0.01, 0.05, 0.20])
def test_flagged_fraction_is_within_a_factor_3_of_the_change(tmp_path, fraction):
    t1, t2, changed = fields_pair(tmp_path, fraction)
    res = detect(tmp_path, t1, t2)
    flagged = gdal.Open(res.mask_output).ReadAsArray().astype(bool)
    # within a factor 3 either way, the criterion on the shared pairs (a fixed
    # quantile of the noise cannot do that for 1 % and 20 % at once); measured 2.0x, 1.7x and
    # 0.95x with the convex prior (the paper's prior at 300 iterations: 3.4x at 1 %)
    assert changed.mean() / 3 <= flagged.mean() <= changed.mean() * 3, (flagged.mean(), changed.mean())
    assert MARGIN_RANGE[0] <= res.metadata["margin"] <= MARGIN_RANGE[1]
    assert res.metadata["data_kind"] == "optical"
    assert res.metadata["margin_rule"] == GAUSSIAN


@pytest.mark.parametrize("fraction", [0.01, 0.20])
def test_sar_flagged_fraction_is_within_a_factor_3_of_the_change(tmp_path, fraction):
    """The SAR margin (gamma no-change class) on speckled scenes with 1 % and 20 % change;
    measured 2.1x and 1.2x (Gaussian classes: 2.3x and 1.3x)."""
    t1, t2, changed = sar_fields_pair(tmp_path, fraction)
    res = detect(tmp_path, t1, t2)
    flagged = gdal.Open(res.mask_output).ReadAsArray().astype(bool)
    assert res.metadata["data_kind"] == "sar" and res.metadata["margin_rule"] == GAMMA
    assert changed.mean() / 3 <= flagged.mean() <= changed.mean() * 3, (flagged.mean(), changed.mean())
    hit = (flagged & changed).sum() / changed.sum()
    assert hit > 0.5, hit  # the flagged pixels are the changed squares, not speckle


def test_deep_run_records_the_data_kind_and_repeats_from_its_metadata(tmp_path):
    t1, t2 = sar_pair(tmp_path, np.random.default_rng(7), size=64)
    res = detect(tmp_path, t1, t2)
    meta = read_run_metadata(res.output)
    assert meta["data_kind"] == "sar" and meta["data_kind_reason"].startswith("SAR: speckle")
    assert meta["data_kind_evidence"] in ("speckle", "white noise")
    assert meta["data_kind_confidence"] in ("high", "medium")
    assert meta["margin_rule"] in (GAMMA, GAMMA_FELL_BACK)  # the margin's class model follows the kind
    again = DetectionRequest(**meta["request"])
    assert again.data_kind == "auto"
    forced = detect(tmp_path, t1, t2, data_kind="optical")
    forced_meta = read_run_metadata(forced.output)
    assert forced_meta["data_kind_reason"] == "optical: chosen by the user"
    assert forced_meta["margin_rule"] == GAUSSIAN
