import numpy as np
import pytest
from osgeo import gdal

from metric_cd_plugin.core.accuracy.assess import assess, assess_files
from metric_cd_plugin.core.errors import InputError


def test_hand_computed_scores_with_unlabelled_and_nan_ignored():
    score = np.array([0.9, 0.8, 0.3, 0.2, 0.6, np.nan])
    ref = np.array([2, 1, 2, 1, 0, 2])          # pixel 4 unlabelled, pixel 5 invalid
    a = assess(score, ref)
    assert (a.tp, a.fp, a.fn, a.tn, a.n_labelled) == (1, 1, 1, 1, 4)
    assert a.precision == a.recall == a.f1 == a.overall_accuracy == 0.5
    assert a.kappa == pytest.approx(0.0)
    assert a.iou == pytest.approx(1 / 3)
    assert a.auc == pytest.approx(0.75)         # 3 of 4 (change, no change) pairs ordered
    assert a.best_f1 == pytest.approx(0.8)      # change = {0.9, 0.8, 0.3}
    assert a.best_f1_threshold == pytest.approx(0.25)
    assert a.threshold == 0.5


def test_kappa_on_known_confusion_matrix_binary_map():
    # tp 40, fp 10, fn 20, tn 130: po = .85, pe = (50*60 + 150*140) / 200^2 = .6
    pred = np.r_[np.ones(40), np.ones(10), np.zeros(20), np.zeros(130)].astype(np.uint8)
    ref = np.r_[np.full(40, 2), np.full(10, 1), np.full(20, 2), np.full(130, 1)]
    a = assess(pred, ref)
    assert (a.tp, a.fp, a.fn, a.tn) == (40, 10, 20, 130)
    assert a.kappa == pytest.approx(0.625)
    assert a.f1 == pytest.approx(80 / 110)
    assert a.iou == pytest.approx(40 / 70)
    assert a.auc is None and a.best_f1 is None and a.threshold is None


def test_binary_0_255_map_and_binary_reference():
    pred = np.array([[255, 0], [255, 0]], np.uint8)
    ref = np.array([[255, 255], [0, 0]], np.uint8)
    a = assess(pred, ref, reference_kind="binary")
    assert (a.tp, a.fp, a.fn, a.tn) == (1, 1, 1, 1)


def test_auc_ties_count_half():
    score = np.array([0.5, 0.5, 0.5, 0.1])
    ref = np.array([2, 2, 1, 1])
    assert assess(score, ref).auc == pytest.approx(0.75)


def test_auc_matches_pairwise_count_with_many_ties():
    rng = np.random.default_rng(1)
    score = rng.integers(0, 5, 300) / 10.0 + 0.05
    ref = rng.integers(0, 3, 300)
    s, y = score[ref > 0], ref[ref > 0] == 2
    pos, neg = s[y][:, None], s[~y][None, :]
    expected = ((pos > neg).sum() + 0.5 * (pos == neg).sum()) / (pos.size * neg.size)
    assert assess(score, ref).auc == pytest.approx(expected)


def test_explicit_threshold_is_applied():
    score = np.array([0.1, 0.2, 0.3, 0.4])
    ref = np.array([1, 1, 2, 2])
    assert assess(score, ref, threshold=0.25).f1 == 1.0
    assert assess(score, ref, threshold=0.35).recall == 0.5


def test_bad_reference_values_and_shapes_raise_input_error():
    with pytest.raises(InputError, match="binary"):
        assess(np.zeros(3), np.array([0, 1, 5]))
    with pytest.raises(InputError, match="0/1"):
        assess(np.zeros(3), np.array([0, 1, 2]), reference_kind="binary")
    with pytest.raises(InputError, match="same pixel grid"):
        assess(np.zeros(3), np.zeros(4, int))


def _write(path, array, gdal_type, nodata=None):
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[1], array.shape[0], 1, gdal_type)
    band = ds.GetRasterBand(1)
    if nodata is not None:
        band.SetNoDataValue(nodata)
    band.WriteArray(array)
    ds = None


def test_assess_files_respects_nodata_and_checks_size(tmp_path):
    score = np.array([[0.9, 0.1], [-1.0, 0.7]], np.float32)
    ref = np.array([[2, 1], [2, 1]], np.uint8)
    _write(tmp_path / "s.tif", score, gdal.GDT_Float32, nodata=-1.0)
    _write(tmp_path / "r.tif", ref, gdal.GDT_Byte)
    a = assess_files(str(tmp_path / "s.tif"), str(tmp_path / "r.tif"))
    assert (a.tp, a.fp, a.fn, a.tn, a.n_labelled) == (1, 1, 0, 1, 3)
    _write(tmp_path / "big.tif", np.zeros((3, 2), np.uint8), gdal.GDT_Byte)
    with pytest.raises(InputError, match="2x2 pixels and the reference 2x3"):
        assess_files(str(tmp_path / "s.tif"), str(tmp_path / "big.tif"))
    with pytest.raises(InputError, match="does not exist"):
        assess_files(str(tmp_path / "missing.tif"), str(tmp_path / "r.tif"))
