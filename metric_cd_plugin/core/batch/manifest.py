"""The batch manifest: a CSV file with a header row, one image pair per row.

Columns: t1, t2, output (required); name and every other field of a run (core/request/fields.py:
method, mask, polygons, min_area, extent, bands1, bands2, seed, threshold, preset, ...),
optional, parsed and checked by the run schema. An empty cell takes the batch's default (the
command line's options). Relative paths are relative to the
manifest's folder, so a manifest and its rasters can move together (and every worker of a
cluster reads the same absolute paths on a shared file system)."""
import csv
import os
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional

from ..errors import InputError
from ..request.fields import FIELDS
from ..request.parse import parse_values

REQUIRED = ("t1", "t2", "output")
PATHS = ("t1", "t2", "output", "mask", "polygons", "cache_dir", "weights")
WEIGHTS_WORDS = ("auto", "imagenet", "random")  # the weights that are not a file
# every other field of a run (core/request) is a column; the batch's own values are the defaults
DEFAULTS = {f.name: f.default for f in FIELDS if f.name not in REQUIRED}
COLUMNS = REQUIRED + ("name",) + tuple(DEFAULTS)


@dataclass
class PairJob:
    """One row: its paths and every parameter, defaults filled in. error: why the row
    cannot run (a bad value), reported for this pair while the others run."""
    row: int
    name: str
    t1: str
    t2: str
    output: str
    options: Dict[str, Any] = field(default_factory=dict)
    error: Optional[str] = None

    @property
    def outputs(self) -> List[str]:
        return [p for p in (self.output, self.options.get("mask"), self.options.get("polygons")) if p]


def _absolute(path: str, folder: str) -> str:
    return os.path.normpath(os.path.join(folder, os.path.expanduser(path)))


def absolute_paths(values: Dict[str, Any], folder: str) -> Dict[str, Any]:
    """values with their relative paths made absolute from folder: every worker of a cluster
    then reads the same file, whatever its own working directory."""
    out = dict(values)
    for key in PATHS:
        value = out.get(key)
        if value and isinstance(value, str) and not (key == "weights" and value.strip().lower() in WEIGHTS_WORDS):
            out[key] = _absolute(value, folder)
    return out


def _job(number: int, cells: Dict[str, str], defaults: dict, folder: str) -> PairJob:
    given = {k: v.strip() for k, v in cells.items() if k in DEFAULTS and v is not None and v.strip()}
    parsed, problems = parse_values(given, list(given))
    # a row's own paths are relative to the manifest (the defaults are the caller's: absolute_paths)
    options = {**defaults, **absolute_paths(parsed, folder)}
    # every bad cell of the row at once, each named by its column
    error = " ".join(f"column '{p.field}': {p.text()}" for p in problems) or None
    paths = {k: _absolute(cells[k].strip(), folder) if (cells.get(k) or "").strip() else "" for k in REQUIRED}
    missing = [k for k in REQUIRED if not paths[k]]
    if missing:
        error = error or f"no {' or '.join(missing)} given"
    name = (cells.get("name") or "").strip() or os.path.splitext(os.path.basename(paths["output"]))[0] \
        or f"row {number}"
    return PairJob(number, name, paths["t1"], paths["t2"], paths["output"], options, error)


def read_manifest(path: str, defaults: Optional[dict] = None) -> List[PairJob]:
    """Rows of the manifest as PairJobs; defaults: checked values (core/request) of the
    columns a row leaves empty. A manifest that cannot be used as a whole (missing, no
    header, unknown or missing column, no row) is an InputError (files two rows both write:
    guard.py);
    a row with bad values is a job with its error set (every bad cell named)."""
    if not os.path.isfile(path):
        raise InputError(f"The manifest '{path}' does not exist; give a CSV file with the columns t1,t2,output.")
    values = {**parse_values(DEFAULTS, list(DEFAULTS))[0], **(defaults or {})}
    folder = os.path.dirname(os.path.abspath(path))
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            reader = csv.DictReader(f)
            header = [h.strip().lower() for h in (reader.fieldnames or [])]
            rows = [(reader.line_num, r) for r in reader]
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise InputError(f"The manifest '{path}' cannot be read ({exc}); give a UTF-8 CSV file.") from None
    if header and not any(h in COLUMNS for h in header):  # a first pair where the header should be
        raise InputError(f"The manifest '{path}' has no header row (its first line is "
                         f"'{','.join(reader.fieldnames or [])}'); add the line t1,t2,output (and any other "
                         "columns) above the pairs.")
    extra = next((n for n, r in rows if any((v or "").strip() for v in r.get(None) or [])), None)
    if extra is not None:  # DictReader keeps the cells beyond the header under None
        raise InputError(f"Row {extra} of the manifest '{path}' has more cells than its header names "
                         f"({len(header)}); quote a cell that holds commas (e.g. \"3,2,1\") or remove the "
                         "extra cells.")
    rows = [(n, {k.strip().lower(): v for k, v in r.items() if k is not None}) for n, r in rows]
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
    return jobs
