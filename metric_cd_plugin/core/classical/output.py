"""The classical family's one entry point: write_classical(ClassicalRequest) scores the pair
window by window and writes the score (and mask) with raster.outputs.ChangeOutputs, the
same conventions and atomic writes as the deep method. Nothing is left on error or cancel."""
from contextlib import closing
from dataclasses import asdict, dataclass, field
from typing import Any, Dict, Optional

import numpy as np

from .. import __version__
from ..coded import stage
from ..progress import CancelFn, Monitor, ProgressFn
from ..raster import kind as kind_module
from ..raster.outputs import ChangeOutputs
from ..raster.pair import RasterPair
from ..raster.summary import ChangeSummary, summarise
from .request import ClassicalRequest
from .run import GridInfo, check_method
from .windows import DETECTORS, TILE, score_by_windows


@dataclass
class ClassicalResult:
    threshold: float       # applied to the mask: the user's value, or else the method's own
    auto_threshold: float  # the method's label-free threshold
    grid: GridInfo
    summary: ChangeSummary  # how much changed at the threshold
    data_kind: str = "optical"  # what the rasters were compared as (raster/kind.py)
    data_kind_reason: str = ""
    data_kind_evidence: str = ""    # what decided it: user, names, bands, speckle, decibels, ... (KindChoice)
    data_kind_confidence: str = ""  # high, medium or low
    metadata: Dict[str, Any] = field(default_factory=dict)  # what the outputs store


# each method's name and label-free threshold rule, as the outputs record them
NAMES = {"cva": "Change Vector Analysis (CVA)", "pcakmeans": "PCA-KMeans", "irmad": "IR-MAD"}
RULES = {"cva": "Otsu", "pcakmeans": "k-means boundary", "irmad": "Kittler-Illingworth"}
USER_VALUE = "user value"  # the rule recorded when the user gave the threshold


def _checked(r: ClassicalRequest) -> Optional[float]:
    """The request's values checked by the run schema (every problem at once) -> the threshold."""
    from ..request.parse import check_values
    check_method(r.method)
    values = check_values({"seed": r.seed, "threshold": r.threshold, "data_kind": r.data_kind},
                          ("seed", "threshold", "data_kind"))
    return values["threshold"]


def write_classical(request: ClassicalRequest, progress: Optional[ProgressFn] = None,
                    cancel: Optional[CancelFn] = None) -> ClassicalResult:
    """Score (and mask, when request.mask_output is set) of request.method on any size of raster."""
    r = request
    threshold = _checked(r)
    kind_name = kind_module.check_kind(r.data_kind)
    ChangeOutputs.check(r.output, r.mask_output, [r.t1, r.t2])
    monitor = Monitor(progress, cancel)
    with closing(RasterPair(r.t1, r.t2, r.bands1, r.bands2, r.extent)) as pair, \
            ChangeOutputs(r.output, r.mask_output, pair, f"{r.method} change score") as outputs:
        grid = GridInfo.of(pair)
        source, kind = kind_module.prepare(pair, kind_name, r.seed)
        # a threshold known before scoring (the user's, PCA-KMeans' 0.5) masks in the same pass
        early = threshold if threshold is not None else getattr(DETECTORS[r.method], "fixed_threshold")
        second_pass = r.mask_output and early is None

        def write(x: int, y: int, score: np.ndarray) -> None:
            outputs.write_score(x, y, score, early)
        auto = score_by_windows(r.method, source, write, monitor, r.seed, r.tile, r.fit_area,
                                90.0 if second_pass else 100.0)
        used = auto if threshold is None else threshold
        if second_pass:
            monitor.stage(90, 100, stage("mask"))
            outputs.write_mask(used, TILE, monitor)
        monitor.check()
        summary = summarise(outputs.score.read, grid.width, grid.height, grid.geotransform, grid.projection,
                            used, monitor.check)
        meta = {"plugin_version": __version__, "method": NAMES[r.method], "t1": r.t1, "t2": r.t2,
                "bands1": pair.bands1, "bands2": pair.bands2, "threshold": used,
                "threshold_rule": RULES[r.method] if threshold is None else USER_VALUE, "seed": r.seed,
                "extent": r.extent, "alignment": grid.alignment_note, "data_kind": kind.kind,
                "data_kind_reason": kind.reason, "data_kind_evidence": kind.evidence,
                "data_kind_confidence": kind.confidence, "summary": summary.as_dict(),
                # everything needed to repeat the run, as the deep run stores it
                "request": {k: v for k, v in asdict(r).items() if k != "metadata"}, **r.metadata}
        outputs.commit(meta)
    return ClassicalResult(used, auto, grid, summary, kind.kind, kind.reason, kind.evidence, kind.confidence, meta)
