"""Similarity-dissimilarity loss and change prior (Bandara & Patel, Eqs. in method.md).

Pc and Pnc carry no channel axis, so mean_{c,h,w} |P M (F1 - F2)| equals
mean_{h,w} P M mean_c |F1 - F2|: with a frozen D-FE each term only needs the one-channel
distance map D = mean_c |F1 - F2|, computed once. That is exact, not an approximation.

Two priors (issue 14). Every pair term pushes Pc up by D whichever side of 0.5 it is on,
so the prior alone decides where a pixel settles. The paper's prior is convex above 0.5
and concave below: a pixel that falls under 0.5 is pushed to 0, and needs evidence above
twice the margin to climb back. A shared network drags pixels there early in the fit, so
its mask kept shrinking with the number of iterations (Yellow River A: F1 0.72, 0.62,
0.42 after 300, 600, 1500) and depended on the budget. The convex prior w mean(Pc^2) has
one optimum per pixel, Pc = E / 2w: Pc > 0.5 exactly where the evidence E passes the
margin w, at any budget (Yellow River A: 0.83 after 300 and 900)."""
import torch
import torch.nn.functional as F

from .features import DistanceMaps


def _resize(pc: torch.Tensor, size: torch.Size) -> torch.Tensor:
    """Probability at a feature level: the mean over the block a feature pixel covers."""
    if tuple(pc.shape[-2:]) == tuple(size):
        return pc
    return F.adaptive_avg_pool2d(pc, size)  # type: ignore[arg-type]  # a Size of two: the stub wants a 2-tuple


def pair_term(pc: torch.Tensor, dist: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """mean|Pnc Mnc (F1 - F2)| - mean|Pc Mc (F1 - F2)| over valid pixels of one level.
    Hard masks come from detached probabilities, as in the paper."""
    p = _resize(pc, dist.shape[-2:])
    pd = p.detach()
    mc, mnc = (pd > 0.5).to(p), (pd <= 0.5).to(p)  # a tie counts as no change (else no gradient)
    signed = (1.0 - p) * mnc - p * mc
    return (signed * dist * valid).sum() / valid.sum().clamp_min(1.0)


def change_prior(pc: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """The reference's "InfoNCE" term, reduced: mean((Pc Mc)^2) - mean((Pnc Mnc)^2)."""
    pd = pc.detach()
    mc, mnc = (pd > 0.5).to(pc), (pd <= 0.5).to(pc)
    val = (pc * mc) ** 2 - ((1.0 - pc) * mnc) ** 2
    return (val * valid).sum() / valid.sum().clamp_min(1.0)


def convex_prior(pc: torch.Tensor, valid: torch.Tensor) -> torch.Tensor:
    """mean(Pc^2): with the pair terms (each -Pc D + a constant) the loss per pixel is
    w Pc^2 - Pc E, minimised at Pc = E / 2w."""
    return (pc * pc * valid).sum() / valid.sum().clamp_min(1.0)


def metric_loss(pc: torch.Tensor, maps: DistanceMaps, prior_weight: float = 1.0,
                prior: str = "paper") -> torch.Tensor:
    """pc (N,1,H,W); maps: list of (dist, valid) pairs (image term, feature levels, and
    the augmented feature levels), each at its own resolution. prior: "paper" or "convex"."""
    term = convex_prior if prior == "convex" else change_prior
    total = prior_weight * term(pc, maps[0][1])
    for dist, valid in maps:
        total = total + pair_term(pc, dist, valid)
    return total
