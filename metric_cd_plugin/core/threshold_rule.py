"""Automatic, label-free threshold of the change probability Pc, from its histogram.

Rules: "decision" (the `fast` preset): Pc > 0.5, the model's own decision Pc > Pnc, which
the calibrated fit makes meaningful (bench/results/threshold_stability.md measures it
against Otsu); "otsu" (the `paper` preset): Otsu's maximum between-class variance on the
histogram of Pc (the upper edge of the best bin). core/thresholds.py holds a second Otsu,
used by the classical methods. Known fault of this one: the split after the last bin has
no pixel above it, and a rounding error there can win (1.0, an empty mask; 2 of 18 runs in
bench/results/threshold_stability.md)."""
import numpy as np


def auto_threshold(hist: np.ndarray, edges: np.ndarray, rule: str = "otsu"):
    if rule == "decision":
        # calibrated fit: Pc crosses 0.5 where the evidence crosses the margin (Mc = Pc > Pnc)
        return 0.5, "decision (Pc > Pnc)"
    centres = (edges[:-1] + edges[1:]) / 2
    w = hist.astype(np.float64)
    total = w.sum()
    if total == 0:
        return 0.5, "0.5 (no valid pixel)"
    w0 = np.cumsum(w)
    m0 = np.cumsum(w * centres)
    w1 = total - w0
    mu = m0[-1]
    with np.errstate(divide="ignore", invalid="ignore"):
        between = (mu * w0 / total - m0) ** 2 / (w0 * w1 / total)
    between = np.nan_to_num(between)
    return float(edges[int(np.argmax(between)) + 1]), "otsu"
