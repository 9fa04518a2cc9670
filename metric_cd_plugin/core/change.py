"""The one entry of a change run for every method: run_change(values, progress, cancel)
checks the run's values (core/request: every problem at once), runs the deep engine
(deep/run.py) or a classical one (classical/output.py), polygonises the mask when asked,
and hands back a typed ChangeResult. All or nothing: on error or cancel no output is left.
Every front end (command line, batch, Processing, dialog through Processing) calls it."""
import os
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, List, Mapping, Optional, Sequence, Tuple, cast

from .errors import InputError
from .progress import CancelFn, ProgressFn, StepFn, span
from .raster.summary import ChangeSummary
from .request.fields import DEEP, family_of, fields_of
from .request.parse import check_values, classical_request, deep_request

POLYGON_SHARE = 10.0  # percent of the progress bar given to polygonising, when asked for


@dataclass(frozen=True)
class Note:
    """Something the user should know about a finished run: a code and its parameters
    (e.g. weights_fallback with the URL and the cache folder, deep/weights_notes.py) and the
    core's sentence, in the words of no front end: each front end words the code itself."""
    code: str
    text: str
    params: Mapping[str, object] = field(default_factory=dict)
    warning: bool = False  # a fallback the user did not choose (else information)


KIND_UNSURE = "data_kind_unsure"
KIND_WORDS = {"optical": "optical", "sar": "SAR"}


def kind_notes(metadata: Mapping[str, Any]) -> List[Note]:
    """A data kind `auto` could not tell (raster/kind.py rule 8) is a warning, not only the data
    kind's log line: the wrong kind costs the deep method most of its F1
    (bench/results/kind_cost_deep.md). Each front end words it with its own way to choose."""
    if metadata.get("data_kind_evidence") != "unsure":
        return []
    taken = str(metadata["data_kind"])
    other = "sar" if taken == "optical" else "optical"
    text = (f"The data kind was unsure, so the rasters were compared as {KIND_WORDS[taken]}. If they are "
            f"{KIND_WORDS[other]}, choose the data kind {other} and run again"
            + (": filtered, multilooked or resampled SAR products often look like this, and compared as optical "
               "their changes are mostly missed." if taken == "optical" else "."))
    return [Note(KIND_UNSURE, text, {"data_kind": taken, "other": other}, True)]


@dataclass
class ChangeResult:
    output: str
    mask: Optional[str]
    polygons: Optional[str]
    polygon_count: Optional[int]
    threshold: float             # the threshold applied to the mask
    threshold_rule: str          # how it was chosen
    summary: ChangeSummary       # how much changed at it
    alignment: str               # how T2 was put on T1's grid
    data_kind: str               # what the rasters were compared as
    data_kind_reason: str
    metadata: Dict[str, Any]     # what the output stores (the same provenance for every method)
    notes: List[Note] = field(default_factory=list)
    device: str = ""             # deep: where it ran
    seconds: Dict[str, float] = field(default_factory=dict)
    shift_tolerance_reason: str = ""  # deep: the shift tolerance and why
    weights_used: str = ""       # deep: imagenet, random or a file


def _names(values: Mapping[str, object]) -> Tuple[str, ...]:
    method = str(values.get("method") or DEEP).strip().lower()
    return ("method",) + tuple(f.name for f in fields_of(family_of(method)))


def _deep(values: Dict[str, Any], mask: Optional[str], progress: Optional[ProgressFn], cancel: Optional[CancelFn],
          predict: Any, extra: Dict[str, Any], steps: Optional[StepFn]) -> ChangeResult:
    from .deep.run import detect_change
    res = detect_change(deep_request({**values, "mask": mask}, **extra), progress, cancel, predict=predict,
                        steps=steps)
    meta = res.metadata
    notes = []
    if meta.get("weights_note"):  # chosen random weights: information; a fallback to them: a warning
        fell_back = str(values["weights"]).strip().lower() != "random"
        text = res.weights_note or meta["weights_note"]
        notes.append(Note("weights_fallback" if fell_back else "weights_random", text,
                          {"weights": values["weights"], **getattr(text, "params", {})}, fell_back))
    summary = cast(ChangeSummary, res.summary)  # detect_change always measures the changed area
    return ChangeResult(values["output"], mask, None, None, res.threshold, res.threshold_rule, summary,
                        res.alignment, meta["data_kind"], meta["data_kind_reason"], meta,
                        notes + kind_notes(meta), res.device,
                        res.seconds, meta["shift_tolerance_reason"], meta["weights_used"])


def _classical(values: Dict[str, Any], mask: Optional[str], progress: Optional[ProgressFn],
               cancel: Optional[CancelFn], stamp: Optional[Dict[str, Any]]) -> ChangeResult:
    from .classical.output import write_classical
    res = write_classical(classical_request({**values, "mask": mask}, metadata=stamp or {}), progress, cancel)
    return ChangeResult(values["output"], mask, None, None, res.threshold, res.metadata["threshold_rule"],
                        res.summary, res.grid.alignment_note, res.data_kind, res.data_kind_reason, res.metadata,
                        kind_notes(res.metadata))


def run_change(given: Mapping[str, object], progress: Optional[ProgressFn] = None,
               cancel: Optional[CancelFn] = None, predict: Any = None,
               smooth: Optional[Callable] = None, reports: Sequence[Tuple[str, Optional[str], Tuple[str, ...]]] = (),
               stamp: Optional[Dict[str, Any]] = None, steps: Optional[StepFn] = None, **extra: Any) -> ChangeResult:
    """One run of values.method (default metric-cd) from the schema's fields (text or values;
    missing: the defaults). predict: the deep engine's tile predictor (a cluster's); smooth:
    reshapes each polygon outline (QGIS's tool, from Processing); reports: (label, path,
    extensions) of files the caller writes after the run (Processing's summary), checked with
    the run's own outputs before it; stamp: entries added to the outputs' metadata (a batch's
    fingerprint); steps: called with each iteration of the fit (progress.Step: i of n, time
    left); extra: DetectionRequest fields no front end offers (overrides)."""
    from .raster.destinations import POLYGONS, RASTER, check_outputs, temporary_beside, write_target
    values = check_values(given, _names(given))
    deep = values["method"] == DEEP
    inputs = [values["t1"], values["t2"]] + ([values["weights"]] if deep else [])
    check_outputs([("output", values["output"], RASTER), ("change mask", values["mask"], RASTER),
                   ("polygon output", values["polygons"], POLYGONS), *reports], inputs)
    if stamp:
        extra = {**extra, "metadata": stamp}
    mask, hidden = values["mask"], None
    if values["polygons"] and not mask:  # polygons come from a mask: a hidden one, removed afterwards
        # named for this host and process, like every temporary: a batch removes it only once that process is gone
        hidden = mask = temporary_beside(write_target(values["output"]), ".mask.tif")
    end = 100.0 - POLYGON_SHARE if values["polygons"] else 100.0
    try:
        if deep:
            result = _deep(values, mask, span(progress, 0.0, end), cancel, predict, extra, steps)
        else:
            result = _classical(values, mask, span(progress, 0.0, end), cancel, extra.get("metadata"))
        if values["polygons"]:
            result.polygon_count = _polygonise(values, mask, span(progress, end, 100.0), cancel, smooth)
            result.polygons = values["polygons"]
        result.mask = values["mask"]
        return result
    finally:
        if hidden and os.path.exists(hidden):
            os.unlink(hidden)


def _polygonise(values: Mapping[str, Any], mask: str, progress: Optional[ProgressFn], cancel: Optional[CancelFn],
                smooth: Optional[Callable]) -> int:
    """The mask's polygons; on error or cancel the rasters just written go too (all or nothing)."""
    from .raster.polygons import polygonize_mask
    try:
        return polygonize_mask(mask, values["output"], values["polygons"], values["min_area"], "changes",
                               progress, cancel, min_pixels=values["min_pixels"], smooth=smooth)
    except BaseException:
        for written in (values["output"], values["mask"]):
            if written and os.path.exists(written):
                os.unlink(written)
        raise


__all__ = ["run_change", "ChangeResult", "Note", "InputError", "POLYGON_SHARE"]
