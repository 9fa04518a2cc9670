"""Fit the D-CPG on one image pair and write Pc (and the mask) tile by tile into the run's
raster.outputs.ChangeOutputs (created, committed and aborted by run.py)."""
import time
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Tuple

import numpy as np
import torch
from torch import nn

from .device import choose_precision
from .fit import build_pool, train
from .networks import DCPG, NoChange, VGG16Features, load_vgg16, recalibrate_batchnorm
from .predict import HIST_BINS, PairSource, Predictor, predict_tiles
from .decision import FIXED, auto_threshold
from .request import DetectionRequest, Preset
from ..coded import stage
from ..normalise import Normaliser
from ..progress import Monitor
from ..raster.outputs import ChangeOutputs


@dataclass
class EngineRun:
    threshold: float
    threshold_rule: str
    margin: float = 1.0  # where the fit put Pc's 0.5, in typical distances (decision.py)
    margin_rule: str = FIXED  # how the margin was chosen (decision.py)
    losses: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)


def _cancel_hooks(monitor: Monitor, *modules: nn.Module) -> List[torch.utils.hooks.RemovableHandle]:
    """Check for cancel between layers, so a long whole-image step stops within a second."""
    handles = []
    for mod in modules:
        for child in mod.children():
            handles.append(child.register_forward_pre_hook(lambda *_: monitor.check()))
    return handles


def sar_agreement(source: PairSource, outputs: ChangeOutputs, monitor: Monitor, seed: int, threshold: float,
                  rule: str) -> Tuple[float, str]:
    """The SAR threshold agreeing with log-ratio PCA-KMeans's sure pixels (agreement.py), or
    the margin's (threshold, rule) when that comparison is sure of no pixel of one class."""
    from .agreement import agreement_threshold, joint_histogram
    monitor.stage(95, 98, stage("sar_agreement"))
    joint, classical = joint_histogram(source, outputs.score.read,
                                       Monitor(lambda percent, text: monitor.update(percent / 100.0, text)), seed)
    agreed, why = agreement_threshold(joint, classical)
    return (agreed, why) if agreed is not None else (threshold, f"{rule} ({why})")


def sar_share(source: PairSource, hist: np.ndarray, monitor: Monitor, seed: int, threshold: float,
              rule: str) -> Tuple[float, str]:
    """The SAR threshold flagging the share of change log-ratio PCA-KMeans finds (agreement.py),
    or the margin's (threshold, rule) when that split found no change or only change."""
    from .agreement import classical_share, share_threshold
    monitor.stage(95, 98, stage("sar_share"))
    share, _ = classical_share(source, Monitor(lambda percent, text: monitor.update(percent / 100.0, text)), seed)
    cut, why = share_threshold(hist, np.linspace(0.0, 1.0, HIST_BINS + 1), share)
    return (cut, why) if cut is not None else (threshold, f"{rule} ({why})")


def build_networks(nbands: int, preset: Preset, weights: str, seed: int,
                   device: torch.device) -> Tuple[DCPG, VGG16Features]:
    precision = choose_precision(preset.precision, device)
    with torch.random.fork_rng(devices=[]):  # seeded init without touching global RNG state
        torch.manual_seed(seed)
        net = DCPG(nbands, preset.channels, preset.blocks, preset.norm, preset.init_pc, preset.shift,
                   preset.log_ratio_input, precision)
    fe = load_vgg16(weights, seed)
    fe.precision = precision
    return net.to(device), fe.to(device)


def fit_and_predict(pair: PairSource, normaliser: Normaliser, preset: Preset, request: DetectionRequest,
                    device: torch.device, monitor: Monitor, fixed_threshold: Optional[float], outputs: ChangeOutputs,
                    predict: Predictor = predict_tiles) -> EngineRun:
    """predict: how the fitted network's tiles are computed and written into outputs.score
    (predict_tiles, or core/batch/tiles.py's across a Dask cluster: the same tiles, so the
    same pixels)."""
    timings: Dict[str, float] = {}
    t0 = time.perf_counter()
    net, fe = build_networks(pair.nbands, preset, request.weights, request.seed, device)
    hooks = _cancel_hooks(monitor, net.blocks, fe.features)
    gen = torch.Generator().manual_seed(request.seed)
    rng = np.random.default_rng(request.seed + 1)
    try:
        monitor.stage(5, 25, stage("features"))
        pool = build_pool(pair, normaliser, fe, preset, rng, gen, device, monitor, request.data_kind)
        timings["features"] = time.perf_counter() - t0
        monitor.stage(25, 80, stage("fit"))
        margin, margin_rule, pool_identical = pool.margin, pool.margin_rule, pool.identical
        if pool.identical:
            # identical dates: NoChange (Pc 0 everywhere) stands in for the fitted network
            net, losses = NoChange(), []  # type: ignore[assignment]
        else:
            losses = train(net, pool, fe, preset, gen, monitor)
            recalibrate_batchnorm(net, [pool.diff[i:i + preset.batch]
                                        for i in range(0, len(pool.diff), preset.batch)])
        del pool
        timings["fit"] = time.perf_counter() - t0 - timings["features"]

        monitor.stage(80, 95, stage("predict"))
        hist = predict(net, pair, normaliser, outputs.score, preset.tile, device, monitor, preset.context_sigma)
        timings["predict"] = time.perf_counter() - t0 - timings["features"] - timings["fit"]
        if fixed_threshold is None:
            threshold, rule = auto_threshold(hist, np.linspace(0.0, 1.0, HIST_BINS + 1),
                                             preset.threshold_rule)
            if request.data_kind == "sar" and preset.sar_threshold == "agreement" and not pool_identical:
                threshold, rule = sar_agreement(pair, outputs, monitor, request.seed, threshold, rule)
            elif request.data_kind == "sar" and preset.sar_threshold == "share" and not pool_identical:
                threshold, rule = sar_share(pair, hist, monitor, request.seed, threshold, rule)
        else:
            threshold, rule = fixed_threshold, "user value"
        if outputs.mask is not None:
            monitor.stage(98, 100, stage("mask"))
            outputs.write_mask(threshold, preset.tile, monitor)
        return EngineRun(threshold, rule, round(margin, 4), margin_rule, losses, timings)
    finally:
        for h in hooks:
            h.remove()
