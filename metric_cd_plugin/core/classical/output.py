"""The classical family's one entry point: write_classical(ClassicalRequest) scores the pair
window by window and writes the score (and mask) with raster.outputs.ChangeOutputs, the
same conventions and atomic writes as the deep method. Nothing is left on error or cancel."""
from contextlib import closing
from dataclasses import dataclass

from .. import __version__
from ..deep.request import check_seed
from ..progress import Monitor
from ..raster import kind as kind_module
from ..raster.outputs import ChangeOutputs
from ..raster.pair import RasterPair
from ..raster.summary import ChangeSummary, summarise
from ..thresholds import parse_threshold
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


def write_classical(request: ClassicalRequest, progress=None, cancel=None) -> ClassicalResult:
    """Score (and mask, when request.mask_output is set) of request.method on any size of raster."""
    r = request
    check_method(r.method)
    threshold = parse_threshold(r.threshold)
    check_seed(r.seed)
    kind_name = kind_module.check_kind(r.data_kind)
    ChangeOutputs.check(r.output, r.mask_output, [r.t1, r.t2])
    monitor = Monitor(progress, cancel)
    with closing(RasterPair(r.t1, r.t2, r.bands1, r.bands2, r.extent)) as pair, \
            ChangeOutputs(r.output, r.mask_output, pair, f"{r.method} change score") as outputs:
        grid = GridInfo.of(pair)
        source, kind = kind_module.prepare(pair, kind_name, r.seed)
        # a threshold known before scoring (the user's, PCA-KMeans' 0.5) masks in the same pass
        early = threshold if threshold is not None else DETECTORS[r.method].fixed_threshold
        second_pass = r.mask_output and early is None

        def write(x, y, score):
            outputs.write_score(x, y, score, early)
        auto = score_by_windows(r.method, source, write, monitor, r.seed, r.tile, r.fit_area,
                                90.0 if second_pass else 100.0)
        used = auto if threshold is None else threshold
        if second_pass:
            monitor.stage(90, 100, "Writing the change mask")
            outputs.write_mask(used, TILE, monitor)
        monitor.check()
        summary = summarise(outputs.score.read, grid.width, grid.height, grid.geotransform, grid.projection,
                            used, monitor.check)
        meta = {"plugin_version": __version__, "method": r.method, "t1": r.t1, "t2": r.t2,
                "bands1": r.bands1, "bands2": r.bands2, "threshold": used, "seed": r.seed,
                "extent": r.extent, "alignment": grid.alignment_note, "data_kind": kind.kind,
                "data_kind_reason": kind.reason, "data_kind_evidence": kind.evidence,
                "data_kind_confidence": kind.confidence, "summary": summary.as_dict(), **r.metadata}
        outputs.commit(meta)
    return ClassicalResult(used, auto, grid, summary, kind.kind, kind.reason, kind.evidence, kind.confidence)
