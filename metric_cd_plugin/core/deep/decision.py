"""Automatic, label-free threshold of the change probability Pc, from its histogram.

Rules: "decision" (the `fast` preset): Pc > 0.5, the model's own decision Pc > Pnc, which
the calibrated fit makes meaningful (bench/results/threshold_stability.md measures it
against Otsu); "otsu" (the `paper` preset): Otsu's maximum between-class variance on the
histogram of Pc, the same function the classical methods use (thresholds.py). A second
copy here once scored the split after the last bin, where a rounding error divided by zero
won and gave 1.0, an empty mask (2 of 18 runs in threshold_stability.md)."""
import numpy as np

from ..thresholds import otsu_from_histogram


def auto_threshold(hist: np.ndarray, edges: np.ndarray, rule: str = "otsu"):
    if rule == "decision":
        # calibrated fit: Pc crosses 0.5 where the evidence crosses the margin (Mc = Pc > Pnc)
        return 0.5, "decision (Pc > Pnc)"
    if np.asarray(hist).sum() == 0:
        return 0.5, "0.5 (no valid pixel)"
    return float(otsu_from_histogram(hist, edges)), "otsu"
