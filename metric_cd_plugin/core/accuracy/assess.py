"""Accuracy of a change map against a reference: confusion matrix, precision, recall, F1,
overall accuracy, Cohen's kappa, IoU of change and, for continuous scores, ROC AUC and
the best attainable F1 (for information only: it looks at the reference).

Reference kinds:
  "labels": 0 = not labelled, 1 = no change, 2 = change (partial ground truth);
  "binary": a complete mask, 0 = no change and 1 (or 255) = change.
Only pixels that are labelled and valid in the score (finite, not nodata) are counted; a
reference file on another grid is put on the change map's (reference.py), and change-map
pixels outside it are not labelled.
A score whose valid values are all in {0, 1} or all in {0, 255} is a binary change map;
anything else is a continuous score thresholded as ``score > threshold`` (0.5 by default).
Undefined ratios (e.g. precision with nothing predicted) are reported as 0, not NaN, as is
customary in change-detection tables; kappa and AUC are NaN when undefined."""
import math
from dataclasses import asdict, dataclass
from typing import Optional, Tuple

import numpy as np

from .reference import read_labelled
from ..errors import InputError
from ..thresholds import is_change

DEFAULT_THRESHOLD = 0.5


@dataclass
class Accuracy:
    tp: int
    fp: int
    fn: int
    tn: int
    precision: float
    recall: float
    f1: float
    overall_accuracy: float
    kappa: float
    iou: float
    auc: Optional[float]               # None for a binary map
    best_f1: Optional[float]           # None for a binary map
    best_f1_threshold: Optional[float]
    threshold: Optional[float]         # the one applied; None for a binary map
    n_labelled: int

    def as_dict(self) -> dict:
        return asdict(self)


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den else 0.0


def _reference_classes(reference: np.ndarray, kind: str) -> Tuple[np.ndarray, np.ndarray]:
    """-> (labelled, change) boolean arrays, after checking the values fit the kind."""
    values = set(np.unique(reference).tolist())
    if kind == "labels":
        if not values <= {0, 1, 2}:
            raise InputError(
                f"The reference has values {sorted(values - {0, 1, 2})[:5]} outside 0 (not labelled), "
                "1 (no change) and 2 (change); use reference kind 'binary' for a 0/1 or 0/255 mask.")
        return reference > 0, reference == 2
    if kind == "binary":
        if not (values <= {0, 1} or values <= {0, 255}):
            raise InputError(
                f"The binary reference has values {sorted(values)[:5]}; it must hold only 0/1 or only "
                "0/255. Use reference kind 'labels' for 0 = not labelled, 1 = no change, 2 = change.")
        return np.ones(reference.shape, bool), reference > 0
    raise InputError(f"Unknown reference kind '{kind}'; choose 'labels' or 'binary'.")


def _is_binary(values: np.ndarray) -> bool:
    u = np.unique(values)
    return bool(np.isin(u, [0, 1]).all() or np.isin(u, [0, 255]).all())


def _ranked(s: np.ndarray, y: np.ndarray) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Sort once; return sorted scores, change flags and tie-group boundaries."""
    order = np.argsort(s, kind="mergesort")
    s_sorted, y_sorted = s[order], y[order]
    bounds = np.r_[0, np.flatnonzero(np.diff(s_sorted)) + 1, len(s_sorted)]
    return s_sorted, y_sorted, bounds


def roc_auc(s_sorted: np.ndarray, y_sorted: np.ndarray, bounds: np.ndarray) -> float:
    """Mann-Whitney U with average ranks for ties (a tie counts as half a correct pair)."""
    n_pos = int(y_sorted.sum())
    n_neg = len(y_sorted) - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    sizes = np.diff(bounds)
    avg_rank = (bounds[:-1] + 1 + bounds[1:]) / 2.0  # 1-based ranks bounds[g]+1 .. bounds[g+1]
    rank_sum = float(np.repeat(avg_rank, sizes)[y_sorted].sum())
    return (rank_sum - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg)


def best_f1(s_sorted: np.ndarray, y_sorted: np.ndarray, bounds: np.ndarray) -> Tuple[float, float]:
    """Best F1 over all cuts between distinct score values -> (f1, threshold)."""
    n_pos = int(y_sorted.sum())
    if n_pos == 0:
        return 0.0, float("nan")
    pos_in_group = np.add.reduceat(y_sorted.astype(np.int64), bounds[:-1])
    size = np.diff(bounds)
    tp = np.cumsum(pos_in_group[::-1])[::-1]   # change predicted for groups g..end
    pred = np.cumsum(size[::-1])[::-1]
    f1 = 2.0 * tp / (pred + n_pos)
    g = int(np.argmax(f1))
    values = s_sorted[bounds[:-1]].astype(np.float64)
    thr = np.nextafter(values[0], -np.inf) if g == 0 else (values[g - 1] + values[g]) / 2.0
    return float(f1[g]), float(thr)


def assess(score: np.ndarray, reference: np.ndarray, threshold: Optional[float] = None,
           reference_kind: str = "labels") -> Accuracy:
    """Compare a change score or binary change map with a reference of the same shape."""
    score = np.asarray(score)
    reference = np.asarray(reference)
    if score.shape != reference.shape:
        raise InputError(f"The change map is {score.shape} and the reference {reference.shape}; "
                         "they must cover the same pixel grid.")
    labelled, change = _reference_classes(reference, reference_kind)
    s = score.astype(np.float64)
    use = labelled & np.isfinite(s)
    s, y = s[use], change[use]
    binary = _is_binary(s)
    if binary:
        used_threshold, pred = None, s > 0
    else:
        used_threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
        pred = is_change(s, used_threshold)  # as the mask counts

    tp = int(np.count_nonzero(pred & y))
    fp = int(np.count_nonzero(pred & ~y))
    fn = int(np.count_nonzero(~pred & y))
    tn = int(np.count_nonzero(~pred & ~y))
    n = tp + fp + fn + tn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    oa = _ratio(tp + tn, n)
    expected = _ratio((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn), n * n)
    kappa = (oa - expected) / (1.0 - expected) if n and expected < 1.0 else float("nan")

    auc = bf1 = bf1_thr = None
    if not binary and n:
        ranked = _ranked(s, y)
        auc = roc_auc(*ranked)
        bf1, bf1_thr = best_f1(*ranked)
    return Accuracy(tp, fp, fn, tn, precision, recall, f1, oa, float(kappa), _ratio(tp, tp + fp + fn),
                    auc, bf1, bf1_thr, used_threshold, n)


def assess_files(score_path: str, reference_path: str, threshold: Optional[float] = None,
                 reference_kind: str = "labels", nodata: Optional[float] = None) -> Accuracy:
    """Band 1 of both rasters, the reference put on the change map's grid (nearest neighbour;
    outside the reference nothing is labelled), read by strips and :func:`assess`-ed on the
    pixels that count. ``nodata`` overrides the score band's own nodata value; NaN is always
    excluded. See reference.py for when the rasters are compared pixel to pixel instead."""
    if threshold is not None and not (math.isfinite(threshold) and 0.0 <= threshold <= 1.0):
        raise InputError(f"The threshold {threshold} is not a number from 0 to 1; give one in that range, "
                         "or leave it out (the run's own threshold, else 0.5).")
    unlabelled = 0 if reference_kind == "labels" else None
    score, reference, values = read_labelled(score_path, reference_path, nodata, unlabelled)
    _reference_classes(values, reference_kind)  # every value in the footprint, not only those kept
    if score.size == 0:  # F1 0.0000 would look like a score
        raise InputError("No pixel is both valid in the change map and labelled in the reference, so there is "
                         "nothing to score; check the reference's labels (0 unlabelled, 1 no change, 2 change), "
                         "the change map's nodata and that the two overlap.")
    return assess(score, reference, threshold, reference_kind)
