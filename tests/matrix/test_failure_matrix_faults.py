"""The failure matrix's faults, by the ways a user meets them: cancel at each stage, CUDA
asked for without CUDA, CUDA out of memory, PyTorch missing, VGG16 weights with the wrong
checksum, two runs writing one output. Each ends with a message naming the problem and the
fix, or a complete output, and never leaves a partial output or a temporary file.
(Unloading the plugin during a run: tests/qgis/test_plugin_dialog.py; PyTorch missing in the
command line and Processing: tests/qgis/test_without_torch.py.)"""
import os
import re
import select
import signal
import subprocess
import sys
import time

import pytest
import torch
from qgis.core import (Qgis, QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext,
                       QgsProcessingException)
from qgis.PyQt.QtCore import QMetaObject, Qt

from conftest import REPO
from dialog_fixtures import add_raster, wait_until
from failure_inputs import good_pair
from failure_checks import Before, assert_readable, check_outputs, child_env
from test_failure_matrix_cli import detect
from test_failure_matrix_dialog import dialog_for, run_to_the_end
from test_failure_matrix_processing import Feedback, parameters, run_toolbox

STAGES = ["Normalising T1 onto T2", "Computing deep features of the fitting area", "Fitting the change network",
          "Predicting change probability", "Writing the change mask", "Polygonizing the change mask",
          "Writing the polygons"]
CANCELLED = ("cancelled", "no output was written")
OUT_OF_MEMORY = ("ran out of memory even with the smallest tiles", "choose device 'cpu'")
NO_CUDA = ("no usable CUDA device", "choose device 'cpu' or 'auto'")
WRONG_COPY = ("does not have the published SHA-256", "with your browser")
pytestmark = pytest.mark.usefixtures("one_torch_thread")
needs_no_cuda = pytest.mark.skipif(torch.cuda.is_available(), reason="this machine has CUDA")


def with_polygons(inputs):
    inputs.params["OUTPUT_POLYGONS"] = os.path.join(os.path.dirname(inputs.output), "changes.gpkg")
    return inputs


class CancelAtStage(Feedback):
    def __init__(self, stage):
        super().__init__()
        self.stage, self.stages = stage, []

    def setProgressText(self, text):  # noqa: N802 (Qt API)
        self.stages.append(text)
        super().setProgressText(text)
        if text == self.stage:
            self.cancel()  # the toolbox's Cancel button does this


@pytest.mark.parametrize("stage", STAGES)
def test_cancel_in_the_toolbox_at_each_stage(stage, case_folder, processing_api):
    inputs = with_polygons(good_pair(case_folder))
    before = Before(case_folder, inputs, in_qgis=True)
    feedback = CancelAtStage(stage)
    with pytest.raises(QgsProcessingException) as raised:
        processing_api.run("metriccd:changedetection", parameters(inputs), feedback=feedback)
    assert feedback.stages[-1] == stage
    assert_readable(str(raised.value), *CANCELLED)
    before.assert_nothing_written()


@pytest.mark.parametrize("stage", STAGES)
def test_cancel_in_the_dialog_at_each_stage(stage, case_folder, make_dialog, monkeypatch):
    """The dialog's Cancel button clicked while the task is at the stage: the worker waits
    for the click (a blocking queued call), so it cannot have gone past the stage."""
    from metric_cd_plugin.gui import run_task
    dialog = None

    class ClickCancelAtStage(run_task.RunFeedback):
        def setProgressText(self, text):  # noqa: N802 (Qt API)
            super().setProgressText(text)
            if text == stage and not self.isCanceled():
                QMetaObject.invokeMethod(dialog.cancel_button, "click", Qt.ConnectionType.BlockingQueuedConnection)

    monkeypatch.setattr(run_task, "RunFeedback", ClickCancelAtStage)
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    dialog, manager = dialog_for(make_dialog, inputs)
    dialog.outputs.polygons_check.setChecked(True)
    dialog.outputs.polygons.setFilePath(os.path.join(os.path.dirname(inputs.output), "changes.gpkg"))
    stages = []
    manager.stageChanged.connect(stages.append)
    run_to_the_end(dialog, manager, inputs)
    assert stages[-1] == stage and "cancelled" in dialog.status.text()
    before.assert_nothing_written()


def test_ctrl_c_in_the_command_line_while_fitting(case_folder):
    """On a terminal the progress line names the stage; Ctrl-C (SIGINT) once fitting steps
    have begun (the progress moved past the stage's 25 %)."""
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs)
    leader, follower = os.openpty()
    args = [sys.executable, "-m", "metric_cd_plugin", "detect", inputs.t1, inputs.t2, "-o", inputs.output,
            "--mask", inputs.mask, "--weights", "random", "--iterations", "400", "--device", "cpu"]
    # a shell without job control starts background jobs with SIGINT ignored, and Python
    # keeps an inherited SIG_IGN: give the child the default a terminal user's shell gives it
    process = subprocess.Popen(args, cwd=REPO, stdout=subprocess.DEVNULL, stderr=follower, env=child_env(),
                               preexec_fn=_default_sigint)
    os.close(follower)
    shown = read_until(leader, FITTING_STEPS)
    assert FITTING_STEPS.search(shown), f"the run ended before fitting: {shown!r}"
    process.send_signal(signal.SIGINT)
    # keep draining the terminal until the process closes it: a full terminal buffer would
    # block the progress line's write, and with it the process, before it sees the signal
    rest = read_until(leader, None, deadline=time.monotonic() + 120).decode()
    code = process.wait(timeout=10)
    os.close(leader)
    assert code == 130, rest
    assert_readable(rest.replace("\r", "\n").strip().splitlines()[-1], *CANCELLED)
    assert "Traceback" not in rest
    before.assert_nothing_written()


FITTING_STEPS = re.compile(rb"Fitting the change network: +\d+%\|[# ]+\| [1-9]\d*/400 \[")  # an iteration done


def assert_the_dialog_run_fails(dialog, manager, inputs, qgis_iface, before, expected):
    """Run clicked: one message in the message bar says `expected`, and nothing is written."""
    critical = qgis_iface.messageBar().get_messages(Qgis.MessageLevel.Critical)
    critical.clear()
    run_to_the_end(dialog, manager, inputs)
    assert len(critical) == 1
    assert_readable(critical[0], *expected)
    before.assert_nothing_written()


def _default_sigint():
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def read_until(terminal, pattern, deadline=None):
    """What the process writes on the terminal until `pattern` matches (None: until it closes
    or, with a deadline, until time.monotonic() passes it)."""
    shown = b""
    while pattern is None or not pattern.search(shown):
        if deadline is not None:
            ready, _, _ = select.select([terminal], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                break
        try:
            chunk = os.read(terminal, 4096)
        except OSError:  # the other end closed with the process
            break
        if not chunk:
            break
        shown += chunk
    return shown


@needs_no_cuda
def test_cuda_without_cuda_in_the_command_line(case_folder):
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs)
    done = detect(inputs, "--device", "cuda")  # the last --device wins
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1
    assert_readable(done.stderr, *NO_CUDA)
    before.assert_nothing_written()


@needs_no_cuda
def test_cuda_without_cuda_in_the_toolbox_and_the_dialog(case_folder, processing_api, make_dialog):
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    _, error, _ = run_toolbox(processing_api, inputs, DEVICE=2)
    assert_readable(error, *NO_CUDA)
    dialog, _ = dialog_for(make_dialog, inputs)  # the dialog does not even offer it
    cuda = dialog.settings_panel.device.model().item(dialog.settings_panel.device.findData("cuda"))
    assert not cuda.isEnabled() and "PyTorch sees no CUDA GPU" in cuda.toolTip()
    before.assert_nothing_written()


def always_out_of_memory(monkeypatch):
    """A hook where CUDA would fail: every fit raises torch's OOM error; returns the presets tried."""
    from metric_cd_plugin.core.deep import engine
    tried = []

    def out_of_memory(pair, normaliser, preset, *args):
        tried.append(preset)
        raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")
    monkeypatch.setattr(engine, "fit_and_predict", out_of_memory)
    return tried


def test_out_of_memory_retries_smaller_then_fails_clearly(case_folder, processing_api,
                                                          make_dialog, qgis_iface, monkeypatch):
    tried = always_out_of_memory(monkeypatch)
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    _, error, _ = run_toolbox(processing_api, inputs)
    assert_readable(error, *OUT_OF_MEMORY)
    sizes = [(p.tile, p.batch, p.max_fit_side, p.patch) for p in tried]
    assert len(sizes) > 3 and all(a > b for a, b in zip(sizes, sizes[1:]))  # each retry smaller
    assert sizes[-1][:2] == (64, 1)
    dialog, manager = dialog_for(make_dialog, inputs)
    assert_the_dialog_run_fails(dialog, manager, inputs, qgis_iface, before, OUT_OF_MEMORY)


OOM_HOOK = '''
import torch
from metric_cd_plugin.core.deep import engine


def out_of_memory(*args):
    raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 2.00 GiB")


engine.fit_and_predict = out_of_memory
'''


def test_out_of_memory_in_the_command_line(case_folder, tmp_path):
    hook = tmp_path / "oom_hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(OOM_HOOK)
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs)
    done = detect(inputs, env={"PYTHONPATH": os.pathsep.join([str(hook), REPO])})
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert_readable(done.stderr, *OUT_OF_MEMORY)
    before.assert_nothing_written()


def test_torch_missing_blocks_the_dialog_with_how_to_install(case_folder, make_dialog):
    from metric_cd_plugin.gui.torch_probe import TorchStatus
    inputs = good_pair(case_folder)
    add_raster(inputs.t1, "earlier")
    add_raster(inputs.t2, "later")
    dialog, _ = make_dialog(torch=TorchStatus(False, False, "ModuleNotFoundError: No module named 'torch'"))
    assert not dialog.run_button.isEnabled() and not dialog.start_run()
    assert_readable(" ".join(dialog.checks.errors), "No module named 'torch'", "Plugins > Metric-CD > Install PyTorch")


def wrong_copies(folder):
    """A cache and a torch hub that each hold a vgg16-397923af.pth that is not the published file."""
    cache, hub = folder / "cache", folder / "torch_home" / "hub" / "checkpoints"
    for where in (cache, hub):
        where.mkdir(parents=True)
        (where / "vgg16-397923af.pth").write_bytes(b"not the VGG16 weights" * 1000)
    return cache, folder / "torch_home"


def test_weights_with_the_wrong_checksum_in_the_command_line(case_folder, tmp_path):
    cache, torch_home = wrong_copies(tmp_path)
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs)
    offline = {"TORCH_HOME": str(torch_home), "https_proxy": "http://127.0.0.1:9",
               "HTTPS_PROXY": "http://127.0.0.1:9", "no_proxy": "", "NO_PROXY": ""}  # nothing leaves this machine
    done = detect(inputs, "--weights", "imagenet", "--cache-dir", str(cache), env=offline)
    assert done.returncode == 1 and len(done.stderr.strip().splitlines()) == 1, done.stderr
    assert_readable(done.stderr, *WRONG_COPY)
    assert os.listdir(cache) == []  # the wrong copy in our own cache is not kept
    before.assert_nothing_written()


def test_weights_with_the_wrong_checksum_in_the_toolbox_and_the_dialog(
        case_folder, tmp_path, processing_api, make_dialog, qgis_iface, monkeypatch):
    import urllib.error
    import urllib.request
    from metric_cd_plugin.processing_provider import change_algorithms
    cache, torch_home = wrong_copies(tmp_path)
    monkeypatch.setattr(change_algorithms, "weights_cache_dir", lambda: str(cache))
    monkeypatch.setenv("TORCH_HOME", str(torch_home))

    def offline(self, url, *args, **kwargs):  # every urllib opener, the download's own included
        raise urllib.error.URLError(ConnectionRefusedError(111, "Connection refused"))
    monkeypatch.setattr(urllib.request.OpenerDirector, "open", offline)
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    _, error, _ = run_toolbox(processing_api, inputs, WEIGHTS="imagenet")
    assert_readable(error, *WRONG_COPY)
    (cache / "vgg16-397923af.pth").write_bytes(b"still not the VGG16 weights")  # copied again
    dialog, manager = dialog_for(make_dialog, inputs)
    dialog.settings_panel.weights_imagenet.setChecked(True)
    assert_the_dialog_run_fails(dialog, manager, inputs, qgis_iface, before, WRONG_COPY)


def test_two_command_line_runs_writing_one_output_at_once(case_folder):
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs)
    runs = [subprocess.Popen([sys.executable, "-m", "metric_cd_plugin", "detect", inputs.t1, inputs.t2,
                              "-o", inputs.output, "--mask", inputs.mask, "--weights", "random",
                              "--iterations", "2", "--device", "cpu", "--seed", str(seed)],
                             cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=child_env())
            for seed in (1, 2)]
    for run in runs:
        _, err = run.communicate(timeout=300)
        assert run.returncode == 0, err
    before.assert_outputs_only()  # both complete files, no temporary file left


def test_two_toolbox_runs_writing_one_output_at_once(case_folder, processing_api):
    """Two background runs of the algorithm in QGIS's task manager, as the toolbox starts them."""
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    algorithm = QgsApplication.processingRegistry().algorithmById("metriccd:changedetection")
    outcomes, keep = [], []
    for seed in (1, 2):
        context, feedback = QgsProcessingContext(), Feedback()
        task = QgsProcessingAlgRunnerTask(algorithm, parameters(inputs, SEED=seed), context, feedback)
        task.executed.connect(lambda ok, _results: outcomes.append(ok))
        keep.append((context, feedback))  # alive until the task ends
        QgsApplication.taskManager().addTask(task)
    assert wait_until(lambda: len(outcomes) == 2)
    assert outcomes == [True, True], [f.shown for _, f in keep]
    before.assert_outputs_only()
    check_outputs(inputs.output, inputs.mask)
