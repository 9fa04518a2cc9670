"""Automatic, label-free threshold of the change probability (placeholder: Otsu)."""
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
