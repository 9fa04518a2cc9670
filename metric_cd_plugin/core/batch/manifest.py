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
PATHS = ("t1", "t2", "output", "mask", "polygons", "cache_dir")
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


def _job(number: int, cells: Dict[str, str], defaults: dict, folder: str) -> PairJob:
    given = {k: v.strip() for k, v in cells.items() if k in DEFAULTS and v is not None and v.strip()}
    parsed, problems = parse_values(given, list(given))
    options = {**defaults, **parsed}
    # every bad cell of the row at once, each named by its column
    error = " ".join(f"column '{p.field}': {p.text()}" for p in problems) or None
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
    """Rows of the manifest as PairJobs; defaults: checked values (core/request) of the
    columns a row leaves empty. A manifest that cannot be used as a whole (missing, no
    header, unknown or missing column, no row, two rows writing one file) is an InputError;
    a row with bad values is a job with its error set (every bad cell named)."""
    if not os.path.isfile(path):
        raise InputError(f"The manifest '{path}' does not exist; give a CSV file with the columns t1,t2,output.")
    values = {**parse_values(DEFAULTS, list(DEFAULTS))[0], **(defaults or {})}
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
    seen: Dict[str, int] = {}
    for job in jobs:
        for out in job.outputs:
            key = os.path.realpath(out)
            if key in seen:
                raise InputError(f"Rows {seen[key]} and {job.row} of the manifest both write '{out}'; "
                                 "give every pair its own output files.")
            seen[key] = job.row
    return jobs
