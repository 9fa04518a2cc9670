"""The command line stopped by a signal other than Ctrl-C while it writes: SIGTERM (`timeout`,
a stopped container) and SIGHUP (a closed terminal) unwind like Ctrl-C, so nothing is left
behind; SIGKILL cannot be caught, and the next run to the same output removes what the
killed one left (its temporary files name this host and its process id, now dead)."""
import os
import signal
import subprocess
import sys
import time

import numpy as np
import pytest

from conftest import REPO
from failure_checks import Before, assert_readable, case_folder, child_env  # noqa: F401
from failure_inputs import Inputs
from synthetic import write_raster

SIDE = 1500  # pixels: the score is written for seconds, even on an idle machine


def _big_pair(folder) -> Inputs:
    rng = np.random.default_rng(0)
    t1 = rng.integers(0, 200, (3, SIDE, SIDE), dtype=np.uint8)
    t2 = t1.copy()
    t2[:, 100:300, 100:300] = 250
    (folder / "out").mkdir()
    return Inputs(write_raster(folder / "in" / "t1.tif", t1), write_raster(folder / "in" / "t2.tif", t2),
                  str(folder / "out" / "score.tif"), str(folder / "out" / "mask.tif"))


def _classical(inputs):
    return [sys.executable, "-m", "metric_cd_plugin", "classical", "cva", inputs.t1, inputs.t2,
            "-o", inputs.output, "--mask", inputs.mask]


def _default_sigint():
    """In the child: Ctrl-C as a terminal gives it. A shell without job control starts a
    background command (and so this suite and its children) with SIGINT ignored, which a
    process rightly keeps: the SIGINT cases would then test nothing but that."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _start_and_wait_for_a_temporary_file(inputs):
    process = subprocess.Popen(_classical(inputs), cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=child_env(), preexec_fn=_default_sigint)
    out = os.path.dirname(inputs.output)
    deadline = time.monotonic() + 300
    while not any(".part" in name for name in os.listdir(out)):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "no temporary file appeared"
        time.sleep(0.02)
    return process


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stopped_run_removes_its_temporary_files(signum, case_folder):  # noqa: F811
    inputs = _big_pair(case_folder)
    before = Before(case_folder, inputs)
    process = _start_and_wait_for_a_temporary_file(inputs)
    _stopped_cleanly(process, signum, f"stopped ({signal.Signals(signum).name})", before)


def _stopped_cleanly(process, signum, says, before):
    """The signal sent; one line saying so, exit 128 + the signal, nothing left."""
    process.send_signal(signum)
    _, err = process.communicate(timeout=120)
    assert process.returncode == 128 + signum, err
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err, err
    assert_readable(lines[0], says, "no output was written")
    before.assert_nothing_written()


def test_the_next_run_removes_what_a_killed_run_left(case_folder):  # noqa: F811
    inputs = _big_pair(case_folder)
    before = Before(case_folder, inputs)
    process = _start_and_wait_for_a_temporary_file(inputs)
    process.kill()
    process.communicate(timeout=120)
    assert any(".part" in name for name in before.new_files())  # SIGKILL leaves them
    again = subprocess.run(_classical(inputs), cwd=REPO, capture_output=True, text=True, env=child_env(),
                           timeout=600)
    assert again.returncode == 0, again.stderr
    before.assert_outputs_only()


NOISY_SIDE = 2500  # pixels: 30 % scattered change, some 800,000 polygons traced for seconds


def _noisy_probability(folder) -> Inputs:
    (folder / "out").mkdir()
    noise = np.random.default_rng(0).random((NOISY_SIDE, NOISY_SIDE)).astype(np.float32)
    prob = write_raster(folder / "in" / "probability.tif", noise)
    return Inputs(prob, prob, str(folder / "out" / "mask.tif"), str(folder / "out" / "changes.gpkg"))


def _tracing(inputs) -> subprocess.Popen:
    """`threshold --polygons` started, returned once GDAL traces the polygons: the change
    raster it traces is written into the polygons' hidden work folder just before."""
    process = subprocess.Popen([sys.executable, "-m", "metric_cd_plugin", "threshold", inputs.t1,
                                "--threshold", "0.7", "-o", inputs.output, "--polygons", inputs.mask],
                               cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env(),
                               preexec_fn=_default_sigint)
    out, deadline = os.path.dirname(inputs.output), time.monotonic() + 300
    while not any(os.path.isfile(os.path.join(out, name, "change.tif")) for name in os.listdir(out)
                  if name.startswith(".changes.gpkg.") and os.path.isdir(os.path.join(out, name))):
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the polygons were never traced"
        time.sleep(0.02)
    time.sleep(0.5)  # the change raster is closed and the trace begun (it lasts seconds)
    assert process.poll() is None, "the trace ended before the signal: make NOISY_SIDE larger"
    return process


@pytest.mark.parametrize("signum, says", [(signal.SIGINT, "cancelled"), (signal.SIGTERM, "stopped (SIGTERM)")],
                         ids=["SIGINT", "SIGTERM"])
def test_a_signal_while_polygons_are_traced_exits_as_in_every_other_stage(signum, says, case_folder):  # noqa: F811
    inputs = _noisy_probability(case_folder)
    before = Before(case_folder, inputs)
    _stopped_cleanly(_tracing(inputs), signum, says, before)
