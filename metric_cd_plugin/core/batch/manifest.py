"""The batch manifest: a CSV file with a header row, one image pair per row.

Columns: t1, t2, output (required); name, method, mask, polygons, min_area, extent, bands1,
bands2 and every option of `detect` (seed, threshold, preset, device, iterations, weights,
cache_dir, finetune_fe, threads, data_kind, shift_tolerance), optional. An empty cell takes
the batch's default (the command line's options). Relative paths are relative to the
manifest's folder, so a manifest and its rasters can move together (and every worker of a
cluster reads the same absolute paths on a shared file system)."""
import csv
import os
from dataclasses import dataclass, field
from typing import Dict, List, Optional

from ..deep.request import DEFAULT_PRESET
from ..errors import InputError
from ..raster.polygons import check_min_area

DEEP = "metric-cd"
METHODS = (DEEP, "cva", "pcakmeans", "irmad")
REQUIRED = ("t1", "t2", "output")
PATHS = ("t1", "t2", "output", "mask", "polygons", "cache_dir")
# options of `detect`/`classical` a row may set; the batch's own values are the defaults
DEFAULTS = {"method": DEEP, "mask": None, "polygons": None, "min_area": 0.0, "extent": None,
            "bands1": None, "bands2": None, "seed": 0, "threshold": "auto", "preset": DEFAULT_PRESET,
            "device": "auto", "iterations": None, "weights": "auto", "cache_dir": None,
            "finetune_fe": False, "threads": None, "data_kind": "auto",
            "shift_tolerance": "auto"}
COLUMNS = REQUIRED + ("name",) + tuple(DEFAULTS)


def parse_bands(text: str) -> List[int]:
    """'4,3,2' -> [4, 3, 2]; ValueError with a readable message otherwise."""
    try:
        return [int(b) for b in text.split(",") if b.strip()]
    except ValueError:
        raise ValueError(f"'{text}' is not a comma-separated list of band numbers") from None


def parse_extent(text: str) -> tuple:
    """'xmin,ymin,xmax,ymax' -> four floats (in T1's CRS)."""
    try:
        values = [float(v) for v in text.split(",")]
    except ValueError:
        values = []
    if len(values) != 4:
        raise ValueError(f"'{text}' is not xmin,ymin,xmax,ymax (four numbers in T1's CRS)")
    return tuple(values)


def _bool(text: str) -> bool:
    value = text.strip().lower()
    if value in ("1", "true", "yes", "y"):
        return True
    if value in ("0", "false", "no", "n"):
        return False
    raise ValueError(f"'{text}' is neither true nor false")


def _method(text: str) -> str:
    value = text.strip().lower()
    if value not in METHODS:
        raise ValueError(f"'{text}' is not one of {', '.join(METHODS)}")
    return value


def _number(kind):
    def parse(text):
        try:
            return kind(text)
        except ValueError:
            raise ValueError(f"'{text}' is not a {'whole ' if kind is int else ''}number") from None
    return parse


PARSERS = {"method": _method, "min_area": _number(float), "extent": parse_extent, "bands1": parse_bands,
           "bands2": parse_bands, "seed": _number(int), "iterations": _number(int), "threads": _number(int),
           "finetune_fe": _bool}


@dataclass
class PairJob:
    """One row: its paths and every parameter, defaults filled in. error: why the row
    cannot run (a bad value), reported for this pair while the others run."""
    row: int
    name: str
    t1: str
    t2: str
    output: str
    options: Dict[str, object] = field(default_factory=dict)
    error: Optional[str] = None

    @property
    def outputs(self) -> List[str]:
        return [p for p in (self.output, self.options.get("mask"), self.options.get("polygons")) if p]


def _absolute(path: str, folder: str) -> str:
    return os.path.normpath(os.path.join(folder, os.path.expanduser(path)))


def _job(number: int, cells: Dict[str, str], defaults: dict, folder: str) -> PairJob:
    options, error = dict(defaults), None
    for key, text in cells.items():
        if key in REQUIRED or key == "name" or text is None or not text.strip():
            continue
        try:
            options[key] = PARSERS.get(key, str.strip)(text.strip())
        except ValueError as exc:
            error = error or f"column '{key}': {exc}"
    if not error and options.get("polygons"):  # the row's value or the batch's: checked before any pair runs
        try:
            check_min_area(float(options["min_area"]))
        except InputError as exc:
            error = str(exc)
    for key in PATHS:
        if options.get(key):
            options[key] = _absolute(options[key], folder)
    paths = {k: _absolute(cells[k].strip(), folder) if (cells.get(k) or "").strip() else "" for k in REQUIRED}
    missing = [k for k in REQUIRED if not paths[k]]
    if missing:
        error = error or f"no {' or '.join(missing)} given"
    name = (cells.get("name") or "").strip() or os.path.splitext(os.path.basename(paths["output"]))[0] \
        or f"row {number}"
    return PairJob(number, name, paths["t1"], paths["t2"], paths["output"], options, error)


def read_manifest(path: str, defaults: Optional[dict] = None) -> List[PairJob]:
    """Rows of the manifest as PairJobs. A manifest that cannot be used as a whole (missing,
    no header, unknown or missing column, no row, two rows writing one file) is an
    InputError; a row with a bad value is a job with its error set."""
    if not os.path.isfile(path):
        raise InputError(f"The manifest '{path}' does not exist; give a CSV file with the columns t1,t2,output.")
    values = {**DEFAULTS, **(defaults or {})}
    folder = os.path.dirname(os.path.abspath(path))
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            rows = [(reader.line_num, {k.strip().lower(): v for k, v in r.items() if k is not None}) for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"The manifest '{path}' cannot be read ({exc}); give a UTF-8 CSV file.") from None
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        raise InputError(f"The manifest '{path}' has unknown column(s) {', '.join(unknown)}; "
                         f"the columns are {', '.join(COLUMNS)}.")
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"The manifest '{path}' has no column {', '.join(missing)}; its header row must "
                         "name at least t1,t2,output.")
    jobs = [_job(number, cells, values, folder) for number, cells in rows
            if any((v or "").strip() for v in cells.values())]  # blank lines are not pairs
    if not jobs:
        raise InputError(f"The manifest '{path}' lists no pair; add one row per pair under its header.")
    seen = {}
    for job in jobs:
        for out in job.outputs:
            key = os.path.realpath(out)
            if key in seen:
                raise InputError(f"Rows {seen[key]} and {job.row} of the manifest both write '{out}'; "
                                 "give every pair its own output files.")
            seen[key] = job.row
    return jobs
