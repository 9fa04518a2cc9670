"""The SAR threshold agreeing with log-ratio PCA-KMeans's sure pixels (deep/agreement.py):
the rule on joint histograms, and a real run that reads only the two dates."""
import numpy as np
from osgeo import gdal

from metric_cd_plugin.core.deep import agreement
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


def test_a_sar_run_with_no_labels_anywhere_reads_only_its_two_dates(tmp_path, monkeypatch):
    """The pseudo-labels come from T1 and T2 alone: every raster GDAL opens during the run is
    one of the two dates or the run's own output (the folder holds no labels file at all)."""
    t1, t2 = sar_pair(tmp_path, np.random.default_rng(3))
    out = str(tmp_path / "pc.tif")
    opened, real_open = [], gdal.Open

    def recording_open(path, *args):
        opened.append(str(path))
        return real_open(path, *args)
    monkeypatch.setattr(gdal, "Open", recording_open)
    res = detect_change(DetectionRequest(t1, t2, out, iterations=20, weights="random", data_kind="sar",
                                         overrides={"sar_threshold": "agreement"}))
    monkeypatch.undo()
    assert res.threshold_rule == agreement.RULE
    assert 0.05 <= res.threshold <= 0.95
    assert not list(tmp_path.glob("*label*"))
    allowed = {t1, t2, out}
    assert opened and all(p in allowed or p.startswith(out) for p in opened), set(opened) - allowed
    # the flooded square (T2 only) is flagged and most of the rest is not
    pc = real_open(out).ReadAsArray()
    assert (pc[35:55, 35:55] > res.threshold).mean() > 0.8 and (pc[:25, :] > res.threshold).mean() < 0.2
