"""The classical detectors run window by window: forced-small windows give the whole-area
result, a sampled fit still finds the change, files are written by windows and nothing is
left behind on cancel."""
import os

import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.accuracy.assess import assess
from metric_cd_plugin.core.classical.run import METHODS
from classical_arrays import detect_classical, run_classical
from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.classical import windows as classical_windows
from metric_cd_plugin.core.classical.windows import ValueSample, fitting_cores
from metric_cd_plugin.core.errors import Cancelled
from metric_cd_plugin.core.normalise import Normaliser
from metric_cd_plugin.core.classical.output import NAMES
from metric_cd_plugin.core.raster.pair import RasterPair
from metric_cd_plugin.core.raster.metadata import read_run_metadata
from synthetic import change_pair, write_raster


def whole_area(method, t1, t2):
    """The reference: the whole area read at once, normalised as the windowed run does
    (same pixel sample, same seed) and run as one window."""
    pair = RasterPair(t1, t2)
    try:
        s1, s2 = pair.sample_pixels(200_000, np.random.default_rng(0))
        normaliser = Normaliser.fit(s1, s2)
        raw1, raw2, valid = pair.read(0, 0, pair.width, pair.height)
    finally:
        pair.close()
    n1, n2 = normaliser.apply(raw1, raw2, valid)
    return run_classical(method, n1, n2, valid, raw1, raw2)


@pytest.fixture(scope="module")
def pair_files(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pair")
    t1, t2, changed = change_pair(folder, size=72, square=(18, 46))
    return t1, t2, changed


@pytest.mark.parametrize("method", sorted(METHODS))
def test_small_windows_give_the_whole_area_result(pair_files, method):
    t1, t2, _ = pair_files
    whole, whole_thr = whole_area(method, t1, t2)
    # 16-pixel windows: 25 windows, PCA-KMeans neighbourhoods cross their borders
    windowed, thr, grid = detect_classical(method, t1, t2, tile=16)
    assert (grid.width, grid.height) == (72, 72)
    assert np.array_equal(np.isnan(windowed), np.isnan(whole))
    assert np.allclose(windowed, whole, atol=1e-6, equal_nan=True)
    assert thr == pytest.approx(whole_thr, abs=1e-9)


@pytest.mark.parametrize("method", sorted(METHODS))
def test_sampled_fit_still_finds_the_change_and_is_repeatable(pair_files, method, monkeypatch):
    t1, t2, changed = pair_files
    whole, whole_thr = whole_area(method, t1, t2)
    # fitted on 4 of the 16 cells of 16 x 16 pixels (1024 valid pixels, a fifth of the area)
    monkeypatch.setattr(classical_windows, "FIT_WINDOW", 16)
    score, thr, _ = detect_classical(method, t1, t2, tile=16, fit_area=1024)
    again, thr_again, _ = detect_classical(method, t1, t2, tile=16, fit_area=1024)
    assert np.array_equal(score, again, equal_nan=True) and thr == thr_again
    a = assess(score, np.where(changed, 2, 1), threshold=thr)
    assert a.f1 > 0.9 and a.auc > 0.97
    assert ((score > thr) == (whole > whole_thr)).mean() > 0.99  # the same map but for a few pixels
    if method == "cva":  # nothing to fit: only the threshold could move, and it sees every score
        assert np.array_equal(score, whole, equal_nan=True)


def test_sampled_fit_reads_on_until_enough_valid_pixels(tmp_path, monkeypatch):
    monkeypatch.setattr(classical_windows, "FIT_WINDOW", 16)
    t1, t2, changed = change_pair(tmp_path, size=96, square=(60, 84), nodata=0)
    for path in (t1, t2):  # two thirds of the area is nodata: most fitting cells hold nothing
        ds = gdal.Open(path, gdal.GA_Update)
        for b in range(1, ds.RasterCount + 1):
            ds.GetRasterBand(b).WriteArray(np.zeros((64, 96), np.float32), 0, 0)
        ds = None
    score, thr, _ = detect_classical("pcakmeans", t1, t2, tile=32, fit_area=1500)
    assert np.isnan(score[:64]).all()
    a = assess(score, np.where(changed, 2, 1), threshold=thr)
    assert a.f1 > 0.9


def test_fitting_cores_whole_area_or_a_seeded_order_of_grid_cells():
    assert list(fitting_cores(100, 80, seed=0, fit_area=8000)) == [(0, 0, 100, 80)]
    cores = list(fitting_cores(1000, 700, seed=3, fit_area=100))
    assert len(cores) == (1000 // 128) * (700 // 128)
    assert len(set(cores)) == len(cores)
    for x, y, w, h in cores:
        assert (w, h) == (128, 128) and x % 128 == 0 and y % 128 == 0  # on PCA-KMeans' 4-pixel block grid
        assert x + w <= 1000 and y + h <= 700
    assert cores == list(fitting_cores(1000, 700, seed=3, fit_area=100))
    assert cores != list(fitting_cores(1000, 700, seed=4, fit_area=100))
    assert set(fitting_cores(50, 3000, seed=0, fit_area=100)) == {(0, y, 50, 128) for y in range(0, 2944, 128)}


def test_value_sample_keeps_everything_up_to_its_capacity_then_a_uniform_sample():
    small = ValueSample(capacity=1000, seed=0)
    for part in np.array_split(np.arange(1000.0), 7):
        small.add(part)
    assert np.array_equal(np.sort(small.values()), np.arange(1000.0))
    big = ValueSample(capacity=1000, seed=0)
    for part in np.array_split(np.arange(100_000.0), 50):
        big.add(part)
    kept = big.values()
    assert 400 <= len(kept) <= 1000 and len(np.unique(kept)) == len(kept)
    # uniform over the stream: each tenth of it holds about a tenth of the sample
    counts = np.histogram(kept, bins=10, range=(0, 100_000))[0]
    assert counts.min() > 0.5 * len(kept) / 10


@pytest.mark.parametrize("method", sorted(METHODS))
def test_files_hold_the_windowed_score_and_its_mask(pair_files, tmp_path, method):
    t1, t2, _ = pair_files
    score, thr, _ = detect_classical(method, t1, t2, tile=16)
    out, mask = str(tmp_path / "score.tif"), str(tmp_path / "mask.tif")
    result = write_classical(ClassicalRequest(method, t1, t2, out, mask, tile=16))
    assert result.threshold == result.auto_threshold == pytest.approx(thr)
    written = gdal.Open(out).ReadAsArray()
    assert np.array_equal(np.where(written == -1, np.nan, written), score, equal_nan=True)
    assert np.array_equal(gdal.Open(mask).ReadAsArray(), np.where(np.isnan(score), 255, score > thr))
    assert read_run_metadata(out)["threshold"] == pytest.approx(thr)


@pytest.mark.parametrize("method", ["cva", "irmad"])
def test_a_given_threshold_makes_the_mask_in_the_same_pass(pair_files, tmp_path, method):
    t1, t2, _ = pair_files
    out, mask = str(tmp_path / "score.tif"), str(tmp_path / "mask.tif")
    seen = []
    request = ClassicalRequest(method, t1, t2, out, mask, threshold=0.3, tile=16,
                               metadata={"threshold_rule": "user value"})
    result = write_classical(request, progress=lambda p, t: seen.append(t))
    assert result.threshold == 0.3 and result.auto_threshold != 0.3
    assert not any("mask" in text for text in seen)  # no second pass over the score
    score = gdal.Open(out).ReadAsArray()
    assert np.array_equal(gdal.Open(mask).ReadAsArray(), np.where(score == -1, 255, score > 0.3))
    meta = read_run_metadata(mask)
    # the provenance every front end stores: the method's name, the rule, the request to repeat it
    assert meta["threshold"] == 0.3 and meta["threshold_rule"] == "user value" and meta["method"] == NAMES[method]
    assert meta["request"]["method"] == method and meta["request"]["threshold"] == 0.3


@pytest.mark.parametrize("method", sorted(METHODS))
def test_cancel_between_windows_leaves_no_file(pair_files, tmp_path, method):
    t1, t2, _ = pair_files
    before = sorted(os.listdir(tmp_path))
    seen = []

    def cancel():  # once the windows are half done
        return bool(seen) and "window by window" in seen[-1][1] and seen[-1][0] >= 50

    with pytest.raises(Cancelled):
        write_classical(ClassicalRequest(method, t1, t2, str(tmp_path / "s.tif"), str(tmp_path / "m.tif"), tile=16),
                        progress=lambda p, text: seen.append((p, text)), cancel=cancel)
    window_steps = [p for p, text in seen if "window by window" in text]
    assert 50 <= window_steps[-1] < 90  # stopped among the windows, not before or after them
    assert sorted(os.listdir(tmp_path)) == before


def test_nodata_stays_nodata_across_windows(tmp_path):
    rng = np.random.default_rng(1)
    t1 = rng.uniform(10, 200, (3, 50, 70)).astype(np.float32)
    t2 = t1 * 0.9 + rng.normal(0, 3, t1.shape).astype(np.float32)
    t1[:, 10:30, 5:9] = -9999  # straddles window borders
    p1, p2 = write_raster(tmp_path / "t1.tif", t1, nodata=-9999), write_raster(tmp_path / "t2.tif", t2)
    for method in sorted(METHODS):
        score, _, _ = detect_classical(method, p1, p2, tile=16)
        assert np.isnan(score[10:30, 5:9]).all() and np.isfinite(score).sum() == 50 * 70 - 80
