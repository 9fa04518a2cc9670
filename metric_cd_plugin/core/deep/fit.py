"""Fitting: build a pool of normalised patches with cached distance maps, then optimise
the D-CPG with Adam on the similarity-dissimilarity loss."""
from dataclasses import dataclass
from typing import List, Sequence, Tuple

import numpy as np
import torch

from .adam import Adam
from .augment import colour_jitter, dihedral
from .decision import FIXED, minimum_error_margin
from .request import Preset
from .features import DistanceMaps, pair_distances
from .networks import DCPG, VGG16Features
from .tolerance import network_input, tolerant_distance
from .loss import metric_loss
from ..normalise import Normaliser
from ..progress import Monitor
from ..raster.kind import PairSource

MIN_VALID_FRACTION = 0.5  # a fitting patch must be mostly valid data
# Smallest typical distance calibration divides by: a thousandth of the scaled data range
# (pixel term) or of a z-scored feature's spread, below any sensor's quantisation step.
# Without it, two identical dates (float rounding ~1e-7) would have their rounding noise
# scaled up into "evidence" and marked as change.
MIN_SCALE = 1e-3


@dataclass
class FitPool:
    diff: torch.Tensor                        # (P, B, h, w) |T1 - T2|
    rgb1: torch.Tensor                        # (P, 3, h, w) D-FE inputs
    rgb2: torch.Tensor
    valid: torch.Tensor                       # (P, 1, h, w)
    maps: List[Tuple[torch.Tensor, torch.Tensor]]  # image term, feature levels, jittered levels
    scales: List[float]                       # divisor applied to each map (1.0 when uncalibrated)
    identical: bool = False                   # the dates are equal on every pool pixel
    margin: float = 1.0                       # evidence at which Pc crosses 0.5 (decision.py)
    margin_rule: str = FIXED                  # how the margin was chosen (metadata)


def patch_windows(pair: PairSource, preset: Preset, rng: np.random.Generator) -> List[Tuple[int, int, int, int]]:
    """Fitting windows: the whole image (or a crop) for whole-image presets, else random
    patches covering about preset.pool_pixels."""
    W, H = pair.width, pair.height
    if preset.patch is None:
        w, h = min(W, preset.max_fit_side), min(H, preset.max_fit_side)
        return [(int(rng.integers(0, W - w + 1)), int(rng.integers(0, H - h + 1)), w, h)]
    side_w, side_h = min(preset.patch, W), min(preset.patch, H)
    count = max(preset.batch, min(preset.pool_pixels, W * H * 2) // (side_w * side_h))
    xs = rng.integers(0, W - side_w + 1, count * 3)
    ys = rng.integers(0, H - side_h + 1, count * 3)
    return [(int(x), int(y), side_w, side_h) for x, y in zip(xs, ys)]


def build_pool(pair: PairSource, normaliser: Normaliser, fe: VGG16Features, preset: Preset, rng: np.random.Generator,
               gen: torch.Generator, device: torch.device, monitor: Monitor, kind: str) -> FitPool:
    """kind: the resolved data kind ("optical" or "sar"), which chooses the margin's rule."""
    windows = patch_windows(pair, preset, rng)
    target = 1 if preset.patch is None else len(windows) // 3
    shift = preset.shift
    diffs, rgb1s, rgb2s, valids, pixel_terms = [], [], [], [], []
    for i, (x, y, w, h) in enumerate(windows):
        # one window's arrays (numpy); diff and valid below are the pool's tensors
        n1, n2, win_valid, win_diff, pixel_term = read_matched(pair, normaliser, x, y, w, h, shift,
                                                               preset.log_ratio_input)
        if win_valid.mean() < MIN_VALID_FRACTION and preset.patch is not None:
            continue
        diffs.append(win_diff)
        pixel_terms.append(pixel_term)
        rgb1s.append(normaliser.to_rgb(n1))
        rgb2s.append(normaliser.to_rgb(n2))
        valids.append(win_valid[None].astype(np.float32))
        monitor.update(0.3 * len(diffs) / target)
        if len(diffs) >= target:
            break
    if not diffs:
        from ..errors import InputError
        raise InputError("No area with enough valid pixels on both dates was found to fit the "
                         "model; check nodata values and the overlap of the two rasters.", code="no_fitting_area")

    def stack(arrs: Sequence[np.ndarray]) -> torch.Tensor:
        return torch.from_numpy(np.stack(arrs)).to(device)

    diff, rgb1, rgb2, valid = stack(diffs), stack(rgb1s), stack(rgb2s), stack(valids)
    maps = [(stack(pixel_terms), valid)]
    maps += pair_distances(fe, rgb1, rgb2, valid, preset.fe_levels, 8, monitor.check, shift=shift)
    monitor.update(0.65)
    # identical dates over the whole pool: there is nothing to fit (BatchNorm would only
    # amplify padding artefacts of an all-zero input), the engine writes "no change"
    identical = float(maps[0][0].max()) < MIN_SCALE
    if use_jitter(preset, normaliser) and not preset.refresh_jitter and not identical:
        j1, j2 = colour_jitter(rgb1, gen), colour_jitter(rgb2, gen)
        maps += pair_distances(fe, j1, j2, valid, preset.fe_levels, 8, monitor.check, shift=shift)
    scales = [1.0] * len(maps)
    margin, rule = preset.prior_weight, FIXED
    if preset.calibrate:
        maps, scales = calibrate(maps)
        if preset.margin_rule == "minimum-error" and not identical:
            margin, rule = minimum_error_margin(maps, kind)
    monitor.update(1.0)
    return FitPool(diff, rgb1, rgb2, valid, maps, scales, identical, margin, rule)


def read_matched(pair: PairSource, normaliser: Normaliser, x: int, y: int, w: int, h: int, shift: int,
                 log_ratio: bool = False) -> Tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """A fitting window's normalised dates, valid mask, D-CPG input and image term. The
    match reads `shift` pixels around the window, as a tile's halo does at prediction, so
    that the network is fitted on the input it is later given (tolerance.py)."""
    x0, y0 = max(x - shift, 0), max(y - shift, 0)
    x1, y1 = min(x + w + shift, pair.width), min(y + h + shift, pair.height)
    a1, a2, valid = pair.read(x0, y0, x1 - x0, y1 - y0)
    n1, n2 = normaliser.apply(a1, a2, valid)
    rows, cols = slice(y - y0, y - y0 + h), slice(x - x0, x - x0 + w)
    diff = network_input(n1, n2, valid, shift, log_ratio)[:, rows, cols]
    # the image term compares all bands of a match at once, as the feature terms do
    term = tolerant_distance(torch.from_numpy(n1[None]), torch.from_numpy(n2[None]),
                             torch.from_numpy(valid[None, None].astype(np.float32)), shift)[0].numpy()
    return n1[:, rows, cols], n2[:, rows, cols], valid[rows, cols], diff, term[:, rows, cols]


def use_jitter(preset: Preset, normaliser: Normaliser) -> bool:
    """Colour jitter means something only for true colour; on a PCA false-colour D-FE
    input it measured as noise (docs/design_measurements.md)."""
    if preset.augment == "rgb":
        return normaliser.is_true_colour
    return preset.augment == "always"


def calibrate(maps: DistanceMaps) -> Tuple[List[Tuple[torch.Tensor, torch.Tensor]], List[float]]:
    """Divide each distance map by its median over valid pixels and by the number of
    terms: the evidence becomes "times the typical distance", comparable across terms,
    pairs and sensors, so that the prior weight acts as a margin. Assumes that change
    covers less than half of the fitting area, as change detection usually does."""
    out, scales = [], []
    for dist, valid in maps:
        values = dist[valid > 0]
        scale = max(float(values.median()) if values.numel() else 1.0, MIN_SCALE) * len(maps)
        out.append((dist / scale, valid))
        scales.append(scale)
    return out, scales


def finetuned_feature_maps(fe: VGG16Features, pool: FitPool, idx: torch.Tensor, levels: int,
                           shift: int) -> List[Tuple[torch.Tensor, torch.Tensor]]:
    """The clean feature terms recomputed through a D-FE being optimised, on the pool's
    calibration scales so that the margin keeps its meaning."""
    fresh = pair_distances(fe, pool.rgb1[idx], pool.rgb2[idx], pool.valid[idx], levels, 0, grad=True,
                           shift=shift)
    return [(d / s, v) for (d, v), s in zip(fresh, pool.scales[1:1 + levels])]


def train(net: DCPG, pool: FitPool, fe: VGG16Features, preset: Preset, gen: torch.Generator,
          monitor: Monitor) -> List[float]:
    """Adam on the metric loss; returns the loss per iteration."""
    groups = [{"params": [p for p in net.parameters() if p.requires_grad], "lr": preset.lr}]
    if preset.finetune_fe:
        for p in fe.parameters():
            p.requires_grad_(True)
        groups.append({"params": list(fe.parameters()), "lr": preset.fe_lr})
    opt = Adam(groups)  # torch.optim's arithmetic, without importing torch._dynamo (adam.py)
    n = pool.diff.shape[0]
    order, cursor, losses = torch.randperm(n, generator=gen), 0, []
    net.train()
    for it in range(preset.iterations):
        if cursor + preset.batch > n:
            order, cursor = torch.randperm(n, generator=gen), 0
        idx = order[cursor:cursor + min(preset.batch, n)]
        cursor += preset.batch
        k = int(torch.randint(0, 8, (1,), generator=gen)) if preset.flips else 0
        maps = [(dihedral(d[idx], k), dihedral(v[idx], k)) for d, v in pool.maps]
        if preset.finetune_fe:
            fresh = finetuned_feature_maps(fe, pool, idx, preset.fe_levels, preset.shift)
            maps[1:1 + len(fresh)] = [(dihedral(d, k), dihedral(v, k)) for d, v in fresh]
        if preset.refresh_jitter:  # the paper draws a new jitter of both dates every step
            valid = pool.valid[idx]
            j1, j2 = colour_jitter(pool.rgb1[idx], gen), colour_jitter(pool.rgb2[idx], gen)
            maps += [(dihedral(d, k), dihedral(v, k)) for d, v in
                     pair_distances(fe, j1, j2, valid, preset.fe_levels, 8, monitor.check,
                                    shift=preset.shift)]
        pc = net(dihedral(pool.diff[idx], k))
        loss = metric_loss(pc, maps, pool.margin, preset.prior)
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(float(loss.detach()))
        monitor.iteration(it + 1, preset.iterations, "fit")
    return losses
