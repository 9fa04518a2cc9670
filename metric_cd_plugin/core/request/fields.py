"""The fields of one change run, as data. Each front end derives its options from FIELDS:
the command line (--name-with-dashes), the batch manifest (a column per field), Processing
(the field's static `processing` name) and the dialog (every user-facing field; the
advanced ones in its advanced section). Adding an option is one Field here plus its use in
the engine (parse.py hands it to the requests by name)."""
from dataclasses import dataclass
from typing import Dict, Optional, Tuple

from ..classical.windows import DETECTORS
from ..deep.request import DEFAULT_PRESET, DEVICE_NAMES, MAX_SHIFT, PRECISION_NAMES, PRESET_NAMES, SEED_MAX, \
    SHIFT_AUTO, SHIFT_AUTO_RULE
from ..raster.kind import DATA_KINDS
from ..raster.polygons import MIN_PIXELS

DEEP = "metric-cd"
METHODS: Tuple[str, ...] = (DEEP, *DETECTORS)  # the deep method, then the classical ones
BOTH = ("deep", "classical")


@dataclass(frozen=True)
class Field:
    name: str                # request attribute and manifest column; the CLI's --name-with-dashes
    kind: str                # how text becomes a value (parse.PARSERS): path, bands, extent, choice, ...
    default: object          # the value when none is given (None: the method's own choice)
    label: str               # what the value is, in messages and as the base of QGIS's description
    help: str                # one sentence for --help, tooltips and the Processing help
    choices: Tuple[str, ...] = ()
    minimum: Optional[float] = None
    maximum: Optional[float] = None
    required: bool = False
    advanced: bool = False   # in the advanced section of the dialog and of Processing
    families: Tuple[str, ...] = BOTH  # the methods where it means something ("deep", "classical")
    processing: Optional[str] = None  # the Processing parameter's static name (models, qgis_process)
    user_facing: bool = True  # offered in QGIS (the dialog and Processing); else the command line's only
    output: bool = False      # a file the run writes


FIELDS: Tuple[Field, ...] = (
    Field("t1", "path", None, "T1 raster", "earlier raster", required=True, processing="T1"),
    Field("t2", "path", None, "T2 raster", "later raster", required=True, processing="T2"),
    Field("output", "path", None, "output", "change probability (deep) or score (classical) GeoTIFF, Float32 "
          "in [0, 1], nodata -1", required=True, processing="OUTPUT", output=True),
    Field("mask", "path", None, "change mask", "change mask GeoTIFF (Byte: 1 change, 0 no change, 255 nodata)",
          processing="OUTPUT_MASK", output=True),
    Field("polygons", "path", None, "polygon output", "change polygons (GeoPackage .gpkg)",
          processing="OUTPUT_POLYGONS", output=True),
    Field("min_area", "number", 0.0, "minimum polygon area", "smallest change polygon kept, in square map units",
          minimum=0.0, processing="MIN_AREA"),
    Field("min_pixels", "whole", MIN_PIXELS, "minimum polygon size", "smallest change polygon kept, in pixels",
          minimum=1, advanced=True, processing="MIN_PIXELS"),
    Field("bands1", "bands", None, "T1", "T1 bands, e.g. 4,3,2 (empty: all)", processing="BANDS_T1"),
    Field("bands2", "bands", None, "T2", "T2 bands, e.g. 3,2,1 (empty: all)", processing="BANDS_T2"),
    Field("extent", "extent", None, "extent", "process only xmin,ymin,xmax,ymax (in T1's CRS) of the area both "
          "rasters cover", processing="EXTENT"),
    Field("data_kind", "choice", "auto", "data kind", "optical (compared by difference), sar (log-ratio after a "
          "5 x 5 speckle filter) or auto (polarisation band names, else 1-2 bands with pixel-to-pixel speckle)",
          choices=DATA_KINDS, processing="DATA_KIND"),
    Field("seed", "seed", 0, "seed", "random seed: the same seed repeats a run", minimum=0, maximum=SEED_MAX,
          advanced=True, processing="SEED"),
    Field("threshold", "threshold", "auto", "threshold", "'auto' (the method's label-free rule) or a "
          "probability in [0, 1]", advanced=True, processing="THRESHOLD"),
    Field("method", "choice", DEEP, "method", "metric-cd (deep) or a classical method", choices=METHODS),
    Field("preset", "choice", DEFAULT_PRESET, "preset", "fast (recommended) or paper (the published set-up, "
          "slow)", choices=PRESET_NAMES, families=("deep",), processing="PRESET"),
    Field("device", "choice", "auto", "device", "where the network runs: auto uses a CUDA GPU when PyTorch sees "
          "one", choices=DEVICE_NAMES, families=("deep",), processing="DEVICE"),
    Field("iterations", "whole", None, "number of iterations", "optimisation steps (default: the preset's)",
          minimum=1, advanced=True, families=("deep",), processing="ITERATIONS"),
    Field("weights", "text", "auto", "VGG16 weights", "VGG16 weights: 'auto' ('imagenet' when cached or "
          "downloadable, else 'random' with a warning), 'imagenet' (torchvision's, downloaded once and "
          "verified), 'random' (offline, lower quality) or a state-dict .pth path", advanced=True,
          families=("deep",), processing="WEIGHTS"),
    Field("cache_dir", "path", None, "weights folder", "where the 'imagenet' weights are kept (default "
          "~/.cache/metric_cd; in QGIS its profile folder)", families=("deep",), user_facing=False),
    Field("finetune_fe", "bool", False, "fine-tuning", "also optimise the VGG16 feature extractor (much slower "
          "on CPU)", advanced=True, families=("deep",), processing="FINETUNE_FE"),
    Field("threads", "threads", None, "threads", "CPU threads for PyTorch (default: one per physical core, or "
          "OMP_NUM_THREADS when set; in QGIS all cores but one)", families=("deep",), user_facing=False),
    Field("shift_tolerance", "shift", SHIFT_AUTO, "shift tolerance", "match each date within this many pixels "
          f"of the other, so that misregistered or differently viewed texture is not change: 'auto' "
          f"({SHIFT_AUTO_RULE}) or 0-{MAX_SHIFT}", maximum=MAX_SHIFT, advanced=True, families=("deep",),
          processing="SHIFT_TOLERANCE"),
    Field("precision", "choice", "auto", "precision", "the networks' arithmetic: auto (fast: bfloat16 on a CPU "
          "that computes it natively, AVX512-BF16 or AMX: 0.8x the time, as accurate; float32 elsewhere, on CUDA "
          "and in paper), float32 (the same digits on every CPU) or "
          "bfloat16", choices=PRECISION_NAMES, advanced=True, families=("deep",), processing="PRECISION"),
)
BY_NAME: Dict[str, Field] = {f.name: f for f in FIELDS}


def fields_of(family: str) -> Tuple[Field, ...]:
    """The fields that mean something to one family ("deep" or "classical"), method aside."""
    return tuple(f for f in FIELDS if family in f.families and f.name != "method")


def family_of(method: str) -> str:
    return "deep" if method == DEEP else "classical"
