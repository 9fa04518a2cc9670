"""Confident pre-classes of the fitting pool from a classical comparison, to guide the
D-CPG fit (issue 25, hypothesis ii; DDNet-like unsupervised SAR methods pre-classify with
a clustered log-ratio and let a network refine the confident pixels). Label-free: the only
input is the pool's image term, the matched distance between the two dates (|T1 - T2| of
the normalised bands; for SAR the filtered log-ratio), clustered in two by k-means."""
import torch

CORE = 0.5  # each class keeps the half of its pixels farthest from the k-means boundary
UNKNOWN = -1.0


def two_means(values: torch.Tensor, steps: int = 50) -> float:
    """1-D k-means with two clusters started at the extremes -> the boundary."""
    lo, hi = float(values.min()), float(values.max())
    for _ in range(steps):
        cut = 0.5 * (lo + hi)
        below, above = values[values <= cut], values[values > cut]
        if below.numel() == 0 or above.numel() == 0:
            break
        new_lo, new_hi = float(below.mean()), float(above.mean())
        if new_lo == lo and new_hi == hi:
            break
        lo, hi = new_lo, new_hi
    return 0.5 * (lo + hi)


def confident_classes(term: torch.Tensor, valid: torch.Tensor, core: float = CORE) -> torch.Tensor:
    """term, valid (P, 1, h, w) -> (P, 1, h, w): 1 confident change, 0 confident no change,
    UNKNOWN elsewhere (the pixels near the boundary and the invalid ones)."""
    values = term[valid > 0].float()
    out = torch.full_like(term, UNKNOWN)
    if values.numel() < 2:
        return out
    cut = two_means(values)
    hi, lo = values[values > cut], values[values <= cut]
    if hi.numel() == 0 or lo.numel() == 0:
        return out
    hi_core = torch.quantile(hi[:1_000_000], 1.0 - core)  # quantile needs a bounded input
    lo_core = torch.quantile(lo[:1_000_000], core)
    ok = valid > 0
    out[ok & (term >= hi_core)] = 1.0
    out[ok & (term <= lo_core)] = 0.0
    return out


def pseudo_term(pc: torch.Tensor, classes: torch.Tensor) -> torch.Tensor:
    """Mean squared distance of Pc to the confident classes (0 where there are none)."""
    known = (classes >= 0).to(pc)
    return (((pc - classes.clamp_min(0.0)) ** 2) * known).sum() / known.sum().clamp_min(1.0)
