"""One output guard over a whole batch, before any pair runs: every file the batch writes
(each row's output, mask and polygons, and the summary CSV) is checked against every file it
reads (each row's T1, T2 and weights file, and the manifest) and against every other file it
writes, across all rows. A run checks its own outputs again (core/raster/destinations), but
only against its own row: a row writing over another row's input, or two rows writing one
file, would otherwise be found by the second pair after the first had written. Files are
compared after resolving links and relative paths, and by inode (a hard link counts). Each
output's own problems (a missing folder, another extension, a GeoPackage holding other layers)
refuse the batch too: they are known before any pair runs."""
import os
from typing import Dict, Hashable, List, Tuple

from ..errors import InputError
from ..raster.destinations import CSV, POLYGONS, RASTER, input_files, output_problems
from .manifest import WEIGHTS_WORDS, PairJob

OUTPUT_LABELS = (("output", "output"), ("mask", "change mask"), ("polygons", "polygon output"))
COLLISIONS = ("output_is_input", "output_twice")


def _keys(path: str) -> List[Hashable]:
    keys: List[Hashable] = [os.path.realpath(path)]
    try:
        st = os.stat(path)
        keys.append((st.st_dev, st.st_ino))
    except OSError:
        pass
    return keys


def _reads(jobs: List[PairJob], manifest: str) -> List[Tuple[str, str]]:
    found = [("the manifest", manifest)]
    for job in jobs:
        weights = str(job.options.get("weights") or "")
        named = [("T1 raster", job.t1), ("T2 raster", job.t2)]
        if weights and weights.lower() not in WEIGHTS_WORDS:
            named.append(("weights file", weights))
        found += [(f"the {label} of row {job.row}", f) for label, path in named if path for f in input_files(path)]
    return found


def _writes(jobs: List[PairJob], summary: str) -> List[Tuple[str, str]]:
    found = [(f"the {label} of row {job.row}", job.output if key == "output" else job.options.get(key))
             for job in jobs for key, label in OUTPUT_LABELS]
    return [(what, path) for what, path in found if path] + [("the summary CSV", summary)]


def collisions(jobs: List[PairJob], manifest: str, summary: str) -> List[str]:
    """Each output that is also an input of the batch or an earlier output, in one phrase."""
    read: Dict[Hashable, str] = {}
    for what, path in _reads(jobs, manifest):
        for key in _keys(path):
            read.setdefault(key, what)
    written: Dict[Hashable, str] = {}
    found = []
    for what, path in _writes(jobs, summary):
        keys = _keys(path)
        other = next((read[k] for k in keys if k in read), None) or \
            next((written[k] for k in keys if k in written), None)
        if other:
            found.append(f"{what} '{path}' is also {other}")
        for key in keys:
            written.setdefault(key, what)
    return found


def _own_problems(jobs: List[PairJob], summary: str) -> List[str]:
    """What is wrong with each output path by itself (a missing folder, another extension, a
    GeoPackage holding other layers): collisions are collisions()'s."""
    outputs = [(f"{label} of row {job.row}", job.output if key == "output" else job.options.get(key),
                POLYGONS if key == "polygons" else RASTER) for job in jobs for key, label in OUTPUT_LABELS]
    outputs.append(("batch summary", summary, CSV))
    return [p.text() for label, path, kind in outputs if path
            for p in output_problems([(label, path, kind)], []) if p.code not in COLLISIONS]


def check_batch_outputs(jobs: List[PairJob], manifest: str, summary: str) -> None:
    """Refuse the batch, naming every collision and every problem of an output's path, in one
    InputError, before anything is read or written."""
    parts = _own_problems(jobs, summary)
    found = collisions(jobs, manifest, summary)
    if found:
        parts.insert(0, f"The batch was not started: {'; '.join(found)}. Give every output its own file that no "
                        "row reads (no pair was run).")
    if parts:
        raise InputError(" ".join(parts))
