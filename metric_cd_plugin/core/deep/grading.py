"""Grading Pc by spatial context, within the model's own decision.

The D-CPG's decision (Pc > 0.5) is what the loss trains; its ranking of pixels inside each
side of 0.5 is not: the feature terms supervise Pc only through 2 x 2 and 4 x 4 block
averages, so pixel-to-pixel variation below that scale is unsupervised noise. Measured
on the three reference pairs (bench), that noise costs ranking (AUC) and nothing else.

So the written Pc is the network's Pc averaged over a Gaussian neighbourhood (sigma in
pixels, valid pixels only), then clamped to the side of 0.5 the network decided: every
pixel keeps its decision (the mask is unchanged, ties stay no-change), and within each side
pixels near more change rank higher."""
import math
from functools import lru_cache
from typing import Tuple

import torch
import torch.nn.functional as F

ABOVE_HALF = 0.5 + 1e-6  # smallest graded value of a change pixel (float32 resolves it)


def context_radius(sigma: float) -> int:
    """Pixels of context the grading reads on each side: a tile's halo must add this."""
    return int(math.ceil(3.0 * sigma)) if sigma > 0 else 0


def _gaussian(x: torch.Tensor, sigma: float) -> torch.Tensor:
    """Separable Gaussian with zero padding, so that a window read with enough halo gives
    the same values as the whole raster (outside the raster counts as missing)."""
    k = context_radius(sigma)
    t = torch.arange(-k, k + 1, dtype=x.dtype, device=x.device)
    g = torch.exp(-t * t / (2.0 * sigma * sigma))
    g = g / g.sum()
    x = F.conv2d(F.pad(x, (k, k, 0, 0)), g.view(1, 1, 1, -1))
    return F.conv2d(F.pad(x, (0, 0, k, k)), g.view(1, 1, -1, 1))


@lru_cache(maxsize=16)
def _weight_of_a_full_window(shape: Tuple[int, int], sigma: float, dtype: torch.dtype,
                             device: torch.device) -> torch.Tensor:
    """The Gaussian weight of valid neighbours where every pixel of a window is valid: the same
    for every such window of a shape (a raster's tiles have a few shapes), so computed once; it
    was half of the grading's time, a tenth of a 100 MP prediction's (issue 29)."""
    return _gaussian(torch.ones((1, 1, *shape), dtype=dtype, device=device), sigma)


def grade_by_context(pc: torch.Tensor, valid: torch.Tensor, sigma: float) -> torch.Tensor:
    """pc, valid: (H, W). Returns graded Pc; invalid pixels keep their value (the caller
    writes nodata there). sigma <= 0 returns pc unchanged."""
    if sigma <= 0:
        return pc
    v = valid.to(pc.dtype)[None, None]
    num = _gaussian(pc[None, None] * v, sigma)
    full = bool(valid.all())
    den = (_weight_of_a_full_window(tuple(pc.shape), sigma, pc.dtype, pc.device) if full
           else _gaussian(v, sigma)).clamp_min(1e-12)
    smooth = (num / den)[0, 0]
    change = pc > 0.5
    graded = torch.where(change, smooth.clamp_min(ABOVE_HALF), smooth.clamp_max(0.5))
    return torch.where(valid.bool(), graded, pc)
