"""What every failure-matrix case asserts, whichever way it was run: the message names the
problem and the fix and carries no traceback; the inputs are byte for byte unchanged; a
failed run leaves no output and no temporary file, a successful one exactly its outputs,
well formed."""
import contextlib
import hashlib
import os
import resource
import signal
from pathlib import Path
from typing import Dict, Optional

import numpy as np
import pytest
from osgeo import gdal

from failure_inputs import Inputs, undo_read_only


def fingerprint(folder: Path) -> Dict[str, str]:
    """{path relative to folder: SHA-256} of every file below folder."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture()
def case_folder(tmp_path):
    folder = tmp_path / "case"
    (folder / "in").mkdir(parents=True)
    yield folder
    undo_read_only(folder)


class Before:
    """The case folder as it was before the run."""

    def __init__(self, folder: Path, inputs: Inputs, in_qgis: bool = False):
        self.folder, self.inputs, self.in_qgis = folder, inputs, in_qgis
        self.files = fingerprint(folder)

    def new_files(self):
        now = fingerprint(self.folder)
        # QGIS itself writes <raster>.aux.xml (GDAL's statistics cache) beside any raster it
        # loads as a layer; the command line, without QGIS, must not leave even that
        return sorted(p for p in set(now) - set(self.files)
                      if not (self.in_qgis and p.startswith("in/") and p.endswith(".aux.xml")))

    def assert_inputs_unchanged(self):
        now = fingerprint(self.folder)
        assert {k: now.get(k) for k in self.files} == self.files, "an input file was changed"

    def assert_nothing_written(self):
        self.assert_inputs_unchanged()
        assert self.new_files() == [], "a failed or cancelled run left files behind"

    def assert_outputs_only(self):
        """Exactly the probability and the mask were added, both well formed."""
        self.assert_inputs_unchanged()
        expected = sorted(str(Path(p).relative_to(self.folder)) for p in (self.inputs.output, self.inputs.mask))
        assert self.new_files() == expected
        return check_outputs(self.inputs.output, self.inputs.mask)


def check_outputs(output: str, mask: str) -> np.ndarray:
    prob_ds, mask_ds = gdal.Open(output), gdal.Open(mask)
    prob, flags = prob_ds.ReadAsArray(), mask_ds.ReadAsArray()
    assert prob_ds.GetRasterBand(1).DataType == gdal.GDT_Float32
    assert np.isfinite(prob).all()
    valid = prob != -1
    assert valid.any() and (prob[valid] >= 0).all() and (prob[valid] <= 1).all()
    assert set(np.unique(flags[valid])) <= {0, 1} and (flags[~valid] == 255).all()
    return prob


def assert_readable(message: str, problem: str, fix: str) -> None:
    assert problem in message, f"{problem!r} not in {message!r}"
    assert fix in message, f"{fix!r} not in {message!r}"
    assert "Traceback" not in message and 'File "' not in message


# The matrix runs on 16 x 16 pixels, where one thread is faster than two: they would spend
# their time waiting for each other, the more so on a busy machine
ONE_THREAD = {"OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


def child_env(**overrides):
    return {**os.environ, **ONE_THREAD, **overrides}


@pytest.fixture(scope="module")
def one_torch_thread():
    import torch
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@contextlib.contextmanager
def file_size_limit(limit: Optional[int]):
    """No file of this process may grow past `limit` bytes, as on a full disk: RLIMIT_FSIZE,
    with SIGXFSZ ignored so that the write fails (EFBIG) instead of killing the process."""
    if limit is None:
        yield
        return
    # Debian's torch 2.6 writes a generated module into the temporary folder the first time
    # torch._dynamo is imported: imported before the limit, as in a QGIS session that has run
    # once, so the case tests the plugin's own outputs on a full disk
    import torch._dynamo  # noqa: F401
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    handler = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, handler)


def limit_in_child(limit: Optional[int]):
    """preexec_fn for subprocess: the same limit in the child only."""
    if limit is None:
        return None

    def apply():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.getrlimit(resource.RLIMIT_FSIZE)[1]))
    return apply
