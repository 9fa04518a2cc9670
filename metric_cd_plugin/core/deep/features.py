"""Deep-feature distance maps: D_l = mean_c |z(F1_l) - z(F2_l)| per VGG level, where z
z-scores each channel with statistics of that date's features over the fitting area,
optionally tolerant of small shifts between the dates (tolerance.py)."""
from typing import Callable, List, Optional, Sequence, Tuple

import torch
import torch.nn.functional as F

from .networks import VGG16Features
from .tolerance import level_radius, tolerant_distance

Stats = List[Tuple[torch.Tensor, torch.Tensor]]  # per level: (mean, std), each (1, C, 1, 1)
# (distance (N,1,h,w), valid) per term, each at its own resolution: the loss's image term first, then
# the feature levels (fit.FitPool.maps)
DistanceMaps = Sequence[Tuple[torch.Tensor, torch.Tensor]]


def level_valid(valid: torch.Tensor, size: torch.Size) -> torch.Tensor:
    """A feature pixel is valid only when every image pixel it covers is valid."""
    if tuple(valid.shape[-2:]) == tuple(size):
        return valid
    return -F.adaptive_max_pool2d(-valid, size)


class ChannelStats:
    """Running per-channel mean and std over valid positions, one per feature level."""

    def __init__(self) -> None:
        self.sums: List[torch.Tensor] = []
        self.sqs: List[torch.Tensor] = []
        self.counts: List[torch.Tensor] = []

    def add(self, feats: List[torch.Tensor], valid: torch.Tensor) -> None:
        for i, f in enumerate(feats):
            v = level_valid(valid, f.shape[-2:])
            s = (f * v).sum((0, 2, 3)).double()
            q = (f * f * v).sum((0, 2, 3)).double()
            c = v.sum().double()
            if i == len(self.sums):
                self.sums.append(s)
                self.sqs.append(q)
                self.counts.append(c)
            else:
                self.sums[i] += s
                self.sqs[i] += q
                self.counts[i] += c

    def mean_std(self) -> Stats:
        out = []
        for s, q, c in zip(self.sums, self.sqs, self.counts):
            c = c.clamp_min(1.0)
            mean = s / c
            std = (q / c - mean * mean).clamp_min(0.0).sqrt()
            out.append((mean.float().view(1, -1, 1, 1), std.float().view(1, -1, 1, 1)))
        return out


def distance_maps(f1: Sequence[torch.Tensor], f2: Sequence[torch.Tensor], stats1: Stats, stats2: Stats,
                  eps: float = 1e-9, valids: Sequence[torch.Tensor] = (),
                  radii: Sequence[int] = ()) -> List[torch.Tensor]:
    """Per level, (N,1,h,w) mean absolute difference of the z-scored features, matched
    within radii[level] feature pixels (valids[level]: that level's valid mask)."""
    out = []
    for i, (a, b, (m1, s1), (m2, s2)) in enumerate(zip(f1, f2, stats1, stats2)):
        za = (a - m1.to(a)) / (s1.to(a) + eps)
        zb = (b - m2.to(b)) / (s2.to(b) + eps)
        radius = radii[i] if i < len(radii) else 0
        out.append(tolerant_distance(za, zb, valids[i] if radius else None, radius))
    return out


def features_in_batches(fe: VGG16Features, rgb: torch.Tensor, levels: int, batch: int,
                        check: Optional[Callable[[], None]] = None) -> List[torch.Tensor]:
    """VGG features of (P,3,h,w) in mini-batches; `check` runs between batches (cancel)."""
    outs: List[List[torch.Tensor]] = [[] for _ in range(levels)]
    with torch.no_grad():
        for i in range(0, rgb.shape[0], batch):
            for lvl, f in enumerate(fe(rgb[i:i + batch], levels)):
                outs[lvl].append(f)
            if check is not None:
                check()
    return [torch.cat(o) for o in outs]


def pair_distances(fe: VGG16Features, rgb1: torch.Tensor, rgb2: torch.Tensor, valid: torch.Tensor, levels: int,
                   batch: int, check: Optional[Callable[[], None]] = None, grad: bool = False,
                   shift: int = 0) -> List[Tuple[torch.Tensor, torch.Tensor]]:
    """Distance maps and level-valid masks for a pool of patches, z-scored over the pool.
    grad=True keeps the graph through D-FE (fine-tuning; one batch at once). shift: the
    tolerance in image pixels (tolerance.py), scaled down to each level."""
    if grad:
        f1, f2 = fe(rgb1, levels), fe(rgb2, levels)
    else:
        f1 = features_in_batches(fe, rgb1, levels, batch, check)
        f2 = features_in_batches(fe, rgb2, levels, batch, check)
    st1, st2 = ChannelStats(), ChannelStats()
    st1.add(f1, valid)
    st2.add(f2, valid)
    valids = [level_valid(valid, f.shape[-2:]) for f in f1]
    radii = [level_radius(shift, valid.shape[-1], f.shape[-1]) for f in f1]
    dists = distance_maps(f1, f2, st1.mean_std(), st2.mean_std(), valids=valids, radii=radii)
    return list(zip(dists, valids))
