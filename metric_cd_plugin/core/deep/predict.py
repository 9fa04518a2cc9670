"""Prediction tile by tile: read a window with a halo, normalise, run the D-CPG, write the
core. Memory depends on the tile size only. Collects a histogram of Pc for thresholding."""
from typing import Callable, List, Tuple, Union

import numpy as np
import torch
from torch import nn

from ..normalise import Normaliser
from ..progress import Monitor
from ..raster import tiling
from ..raster.geotiff import AtomicGeoTiff
from ..raster.kind import PairSource
from .grading import context_radius, grade_by_context
from .tolerance import network_input
from ..errors import MetricCDError

HIST_BINS = 1000
# (net, pair, normaliser, writer, tile, device, monitor, context_sigma) -> histogram of Pc:
# predict_tiles, or core/batch/tiles.py's ClusterPredictor
Predictor = Callable[[nn.Module, PairSource, Normaliser, AtomicGeoTiff, int, torch.device, Monitor, float],
                     np.ndarray]


def plan(net: nn.Module, pair: PairSource, tile: int, context_sigma: float = 0.0) -> List[tiling.Tile]:
    """The tiles of a prediction (read windows with their halo, cores partitioning the
    raster): the same list wherever the tiles are computed, so any split of it gives the
    same pixels. context_sigma > 0 grades Pc by its neighbourhood (deep/grading.py); the
    halo then also covers the neighbours of every halo pixel the grading reads, and the
    pixels the shift-tolerant input matches."""
    halo = getattr(net, "receptive_radius", 0) + getattr(net, "input_shift", 0) + context_radius(context_sigma)
    tile = pair.block_aligned(tile)
    return list(tiling.tiles(pair.width, pair.height, tile, halo))


def predict_tile(net: nn.Module, pair: PairSource, normaliser: Normaliser, t: tiling.Tile,
                 device: Union[torch.device, str], context_sigma: float = 0.0) -> Tuple[np.ndarray, np.ndarray]:
    """Pc and validity of one tile's core (net in eval mode); device: a torch.device or its name
    (a Dask worker gets the name)."""
    a1, a2, valid = pair.read(t.x, t.y, t.w, t.h)
    n1, n2 = normaliser.apply(a1, a2, valid)
    with torch.no_grad():
        diff = network_input(n1, n2, valid, getattr(net, "input_shift", 0), getattr(net, "log_ratio", False))
        scores = net(torch.from_numpy(diff)[None].to(device))[0, 0].float()
        pc = grade_by_context(scores, torch.from_numpy(valid).to(scores.device), context_sigma).cpu().numpy()
    rows, cols = t.core_slice
    pc, valid = pc[rows, cols], valid[rows, cols]
    if not np.isfinite(pc[valid]).all():  # never write NaN as a probability
        raise MetricCDError("The change network gave invalid values (NaN) on these rasters, so nothing "
                            "was written; please report it, and use a classical method (CVA, PCA-KMeans, "
                            "IR-MAD) meanwhile.", code="network_nan")
    return pc, valid


def histogram(pc: np.ndarray, valid: np.ndarray) -> np.ndarray:
    return np.histogram(pc[valid], bins=HIST_BINS, range=(0.0, 1.0))[0]


def predict_tiles(net: nn.Module, pair: PairSource, normaliser: Normaliser, writer: AtomicGeoTiff, tile: int,
                  device: torch.device, monitor: Monitor, context_sigma: float = 0.0) -> np.ndarray:
    """Write Pc (nodata where invalid) for every pixel; return the histogram of valid Pc."""
    tiles = plan(net, pair, tile, context_sigma)
    hist = np.zeros(HIST_BINS, np.int64)
    net.eval()
    for i, t in enumerate(tiles):
        pc, valid = predict_tile(net, pair, normaliser, t, device, context_sigma)
        hist += histogram(pc, valid)
        writer.write(t.cx, t.cy, np.where(valid, pc, writer_nodata(writer)).astype(np.float32))
        monitor.update((i + 1) / len(tiles))
    return hist


def writer_nodata(writer: AtomicGeoTiff) -> float:
    return writer.band.GetNoDataValue()
