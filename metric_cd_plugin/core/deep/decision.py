"""The label-free decision: where the fit puts Pc's 0.5 (the margin), and the automatic
threshold of the change probability Pc.

Margin ("minimum-error", the `fast` preset): the calibrated fit makes Pc cross 0.5 where
the evidence (the sum of the calibrated distance maps, 1 = the typical distance) crosses
the margin. A fixed margin (1.75 medians, before issue 14) is a fixed quantile of each
scene's own noise, so it flagged 10-15 % of every scene whatever its real change. The
margin is now the Kittler-Illingworth minimum-error split of the evidence histogram on the
fitting pool: two Gaussian classes, no change and change, whose sizes come from the data,
so the split moves with the amount of change. Chosen on the tuning pairs against a fixed
margin, minimum error on log evidence and robust log-spread rules (bench/margin_rules.py,
bench/results/margin_rules.md). It is kept within MARGIN_RANGE, so that a histogram
without a second class (no change at all) cannot flag half the scene.
For SAR the no-change class is gamma, not Gaussian (thresholds.minimum_error_gamma): the
speckle's evidence is right-skewed, and a Gaussian class hands its tail to "change", so
small SAR changes were flagged 1.7-1.8x over (Yellow River B, C). Where the gamma criterion
finds no class of its own (its best split at the class-size floor), the Gaussian split
decides, as before. Optical keeps Gaussian classes: on the aerial pairs the gamma class
splits in the far tail of textured ground. Measurements: docs/design_measurements.md.

Thresholds on Pc: "decision": Pc > 0.5, the model's own decision Pc > Pnc (evidence above
the margin). "decision-otsu" (the `fast` preset): Otsu's split of Pc's histogram where it
lies above 0.5, else 0.5. With the convex prior Pc is the fitted evidence over twice the
margin, graded, not saturated; on a scene with little change the margin can fall in the
fringe of the noise, and the changed pixels then form their own mode above 0.5, which
Otsu separates from the fringe. Chosen on the tuning pairs: it moved only Yellow River C
(F1 0.56 -> 0.65) and lowered none (held out: B 0.55 -> 0.71, D 0.87 -> 0.89, the
optical pairs unchanged, their Otsu split is below 0.5). "otsu" (the `paper` preset):
Otsu's maximum between-class variance on the histogram of Pc, the same function the
classical methods use (thresholds.py). A second copy here once scored the split after the
last bin, where a rounding error divided by zero won and gave 1.0, an empty mask (2 of 18
runs in threshold_stability.md)."""
from typing import TYPE_CHECKING, Tuple

import numpy as np

from ..thresholds import (DECISION, DECISION_RULE, decision_otsu, kittler_illingworth, minimum_error_gamma,
                          otsu_from_histogram)

MARGIN_RANGE = (1.25, 4.0)  # in typical distances: at least a quarter above it, at most 4x
EVIDENCE_BINS = 512
EVIDENCE_TOP = 99.9         # histogram range ends at this percentile: a few huge values do not squash it
MIN_CLASS = 0.005           # each class holds at least 0.5 % of the pool: no "class" of a few outliers

if TYPE_CHECKING:  # importable without torch: the front ends read describe_margin and the rule names
    from .features import DistanceMaps


def evidence_values(maps: "DistanceMaps") -> np.ndarray:
    """Calibrated maps (image term first, feature levels after) -> the evidence of every
    valid fitting pixel: their sum, feature levels repeated onto the pixels they cover."""
    import torch.nn.functional as F
    first, valid = maps[0]
    total = first.clone()
    for dist, _ in maps[1:]:
        total += F.interpolate(dist, size=first.shape[-2:], mode="nearest")
    return total[valid > 0].double().cpu().numpy()


FIXED = "fixed"  # the margin is the preset's prior weight (no rule chose it)
GAUSSIAN = "minimum error, Gaussian classes"
GAMMA = "minimum error, gamma no-change class"
GAMMA_FELL_BACK = GAUSSIAN + " (the gamma criterion found no valley)"
MARGIN_RULES = {"optical": GAUSSIAN, "sar": GAMMA}  # data kind -> its rule's name (metadata, log)


def describe_margin(metadata: dict) -> str:
    """One line for the log: where the fit put Pc = 0.5, or "" for a fixed margin (the
    paper preset's uncalibrated prior weight means nothing to a reader)."""
    rule = metadata.get("margin_rule", FIXED)
    if rule == FIXED:
        return ""
    return (f"the fit puts Pc = 0.5 where the distances between the dates average {metadata['margin']:.2f} "
            f"times their median over the fitting area ({rule})")


def minimum_error_margin(maps: "DistanceMaps", kind: str) -> Tuple[float, str]:
    return margin_from_evidence(evidence_values(maps), kind)


def margin_from_evidence(values: np.ndarray, kind: str) -> Tuple[float, str]:
    """The minimum-error split of evidence values for the data kind, within MARGIN_RANGE
    -> (margin, the rule's name)."""
    if kind not in MARGIN_RULES:
        raise ValueError(f"no margin rule for data kind {kind!r}")
    values = values[np.isfinite(values)]
    if values.size < 2:
        return MARGIN_RANGE[0], MARGIN_RULES[kind]
    top = float(np.percentile(values, EVIDENCE_TOP))
    counts, edges = np.histogram(values, bins=EVIDENCE_BINS, range=(0.0, max(top, 1e-6)))
    rule = MARGIN_RULES[kind]
    split = minimum_error_gamma(counts, edges, MIN_CLASS) if kind == "sar" else float("nan")
    if not np.isfinite(split):  # optical, or the gamma criterion found no class of its own
        split = kittler_illingworth(counts, edges, MIN_CLASS)
        rule = GAMMA_FELL_BACK if kind == "sar" else rule
    if not np.isfinite(split):
        return MARGIN_RANGE[0], rule
    return float(np.clip(split, *MARGIN_RANGE)), rule


def auto_threshold(hist: np.ndarray, edges: np.ndarray, rule: str = "otsu") -> Tuple[float, str]:
    if rule == "decision":
        # calibrated fit: Pc crosses 0.5 where the evidence crosses the margin (Mc = Pc > Pnc)
        return DECISION, DECISION_RULE
    if rule == "decision-otsu":
        return decision_otsu(hist, edges)
    if np.asarray(hist).sum() == 0:
        return 0.5, "0.5 (no valid pixel)"
    return float(otsu_from_histogram(hist, edges)), "otsu"
