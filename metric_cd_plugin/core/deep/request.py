"""Presets and run options. `paper` is the published configuration; `fast` (default)
fits a smaller D-CPG on sampled patches and predicts the whole raster tile by tile."""
from dataclasses import dataclass, field, replace
from typing import Optional, Sequence, Union

from ..errors import InputError


DEVICE_NAMES = ("auto", "cpu", "cuda")
# the D-CPG's and D-FE's arithmetic (deep/device.py choose_precision): "auto" is the preset's
PRECISION_NAMES = ("auto", "float32", "bfloat16")
# threads value meaning "all cores but one" (what QGIS passes: the canvas stays smooth; device.py)
LEAVE_ONE_CORE = "leave-one-core"


SEED_MAX = 2**31 - 1  # QGIS's integer parameters are 32-bit: one range for every adapter


def check_seed(seed: object) -> int:
    """The seed as an int in [0, SEED_MAX], or a one-line InputError (core/request checks it)."""
    from ..request.parse import checked
    return checked("seed", seed)


@dataclass(frozen=True)
class Preset:
    name: str
    blocks: int            # D-CPG residual blocks
    channels: int          # D-CPG width
    norm: str              # "batch" (reference) or "none"
    lr: float
    iterations: int
    patch: Optional[int]   # fitting patch side; None = whole image per step
    batch: int             # patches per step
    pool_pixels: int       # pixels covered by the cached fitting pool (patch mode)
    fe_levels: int         # VGG levels used by the loss (N_vgg)
    refresh_jitter: bool   # new colour jitter every step (else one cached draw per patch)
    flips: bool            # random flips/rotations of fitting patches
    prior_weight: float = 1.0   # with calibrated maps: the margin, in no-change medians
    margin_rule: str = "fixed"  # "fixed" (prior_weight) or "minimum-error" (from the evidence: fit.py)
    prior: str = "paper"        # "paper" (the reference's) or "convex" (mean Pc^2, one optimum: loss.py)
    calibrate: bool = False     # divide each distance map by its median, average the terms
    augment: str = "always"     # jittered feature term: "always", "rgb" (true colour only), "never"
    init_pc: float = 0.0        # >0: start Pc there (output bias), so no pixel has to climb the prior's barrier
    finetune_fe: bool = False   # also optimise D-FE (recomputes the batch's features each step)
    fe_lr: float = 1e-5
    threshold_rule: str = "otsu"  # automatic mask rule: "otsu" on Pc, "decision" (Pc > 0.5) or
    #                               "decision-otsu" (Otsu on Pc where above 0.5: decision.py)
    context_sigma: float = 0.0  # >0: grade Pc by its neighbourhood within the decision (px)
    # px: each date is matched within this many pixels of the other (tolerance.py); None =
    # chosen from the data (run.py resolves it before the fit)
    shift_tolerance: Optional[int] = 0
    log_ratio_input: bool = False  # D-CPG input: |log T1 - log T2| per band beside |T1 - T2| (issue 25, iii)
    radiometric_fit: str = "all"  # T1 onto T2: regression on "all" sampled pixels or "invariant" ones (normalise.py)
    invariant_keep: float = 0.75  # share of the sample each invariant refit keeps
    sar_threshold: str = "margin"  # SAR mask: "margin" (threshold_rule), "agreement" or "share" (deep/agreement.py)
    # VGG levels and D-CPG blocks of optical rasters whose pixels are FINE_PIXEL_M or coarser (deep/coarse.py);
    # None = fe_levels, blocks everywhere. run.py resolves them into fe_levels and blocks before the fit
    coarse_fe_levels: Optional[int] = None
    coarse_blocks: Optional[int] = None
    # the fitting patch side there (the pool keeps its number of patches); None = patch
    coarse_patch: Optional[int] = None
    # the networks' convolutions: "float32", "bfloat16", or "auto" (bfloat16 where the CPU computes it
    # natively, float32 elsewhere and on CUDA: deep/device.py choose_precision; run.py resolves it)
    precision: str = "float32"
    tile: int = 512        # prediction core tile side
    max_fit_side: int = 1024  # whole-image fitting larger than this uses a crop

    @property
    def shift(self) -> int:
        """The shift tolerance in pixels, once run.py has chosen it."""
        if self.shift_tolerance is None:
            raise ValueError("the shift tolerance is still automatic: choose it first (tolerance.choose_shift)")
        return self.shift_tolerance

    def __post_init__(self) -> None:
        # the code branches on these names; a typo in an expert override would silently
        # take another branch (an unknown prior used to mean the paper's)
        for name, allowed in CHOICES.items():
            if getattr(self, name) not in allowed:
                raise ValueError(f"Preset {name} {getattr(self, name)!r} is not one of {', '.join(allowed)}")
        shift = self.shift_tolerance
        if shift is not None and (isinstance(shift, bool) or not isinstance(shift, int) or not 0 <= shift <= MAX_SHIFT):
            raise ValueError(f"Preset shift_tolerance {shift!r} is not a whole number of pixels from 0 to {MAX_SHIFT}")
        for name in ("fe_levels", "coarse_fe_levels"):
            levels = getattr(self, name)
            if (levels is not None or name == "fe_levels") and levels not in (1, 2, 3):
                raise ValueError(f"Preset {name} {levels!r} is not 1, 2 or 3 (VGG16 levels relu1_2 to relu3_3)")
        blocks = self.coarse_blocks
        if blocks is not None and (isinstance(blocks, bool) or not isinstance(blocks, int) or blocks < 1):
            raise ValueError(f"Preset coarse_blocks {blocks!r} is not a whole number of blocks of 1 or more")
        side = self.coarse_patch
        if side is not None and (isinstance(side, bool) or not isinstance(side, int) or side < MIN_PATCH):
            raise ValueError(f"Preset coarse_patch {side!r} is not a whole number of pixels of {MIN_PATCH} or more")


MAX_SHIFT = 8  # px: a wider match would forgive real change of that size
MIN_PATCH = 16  # px: a fitting patch smaller than this leaves VGG16's third level 4 x 4 features
SHIFT_AUTO = "auto"
FINE_SHIFT = 2        # px matched on each side in photographs: chosen on the tuning pairs (deep/tolerance.py)
FINE_PIXEL_M = 5.0    # pixels at least this large get no tolerance (30 m lost, 1.5 m gained)
# what "auto" means, in the words of the command line, Processing and messages
SHIFT_AUTO_RULE = (f"{FINE_SHIFT} px for true-colour rasters with pixels under {FINE_PIXEL_M:g} m or of unknown "
                   "size, 0 for SAR and multispectral ones")


def parse_shift(value: object) -> Optional[int]:
    """A run's shift tolerance: "auto" or None (the preset's: chosen from the data in `fast`)
    -> None, a whole number of pixels -> int; anything else is a one-line InputError
    (core/request checks it)."""
    from ..request.parse import checked
    text = checked("shift_tolerance", value)
    return None if text == SHIFT_AUTO else int(text)


CHOICES = {"norm": ("batch", "none"), "margin_rule": ("fixed", "minimum-error"), "prior": ("paper", "convex"),
           "augment": ("always", "rgb", "never"), "threshold_rule": ("otsu", "decision", "decision-otsu"),
           "sar_threshold": ("margin", "agreement", "share"),
           "radiometric_fit": ("all", "invariant", "invariant-offset"), "precision": PRECISION_NAMES}


PRESETS = {
    "paper": Preset("paper", blocks=32, channels=32, norm="batch", lr=1e-4, iterations=50,
                    patch=None, batch=1, pool_pixels=0, fe_levels=3, refresh_jitter=True,
                    flips=False),
    # fast: measured on the shared pairs (bench/results); BatchNorm centres the features so
    # that the shared readout learns its slope the right way round (recalibrated before
    # tiled prediction), Pc starts at 0.5, two blocks keep 30 m changes sharp (4 and 8
    # blocks blurred them), the convex prior makes the mask independent of the iteration
    # budget (loss.py), and Pc is graded by a 2-pixel context within the decision
    # (deep/grading.py; it raised AUC on every reference pair: docs/design_measurements.md);
    # SAR masks flag the share of change log-ratio PCA-KMeans finds, on the pixels of highest Pc
    # (deep/agreement.py);
    # 200 iterations: as good as 300 on every shared pair over 3 seeds (the aerial ones better), for
    # two thirds of the fit, the run's main cost (docs/design_measurements.md, issue 29); the networks in
    # bfloat16 where the CPU computes it natively: a 1 MP run in 0.8x the time, F1 equal over 3 seeds;
    # two VGG levels and one residual block where optical pixels are 5 m or coarser, fitted on patches of
    # 32 px (deep/coarse.py, issues 25, 29)
    "fast": Preset("fast", blocks=2, channels=16, norm="batch", lr=3e-4, iterations=200,
                   patch=64, batch=8, pool_pixels=262_144, fe_levels=3, refresh_jitter=False,
                   flips=True, prior_weight=1.75, margin_rule="minimum-error", prior="convex", calibrate=True,
                   augment="rgb", init_pc=0.5, threshold_rule="decision-otsu", context_sigma=2.0,
                   shift_tolerance=None, sar_threshold="share", precision="auto", coarse_fe_levels=2,
                   coarse_blocks=1, coarse_patch=32),
}


DEFAULT_PRESET = "fast"
# the default first: Processing's PRESET enum and the dialog list them in this order (index 0 = default)
PRESET_NAMES = (DEFAULT_PRESET, *(name for name in PRESETS if name != DEFAULT_PRESET))


@dataclass
class DetectionRequest:
    """Everything one run needs; adapters build it from their own parameters."""
    t1: str
    t2: str
    output: str
    mask_output: Optional[str] = None
    bands1: Optional[Sequence[int]] = None
    bands2: Optional[Sequence[int]] = None
    preset: str = DEFAULT_PRESET
    device: str = "auto"
    seed: int = 0
    iterations: Optional[int] = None
    # "auto" (imagenet when it can be had, else random with a warning), "imagenet" (fetched
    # once, cached), "random" (offline, lower quality) or a .pth
    weights: str = "auto"
    threshold: Optional[float] = None  # None = the preset's label-free rule; parse text with thresholds.parse_threshold
    finetune_fe: bool = False
    overrides: dict = field(default_factory=dict)  # expert Preset fields, e.g. {"tile": 256}
    cache_dir: Optional[str] = None  # where "imagenet" weights are cached; None = weights.default_cache_dir()
    extent: Optional[Sequence[float]] = None  # (xmin, ymin, xmax, ymax) in T1's CRS; None = the whole overlap
    # CPU threads for PyTorch: a number, None = its default (one per physical core), or
    # LEAVE_ONE_CORE (what QGIS passes, see device.threads_leaving_one_core)
    threads: Union[int, str, None] = None
    data_kind: str = "auto"  # "auto", "optical" or "sar" (log-ratio after a speckle filter; core/raster/kind.py)
    shift_tolerance: Union[str, int, None] = SHIFT_AUTO  # px each date is matched within; "auto": the preset's
    precision: str = "auto"  # the networks' arithmetic (PRECISION_NAMES); "auto": the preset's
    metadata: dict = field(default_factory=dict)  # entries added to the run metadata (a batch's fingerprint)

    def resolved_preset(self) -> Preset:
        if self.preset not in PRESETS:
            raise InputError(f"Unknown preset '{self.preset}'; choose one of {', '.join(PRESETS)}.",
                             code="preset_unknown", preset=str(self.preset), choices=", ".join(PRESETS))
        p = PRESETS[self.preset]
        if self.iterations is not None:
            if int(self.iterations) < 1:
                raise InputError("Iterations must be at least 1.", code="iterations_invalid")
            p = replace(p, iterations=int(self.iterations))
        if self.finetune_fe:
            p = replace(p, finetune_fe=True)
        shift = parse_shift(self.shift_tolerance)
        if shift is not None:
            p = replace(p, shift_tolerance=shift)
        if self.precision != "auto":
            p = replace(p, precision=self.precision)
        return replace(p, **self.overrides) if self.overrides else p
