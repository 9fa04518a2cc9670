"""The one entry point every adapter calls: detect_change(request, progress, cancel)."""
import time
from contextlib import closing
from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Optional, Tuple

import numpy as np

from .. import __version__
from . import weights
from .request import DetectionRequest, Preset
from ..errors import DeviceError, InputError, MetricCDError
from ..raster.geotiff import MASK_NODATA, PROB_NODATA, AtomicGeoTiff
from ..raster.outputs import ChangeOutputs
from ..coded import stage
from ..progress import CancelFn, Monitor, ProgressFn, StepFn, span
from ..raster import kind as data_kind
from ..raster.pair import RasterPair
from ..raster.summary import ChangeSummary, summarise
from .torch_check import require_torch
from ..normalise import Normaliser
from ..request.parse import check_values

if TYPE_CHECKING:  # torch is imported once require_torch has said how to install it
    import torch
    from .engine import EngineRun
    from .predict import Predictor

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
    summary: Optional[ChangeSummary] = None  # how much changed at the threshold
    weights_note: str = ""  # the weights' note as resolve_weights gave it (a Coded fallback note)


def _smaller(preset: Preset) -> Optional[Preset]:
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


def _check_size(pair: RasterPair, preset: Preset) -> None:
    """VGG16 halves the image before each feature level after the first: a smaller side
    leaves it nothing to pool (PyTorch's error would say nothing useful)."""
    side = 2 ** (preset.fe_levels - 1)
    if min(pair.width, pair.height) < side:
        raise InputError(f"The area to compare is {pair.width} x {pair.height} pixels; Metric-CD needs "
                         f"at least {side} x {side}. Choose a larger area, or a classical method "
                         "(CVA, PCA-KMeans, IR-MAD), which works at any size.", code="area_too_small",
                         width=pair.width, height=pair.height, side=side)


def _fit_and_predict(pair: data_kind.PairSource, normaliser: Normaliser, preset: Preset, request: DetectionRequest,
                     device: "torch.device", monitor: Monitor, fixed_threshold: Optional[float], outputs: ChangeOutputs,
                     predict: Optional["Predictor"]) -> Tuple["EngineRun", Preset]:
    """engine.fit_and_predict, retried with smaller tiles and batches while CUDA runs out of
    memory -> (EngineRun, the preset that fitted)."""
    from . import device as devices
    from . import engine
    while True:
        try:
            return engine.fit_and_predict(pair, normaliser, preset, request, device, monitor,
                                          fixed_threshold, outputs, predict or engine.predict_tiles), preset
        except Exception as exc:  # only CUDA OOM is retried; everything else propagates
            if not devices.is_out_of_memory(exc):
                raise
            devices.release(device)
            smaller = _smaller(preset)
            if smaller is None:
                raise DeviceError("The GPU ran out of memory even with the smallest tiles; "
                                  "choose device 'cpu' or close other GPU programs.",
                                  code="gpu_out_of_memory") from None
            preset = smaller


def detect_change(request: DetectionRequest, progress: Optional[ProgressFn] = None, cancel: Optional[CancelFn] = None,
                  predict: Optional["Predictor"] = None, steps: Optional[StepFn] = None) -> DetectionResult:
    """predict: None = tile by tile here; or a predictor spreading the tiles over a cluster
    (core/batch/tiles.py), with the same result. steps: called with each fitting iteration
    (progress.Step)."""
    require_torch()  # first: without torch, say how to install it
    from . import device as devices
    with devices.torch_threads(devices.resolve_threads(request.threads)):
        return _detect(request, progress, cancel, predict, steps)


def _detect(request: DetectionRequest, progress: Optional[ProgressFn], cancel: Optional[CancelFn],
            predict: Optional["Predictor"] = None, steps: Optional[StepFn] = None) -> DetectionResult:
    torch = require_torch()
    from . import device as devices
    from .coarse import for_pixel_size
    from .tolerance import choose_shift

    preset = request.resolved_preset()
    # a caller's request checked by the run schema, every problem at once (the front ends
    # checked their text already: this is no second parse)
    fixed_threshold = check_values({"seed": request.seed, "data_kind": request.data_kind,
                                    "threshold": request.threshold}, ("seed", "data_kind", "threshold"))["threshold"]
    ChangeOutputs.check(request.output, request.mask_output, [request.t1, request.t2, request.weights])
    device = devices.choose_device(request.device)
    timings, t0 = {}, time.perf_counter()

    # the weights after the inputs were checked: a download should not precede a typo's error
    with closing(RasterPair(request.t1, request.t2, request.bands1, request.bands2, request.extent)) as pair:
        _check_size(pair, preset)
        source, kind = data_kind.prepare(pair, request.data_kind, request.seed)
        share = weights.PREPARE_SHARE if weights.needs_preparation(request.weights, request.cache_dir) else 0.0
        chosen = weights.resolve_weights(request.weights, request.cache_dir, span(progress, 0.0, share), cancel)
        monitor = Monitor(span(progress, share, 100.0), cancel, steps)
        timings["weights"] = time.perf_counter() - t0
        monitor.stage(0, 5, stage("normalise"))
        rng = np.random.default_rng(request.seed)
        s1, s2 = source.sample_pixels(SAMPLE_PIXELS, rng)
        normaliser = Normaliser.fit(s1, s2, pair.rgb_bands(), invariant=preset.radiometric_fit,
                                    keep=preset.invariant_keep)
        shift, shift_reason = choose_shift(preset.shift_tolerance, kind.kind, normaliser.is_true_colour,
                                           pair.geotransform, pair.projection, pair.width, pair.height)
        preset, networks_reason = for_pixel_size(preset, kind.kind, pair.geotransform, pair.projection, pair.width,
                                                 pair.height)
        # a SAR source is already the log of the filtered amplitudes: its difference is the log-ratio
        preset = replace(preset, shift_tolerance=shift, log_ratio_input=preset.log_ratio_input and kind.kind != "sar",
                         precision=devices.choose_precision(preset.precision, device))
        timings["normalise"] = time.perf_counter() - t0 - timings["weights"]
        with ChangeOutputs(request.output, request.mask_output, pair, "change probability") as outputs:
            # the engine sees the resolved kind (its margin rule depends on it), not "auto"
            resolved = replace(request, weights=chosen.path, data_kind=kind.kind)
            run, preset = _fit_and_predict(source, normaliser, preset, resolved,
                                           device, monitor, fixed_threshold, outputs, predict)
            timings.update(run.timings)
            timings["total"] = time.perf_counter() - t0
            meta = {
                "plugin_version": __version__, "method": "Metric-CD (Bandara & Patel, arXiv 2303.09536)",
                "preset": asdict(preset), "seed": request.seed, "device": devices.describe(device, preset.precision),
                "torch_version": torch.__version__, "t1": request.t1, "t2": request.t2,
                "bands1": pair.bands1, "bands2": pair.bands2, "weights": request.weights,
                "threshold": run.threshold, "threshold_rule": run.threshold_rule, "margin": run.margin,
                "margin_rule": run.margin_rule,
                "data_kind": kind.kind, "data_kind_reason": kind.reason, "data_kind_evidence": kind.evidence,
                "data_kind_confidence": kind.confidence, "shift_tolerance_reason": shift_reason,
                "networks_reason": networks_reason,
                "timings_s": {k: round(v, 2) for k, v in timings.items()},
                "extent": request.extent, "alignment": pair.alignment_note,
                # everything needed to repeat the run
                "request": {k: v for k, v in asdict(request).items() if k != "metadata"}, **request.metadata,
            }
            meta["weights_used"] = chosen.used
            if chosen.path != "random":
                meta["weights_file"] = chosen.path
            if chosen.note:
                meta["weights_note"] = str(chosen.note)  # the file keeps the core's sentence; the result its code
            monitor.stage(100, 100, stage("area"))
            summary = summarise(outputs.score.read, pair.width, pair.height, pair.geotransform, pair.projection,
                                run.threshold, monitor.check)
            meta["summary"] = summary.as_dict()
            outputs.commit(meta)
    return DetectionResult(request.output, request.mask_output, run.threshold, run.threshold_rule,
                           meta["device"], timings, run.losses, meta, meta["alignment"], summary, chosen.note)


__all__ = ["detect_change", "DetectionRequest", "DetectionResult", "MetricCDError",
           "PROB_NODATA", "MASK_NODATA", "AtomicGeoTiff"]
