"""The SAR thresholds of deep/agreement.py: the share of change log-ratio PCA-KMeans finds
(`fast`'s rule) and the agreement with its sure pixels (an expert override): the rules on
histograms, the share against the classical method's own mask, and real runs that read only
the two dates."""
from contextlib import closing

import numpy as np
from osgeo import gdal

from metric_cd_plugin.core.classical.output import write_classical
from metric_cd_plugin.core.classical.request import ClassicalRequest
from metric_cd_plugin.core.deep import agreement
from metric_cd_plugin.core.progress import Monitor
from metric_cd_plugin.core.raster import kind as data_kind
from metric_cd_plugin.core.raster.pair import RasterPair
from metric_cd_plugin.core.deep.request import DetectionRequest
from metric_cd_plugin.core.deep.run import detect_change
from test_data_kind import sar_pair


def _joint(cells):
    """{(classical score, Pc): count} -> the joint histogram agreement.py accumulates."""
    joint = np.zeros((agreement.SCORE_BINS, agreement.PC_BINS), np.int64)
    for (score, pc), count in cells.items():
        joint[int(score * agreement.SCORE_BINS), int(pc * agreement.PC_BINS)] += count
    return joint


def test_the_threshold_separates_the_sure_pixels_of_each_class():
    # sure change (score 0.9) has Pc 0.30-0.35; sure no change (score 0.1) Pc 0.05-0.15: the
    # margin's 0.5 would flag nothing, the agreement cuts between them
    joint = _joint({(0.9, 0.30): 50, (0.9, 0.35): 50, (0.1, 0.05): 500, (0.1, 0.15): 500,
                    (0.55, 0.2): 300, (0.45, 0.25): 300})
    threshold, rule = agreement.agreement_threshold(joint, 0.5)
    assert 0.15 <= threshold < 0.30 and rule == agreement.RULE


def test_without_sure_pixels_of_one_class_the_rule_gives_way():
    joint = _joint({(0.1, 0.05): 500, (0.2, 0.3): 10})  # nothing above the classical threshold
    threshold, why = agreement.agreement_threshold(joint, 0.5)
    assert threshold is None and "no sure pixels" in why


def sar_run_recording_opens(tmp_path, monkeypatch, **overrides):
    """A real SAR run (20 iterations) on a pair with a flooded square -> (result, Pc, the paths GDAL
    opened during the run, the paths it may open: the two dates and the output)."""
    t1, t2 = sar_pair(tmp_path, np.random.default_rng(3))
    out = str(tmp_path / "pc.tif")
    opened, real_open = [], gdal.Open

    def recording_open(path, *args):
        opened.append(str(path))
        return real_open(path, *args)
    monkeypatch.setattr(gdal, "Open", recording_open)
    res = detect_change(DetectionRequest(t1, t2, out, iterations=20, weights="random", data_kind="sar",
                                         overrides=overrides))
    monkeypatch.undo()
    assert opened and not list(tmp_path.glob("*label*"))
    return res, real_open(out).ReadAsArray(), [p for p in opened if not p.startswith(out)], {t1, t2}


def test_a_sar_run_with_no_labels_anywhere_reads_only_its_two_dates(tmp_path, monkeypatch):
    """The pseudo-labels come from T1 and T2 alone: every raster GDAL opens during the run is
    one of the two dates or the run's own output (the folder holds no labels file at all)."""
    res, pc, opened, allowed = sar_run_recording_opens(tmp_path, monkeypatch, sar_threshold="agreement")
    assert res.threshold_rule == agreement.RULE
    assert 0.05 <= res.threshold <= 0.95
    assert set(opened) <= allowed, set(opened) - allowed
    # the flooded square (T2 only) is flagged and most of the rest is not
    assert (pc[35:55, 35:55] > res.threshold).mean() > 0.8 and (pc[:25, :] > res.threshold).mean() < 0.2


def test_the_share_cuts_pc_where_that_share_of_pixels_lies_above():
    edges = np.linspace(0.0, 1.0, 1001)
    hist = np.zeros(1000)
    hist[100:300] = 9.0   # 1800 pixels of Pc 0.1-0.3
    hist[800:900] = 2.0   # 200 of Pc 0.8-0.9: a tenth
    threshold, rule = agreement.share_threshold(hist, edges, 0.1)
    assert 0.3 <= threshold <= 0.8 and "10.0 %" in rule
    threshold, _ = agreement.share_threshold(hist, edges, 0.05)  # half the high mode
    assert 0.8 < threshold < 0.9
    # the cut stays within 0.05-0.95, as the agreement's does
    assert agreement.share_threshold(hist, edges, 0.999)[0] == 0.05


def test_without_change_or_with_nothing_else_the_share_gives_way():
    hist = np.ones(1000)
    edges = np.linspace(0.0, 1.0, 1001)
    assert agreement.share_threshold(hist, edges, 0.0) == (None, "log-ratio PCA-KMeans found no change")
    assert agreement.share_threshold(hist, edges, 1.0)[0] is None


def test_the_share_is_what_the_classical_method_flags_on_the_same_source(tmp_path):
    """The share read window by window is the fraction of pixels log-ratio PCA-KMeans's own
    mask flags when run as a classical method with the data kind SAR."""
    t1, t2 = sar_pair(tmp_path, np.random.default_rng(5))
    with closing(RasterPair(t1, t2)) as pair:
        source, _ = data_kind.prepare(pair, "sar")
        share, threshold = agreement.classical_share(source, Monitor(None, None), seed=0)
    mask_path = str(tmp_path / "mask.tif")
    res = write_classical(ClassicalRequest("pcakmeans", t1, t2, str(tmp_path / "score.tif"), mask_output=mask_path,
                                           seed=0, data_kind="sar"))
    mask = gdal.Open(mask_path).ReadAsArray()
    assert abs(threshold - res.auto_threshold) < 1e-6
    flagged = float((mask == 1).sum() / np.isin(mask, (0, 1)).sum())
    assert 0.05 < flagged < 0.3  # the flooded square is 10 % of the scene
    assert abs(share - flagged) < 0.002


def test_a_default_sar_run_flags_the_classical_share_and_reads_only_its_two_dates(tmp_path, monkeypatch):
    res, pc, opened, allowed = sar_run_recording_opens(tmp_path, monkeypatch)
    assert res.threshold_rule.startswith("the share of change log-ratio PCA-KMeans finds")
    assert res.metadata["preset"]["sar_threshold"] == "share"
    assert set(opened) <= allowed, set(opened) - allowed
    flagged = pc > res.threshold
    # the flooded square (T2 only, 9.8 % of the scene) is flagged and most of the rest is not
    assert flagged[35:55, 35:55].mean() > 0.8 and flagged[:25, :].mean() < 0.2
