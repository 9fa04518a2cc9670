"""The one entry point every adapter calls: detect_change(request, progress, cancel)."""
import time
from dataclasses import asdict, dataclass, field, replace
from typing import Optional

import numpy as np

from .. import __version__
from . import weights
from .request import DetectionRequest
from ..errors import DeviceError, InputError, MetricCDError
from ..raster.geotiff import MASK_NODATA, PROB_NODATA, AtomicGeoTiff, check_output_path
from ..progress import Monitor, span
from ..raster.pair import RasterPair
from .torch_check import require_torch
from ..normalise import Normaliser

SAMPLE_PIXELS = 200_000


@dataclass
class DetectionResult:
    output: str
    mask_output: Optional[str]
    threshold: float
    threshold_rule: str
    device: str
    seconds: dict = field(default_factory=dict)
    losses: list = field(default_factory=list)
    metadata: dict = field(default_factory=dict)
    alignment: str = ""  # how T2 was put on T1's grid, one sentence for the user


def _smaller(preset):
    """The next configuration to try after running out of GPU memory, or None."""
    if preset.tile > 64:
        return replace(preset, tile=preset.tile // 2, batch=max(1, preset.batch // 2))
    if preset.batch > 1:
        return replace(preset, batch=preset.batch // 2)
    if preset.patch is None and preset.max_fit_side > 128:
        return replace(preset, max_fit_side=preset.max_fit_side // 2)
    if preset.patch is not None and preset.patch > 32:
        return replace(preset, patch=preset.patch // 2)
    return None


def _check_size(pair, preset) -> None:
    """VGG16 halves the image before each feature level after the first: a smaller side
    leaves it nothing to pool (PyTorch's error would say nothing useful)."""
    side = 2 ** (preset.fe_levels - 1)
    if min(pair.width, pair.height) < side:
        raise InputError(f"The area to compare is {pair.width} x {pair.height} pixels; Metric-CD needs "
                         f"at least {side} x {side}. Choose a larger area, or a classical method "
                         "(CVA, PCA-KMeans, IR-MAD), which works at any size.")


def detect_change(request: DetectionRequest, progress=None, cancel=None, predict=None) -> DetectionResult:
    """predict: None = tile by tile here; or a predictor spreading the tiles over a cluster
    (core/batch/tiles.py), with the same result."""
    require_torch()  # first: without torch, say how to install it
    from . import device as devices
    with devices.torch_threads(devices.resolve_threads(request.threads)):
        return _detect(request, progress, cancel, predict)


def _detect(request: DetectionRequest, progress, cancel, predict=None) -> DetectionResult:
    torch = require_torch()
    from . import device as devices
    from . import engine

    preset = request.resolved_preset()
    fixed_threshold = request.threshold_value()
    check_output_path(request.output, [request.t1, request.t2])
    if request.mask_output:
        check_output_path(request.mask_output, [request.t1, request.t2, request.output])
    device = devices.choose_device(request.device)
    timings, t0 = {}, time.perf_counter()

    pair = RasterPair(request.t1, request.t2, request.bands1, request.bands2, request.extent)
    try:  # the weights after the inputs were checked: a download should not precede a typo's error
        _check_size(pair, preset)
        share = weights.PREPARE_SHARE if weights.needs_preparation(request.weights, request.cache_dir) else 0.0
        chosen = weights.resolve_weights(request.weights, request.cache_dir, span(progress, 0.0, share), cancel)
        monitor = Monitor(span(progress, share, 100.0), cancel)
        timings["weights"] = time.perf_counter() - t0
        monitor.stage(0, 5, "Normalising T1 onto T2")
        rng = np.random.default_rng(request.seed)
        s1, s2 = pair.sample_pixels(SAMPLE_PIXELS, rng)
        normaliser = Normaliser.fit(s1, s2, pair.rgb_bands())
        timings["normalise"] = time.perf_counter() - t0 - timings["weights"]
        while True:
            try:
                run = engine.fit_and_predict(pair, normaliser, preset, replace(request, weights=chosen.path),
                                             device, monitor, fixed_threshold, predict or engine.predict_tiles)
                break
            except Exception as exc:  # only CUDA OOM is retried; everything else propagates
                if not devices.is_out_of_memory(exc):
                    raise
                devices.release(device)
                smaller = _smaller(preset)
                if smaller is None:
                    raise DeviceError("The GPU ran out of memory even with the smallest tiles; "
                                      "choose device 'cpu' or close other GPU programs.") from None
                preset = smaller
        timings.update(run.timings)
        timings["total"] = time.perf_counter() - t0
        meta = {
            "plugin_version": __version__, "method": "Metric-CD (Bandara & Patel, arXiv 2303.09536)",
            "preset": asdict(preset), "seed": request.seed, "device": devices.describe(device),
            "torch_version": torch.__version__, "t1": request.t1, "t2": request.t2,
            "bands1": pair.bands1, "bands2": pair.bands2, "weights": request.weights,
            "threshold": run.threshold, "threshold_rule": run.threshold_rule,
            "timings_s": {k: round(v, 2) for k, v in timings.items()},
            "extent": request.extent, "alignment": pair.alignment_note,
            "request": asdict(request),  # everything needed to repeat the run
        }
        if chosen.path != "random":
            meta["weights_file"] = chosen.path
        if chosen.note:
            meta["weights_note"] = chosen.note
        run.commit(meta)
    except BaseException:
        if "run" in locals():
            run.abort()
        raise
    finally:
        pair.close()
    return DetectionResult(request.output, request.mask_output, run.threshold, run.threshold_rule,
                           devices.describe(device), timings, run.losses, meta, meta["alignment"])


__all__ = ["detect_change", "DetectionRequest", "DetectionResult", "MetricCDError",
           "PROB_NODATA", "MASK_NODATA", "AtomicGeoTiff"]
