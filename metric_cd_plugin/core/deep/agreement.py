"""SAR: the threshold on Pc that agrees best with the confident pixels of the classical
log-ratio comparison (issue 25, hypothesis i).

The SAR margin (a gamma no-change class, decision.py) put Pc's 0.5 far from the best cut on
simulated speckle laid on labelled optical pairs (bench/dev_pairs.py), flagging 0-1.6 % where
9-20 % changed in three of four cases; unseen SAR scenes run as SAR kept recall 0.60 on one
and flagged 33 % where 19 % changed on another (issue 25). PCA-KMeans on the log-ratio is the classical SAR
comparison: its clusters' cores, the quarter of each cluster farthest from its boundary,
are pixels whose class it is sure of. The threshold on Pc is the one whose mask best
matches those pseudo-labels (F1 of the change core against the no-change core), so it moves
with the amount of change the log-ratio sees while Pc keeps ranking the pixels. No label is
read: the inputs are the two dates (through the SAR source) and the Pc just written.
Chosen on the tuning pairs, judged by the worst pair over 3 seeds (bench/decision_rules.py,
bench/results/decision_rules.md); optical pairs keep the margin: there the classical
methods flag 2-6x the change of aerial photographs, and agreeing with them cost up to 0.3 F1.

The share rule (the `fast` preset's, issue 25): flag the share of the scene that log-ratio
PCA-KMeans flags, on the pixels of highest Pc. The classical clustering says how much
changed, Pc says where. The agreement above leans low: any cut below the sure change keeps
the F1 of the two cores high, so it flagged 31-49 % of simulated speckle scenes where
PCA-KMeans flagged 29-44 % (true 4-20 %). No parameter is fitted; measured in
bench/sar_share.py (bench/results/sar_share.md) on every SAR run over 3 seeds."""
from typing import TYPE_CHECKING, Callable, Optional, Tuple

import numpy as np

from ..classical.windows import score_by_windows
from ..progress import Monitor
from ..raster.geotiff import PROB_NODATA

if TYPE_CHECKING:  # numpy only at run time
    from .predict import PairSource

METHOD = "pcakmeans"
CORE = 0.25          # the share of each classical cluster taken as sure, farthest from its boundary
SCORE_BINS = 400     # classical score resolution of the joint histogram
PC_BINS = 1000
GRID = np.round(np.arange(0.05, 0.96, 0.01), 2)  # thresholds on Pc the rule may pick
RULE = "agreement with the confident pixels of log-ratio PCA-KMeans (SAR)"
SHARE_BINS = 10_000  # classical score resolution of the share
THRESHOLD_RANGE = (0.05, 0.95)  # the share rule's cut stays where GRID's may
SHARE_RULE = "the share of change log-ratio PCA-KMeans finds ({share} %), on the pixels of highest Pc (SAR)"


def share_rule(share: float) -> str:
    return SHARE_RULE.format(share=f"{100 * share:.1f}")


def joint_histogram(source: "PairSource", read_pc: Callable[[int, int, int, int], np.ndarray], monitor: Monitor,
                    seed: int = 0) -> Tuple[np.ndarray, float]:
    """Counts of (classical score, Pc) over the valid pixels, window by window -> (counts
    (SCORE_BINS, PC_BINS), the classical threshold). read_pc(x, y, w, h): Pc written so far."""
    joint = np.zeros((SCORE_BINS, PC_BINS), np.int64)

    def add(x: int, y: int, score: np.ndarray) -> None:
        pc = read_pc(x, y, score.shape[1], score.shape[0])
        ok = np.isfinite(score) & (pc != PROB_NODATA)
        counts = np.histogram2d(score[ok], pc[ok], bins=(SCORE_BINS, PC_BINS), range=((0, 1), (0, 1)))[0]
        joint[:] += counts.astype(np.int64)
    threshold = score_by_windows(METHOD, source, add, monitor, seed)
    return joint, float(threshold)


def _core_rows(marginal: np.ndarray, rows: np.ndarray, share: float, top: bool) -> np.ndarray:
    """The rows (score bins) of one side holding its `share` of pixels farthest from the boundary."""
    counts = marginal[rows][::-1] if top else marginal[rows]
    total = counts.sum()
    if total == 0:
        return rows[:0]
    before = np.cumsum(counts) - counts  # pixels farther out than each bin
    picked = np.flatnonzero(before < share * total)  # up to the bin the share ends in
    return (rows[::-1] if top else rows)[picked]


def agreement_threshold(joint: np.ndarray, classical_threshold: float,
                        core: float = CORE) -> Tuple[Optional[float], str]:
    """The threshold on Pc best agreeing with the classical cores -> (threshold, rule), or
    (None, why) when a side of the classical split is empty (no change seen, or all change)."""
    edges = np.linspace(0.0, 1.0, joint.shape[0] + 1)
    marginal = joint.sum(axis=1)
    above = np.flatnonzero(edges[:-1] >= classical_threshold)
    below = np.flatnonzero(edges[1:] <= classical_threshold)
    change_rows = _core_rows(marginal, above, core, top=True)
    still_rows = _core_rows(marginal, below, core, top=False)
    pc_change, pc_still = joint[change_rows].sum(axis=0), joint[still_rows].sum(axis=0)
    if pc_change.sum() == 0 or pc_still.sum() == 0:
        return None, "the log-ratio comparison found no sure pixels of one class"
    pc_edges = np.linspace(0.0, 1.0, joint.shape[1] + 1)
    first_above = np.searchsorted(pc_edges[:-1], GRID + 1e-9)  # Pc bins counted as "> t"
    tp = np.array([pc_change[i:].sum() for i in first_above], float)
    fp = np.array([pc_still[i:].sum() for i in first_above], float)
    f1 = 2 * tp / np.maximum(2 * tp + fp + (pc_change.sum() - tp), 1.0)
    return float(GRID[int(np.argmax(f1))]), RULE


def classical_share(source: "PairSource", monitor: Monitor, seed: int = 0) -> Tuple[float, float]:
    """The share of valid pixels log-ratio PCA-KMeans flags -> (share, its threshold), read
    window by window (a histogram of its score: no map is held)."""
    counts = np.zeros(SHARE_BINS, np.int64)

    def add(x: int, y: int, score: np.ndarray) -> None:
        ok = np.isfinite(score)
        counts[:] += np.histogram(score[ok], bins=SHARE_BINS, range=(0.0, 1.0))[0]
    threshold = float(score_by_windows(METHOD, source, add, monitor, seed))
    total = counts.sum()
    if total == 0:
        return 0.0, threshold
    left = np.linspace(0.0, 1.0, SHARE_BINS + 1)[:-1]
    return float(counts[left >= threshold].sum() / total), threshold


def share_threshold(hist: np.ndarray, edges: np.ndarray, share: float) -> Tuple[Optional[float], str]:
    """The cut on Pc's histogram above which `share` of the pixels lie -> (threshold, rule),
    or (None, why) when the classical split found no change or nothing but change."""
    hist = np.asarray(hist, np.float64)
    if not 0.0 < share < 1.0:
        return None, "log-ratio PCA-KMeans found " + ("no change" if share <= 0.0 else "nothing but change")
    if hist.sum() == 0:
        return None, "no valid pixel"
    above = np.cumsum(hist[::-1])[::-1] / hist.sum()  # share of the pixels at or above each bin
    i = int(np.argmin(np.abs(above - share)))
    return float(np.clip(edges[i], *THRESHOLD_RANGE)), share_rule(share)
