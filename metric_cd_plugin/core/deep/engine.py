"""Fit the D-CPG on one image pair and write Pc (and the mask) tile by tile."""
import time
from dataclasses import dataclass, field
from typing import Optional

import numpy as np
import torch

from ..raster import tiling
from .fit import build_pool, train
from ..raster.geotiff import MASK_NODATA, PROB_NODATA, AtomicGeoTiff, commit_all
from .networks import DCPG, NoChange, load_vgg16, recalibrate_batchnorm
from .predict import HIST_BINS, predict_tiles
from .decision import auto_threshold


@dataclass
class EngineRun:
    prob: AtomicGeoTiff
    mask: Optional[AtomicGeoTiff]
    threshold: float
    threshold_rule: str
    losses: list = field(default_factory=list)
    timings: dict = field(default_factory=dict)

    def commit(self, metadata: dict) -> None:
        commit_all([w for w in (self.prob, self.mask) if w is not None], metadata)

    def abort(self) -> None:
        self.prob.abort()
        if self.mask is not None:
            self.mask.abort()


def _cancel_hooks(monitor, *modules):
    """Check for cancel between layers, so a long whole-image step stops within a second."""
    handles = []
    for mod in modules:
        for child in mod.children():
            handles.append(child.register_forward_pre_hook(lambda *_: monitor.check()))
    return handles


def build_networks(nbands, preset, weights, seed, device):
    with torch.random.fork_rng(devices=[]):  # seeded init without touching global RNG state
        torch.manual_seed(seed)
        net = DCPG(nbands, preset.channels, preset.blocks, preset.norm, preset.init_pc)
    return net.to(device), load_vgg16(weights, seed).to(device)


def fit_and_predict(pair, normaliser, preset, request, device, monitor, fixed_threshold,
                    predict=predict_tiles) -> EngineRun:
    """predict: how the fitted network's tiles are computed and written (predict_tiles, or
    core/batch/tiles.py's across a Dask cluster: the same tiles, so the same pixels)."""
    timings, t0 = {}, time.perf_counter()
    net, fe = build_networks(pair.nbands, preset, request.weights, request.seed, device)
    hooks = _cancel_hooks(monitor, net.blocks, fe.features)
    gen = torch.Generator().manual_seed(request.seed)
    rng = np.random.default_rng(request.seed + 1)
    prob = mask = None
    try:
        monitor.stage(5, 25, "Computing deep features of the fitting area")
        pool = build_pool(pair, normaliser, fe, preset, rng, gen, device, monitor)
        timings["features"] = time.perf_counter() - t0
        monitor.stage(25, 80, "Fitting the change network")
        if pool.identical:
            net, losses = NoChange(), []
        else:
            losses = train(net, pool, fe, preset, gen, monitor)
            recalibrate_batchnorm(net, [pool.diff[i:i + preset.batch]
                                        for i in range(0, len(pool.diff), preset.batch)])
        del pool
        timings["fit"] = time.perf_counter() - t0 - timings["features"]

        monitor.stage(80, 95, "Predicting change probability")
        prob = AtomicGeoTiff(request.output, pair.width, pair.height, pair.geotransform,
                             pair.projection, 6, PROB_NODATA, "change probability")  # 6 = Float32
        hist = predict(net, pair, normaliser, prob, preset.tile, device, monitor, preset.context_sigma)
        timings["predict"] = time.perf_counter() - t0 - timings["features"] - timings["fit"]
        if fixed_threshold is None:
            threshold, rule = auto_threshold(hist, np.linspace(0.0, 1.0, HIST_BINS + 1),
                                             preset.threshold_rule)
        else:
            threshold, rule = fixed_threshold, "user value"
        if request.mask_output:
            monitor.stage(95, 100, "Writing the change mask")
            mask = AtomicGeoTiff(request.mask_output, pair.width, pair.height, pair.geotransform,
                                 pair.projection, 1, MASK_NODATA, "change mask (1 = change)")  # 1 = Byte
            write_mask(prob, mask, pair.width, pair.height, preset.tile, threshold, monitor)
        return EngineRun(prob, mask, threshold, rule, losses, timings)
    except BaseException:
        for w in (prob, mask):
            if w is not None:
                w.abort()
        raise
    finally:
        for h in hooks:
            h.remove()


def write_mask(prob, mask, width, height, tile, threshold, monitor) -> None:
    total = tiling.count(width, height, tile)
    for i, t in enumerate(tiling.tiles(width, height, tile, 0)):
        p = prob.read(t.x, t.y, t.w, t.h)
        out = np.where(p == PROB_NODATA, MASK_NODATA, (p > threshold).astype(np.uint8))
        mask.write(t.x, t.y, out.astype(np.uint8))
        monitor.update((i + 1) / total)
