"""What a batch pair's outputs were made from, stored in their METRIC_CD metadata so that a
rerun skips a pair only when nothing that shapes its outputs has changed: every option of
its row (the polygons' minimum area and size included; not where or how fast it ran) and
each input file's size, modification time and a cheap checksum (the first and last MiB
hashed), so that another image saved under the same name is run again."""
import hashlib
import json
import os
from typing import Any, Dict, List, Optional

from ..raster.destinations import input_files
from .manifest import WEIGHTS_WORDS, PairJob

KEY = "batch_fingerprint"               # the metadata entry
NOT_COMPARED = ("threads", "device", "cache_dir")  # how a run is computed, not what it computes
CHUNK = 1024 * 1024


def file_fingerprint(path: str) -> List[List[Any]]:
    """[file, size, mtime in ns, sha256 of its first and last MiB] for each file on disk that
    the GDAL name `path` reads. OSError when one cannot be read."""
    found = []
    for name in input_files(path) or [path]:
        st = os.stat(name)
        digest = hashlib.sha256()
        with open(name, "rb") as f:
            digest.update(f.read(CHUNK))
            if st.st_size > CHUNK:
                f.seek(max(CHUNK, st.st_size - CHUNK))
                digest.update(f.read(CHUNK))
        found.append([os.path.realpath(name), st.st_size, st.st_mtime_ns, digest.hexdigest()])
    return found


def fingerprint(job: PairJob) -> Optional[Dict[str, Any]]:
    """The job's fingerprint as JSON values (as read back from the file); None when an input
    cannot be read (the run then says why)."""
    options = {k: v for k, v in job.options.items() if k not in NOT_COMPARED}
    files = {"t1": job.t1, "t2": job.t2}
    weights = str(job.options.get("weights") or "")
    if weights and weights.lower() not in WEIGHTS_WORDS:
        files["weights"] = weights
    try:
        inputs = {key: file_fingerprint(path) for key, path in files.items()}
    except OSError:
        return None
    return json.loads(json.dumps({"output": job.output, **files, "options": options, "inputs": inputs}))


def same_run(stored: Any, wanted: Dict[str, Any]) -> bool:
    """Whether a stored fingerprint is the wanted one; 'auto' weights match the choice the batch
    that wrote it made ('imagenet' or 'random')."""
    if not isinstance(stored, dict) or not isinstance(stored.get("options"), dict):
        return False
    want = json.loads(json.dumps(wanted))
    chosen = stored["options"].get("weights")
    if str(want["options"].get("weights")).lower() == "auto" and chosen in ("imagenet", "random"):
        want["options"]["weights"] = chosen
    return json.dumps(stored, sort_keys=True) == json.dumps(want, sort_keys=True)
