"""Plugins > Metric-CD > Install PyTorch...: runs the installer's pip command through
QProcess (an argument list, no shell), shows its output as it comes, can be cancelled, and
ends by asking for a QGIS restart. The command itself is built in dependencies.pip_command."""
import os
import shutil
import sys
import tempfile
from typing import Optional, Sequence, Tuple

from qgis.PyQt.QtCore import QProcess, QProcessEnvironment
from qgis.PyQt.QtGui import QFont, QTextCursor
from qgis.PyQt.QtWidgets import (QDialog, QDialogButtonBox, QLabel, QPlainTextEdit, QPushButton,
                                 QRadioButton, QVBoxLayout, QWidget)

from ..core.errors import MetricCDError
from ..dependencies import pip_command
from ..dependencies.python_interpreter import find_python


class InstallTorchDialog(QDialog):
    def __init__(self, target: str, parent: Optional[QWidget] = None, python: Optional[str] = None,
                 nvidia_smi_text: Optional[str] = None) -> None:
        """target: the plugin-private folder; python/nvidia_smi_text: found here when None."""
        super().__init__(parent)
        self.setWindowTitle("Metric-CD: install PyTorch")
        self.target = target
        self.process: Optional[QProcess] = None
        self._workdir: Optional[str] = None
        self._existed_before = False
        self._cancelled = False
        self.python: Optional[str] = python
        problem: Optional[str] = None
        if self.python is None:
            try:
                self.python = find_python()
            except MetricCDError as exc:
                problem = str(exc)
        smi = pip_command.nvidia_smi_output() if nvidia_smi_text is None else nvidia_smi_text
        driver = pip_command.parse_driver_version(smi or "")
        self.cuda_index = pip_command.cuda_index_for_driver(driver, sys.platform == "win32")
        self._build(driver, problem)

    def _build(self, driver: Optional[Tuple[int, ...]], problem: Optional[str]) -> None:
        layout = QVBoxLayout(self)
        intro = QLabel(f"Installs PyTorch for QGIS into<br><code>{self.target}</code><br>with "
                       f"<code>{self.python or '?'}</code> -m pip. QGIS's own packages (numpy...) are "
                       "kept as they are. Downloads about 200 MB (CPU) or 2-3 GB (CUDA).")
        intro.setWordWrap(True)
        layout.addWidget(intro)
        self.cpu = QRadioButton(f"CPU (torch {pip_command.TORCH_VERSION}; works everywhere)")
        self.cpu.setChecked(True)
        layout.addWidget(self.cpu)
        if self.cuda_index is not None:
            version = ".".join(map(str, driver))  # type: ignore[arg-type]  # an index needs a driver
            text = (f"CUDA: NVIDIA driver {version} found; build "
                    f"{self.cuda_index.tag}, torch {self.cuda_index.torch_version} (faster on the GPU)")
        elif driver:
            text = f"CUDA: NVIDIA driver {'.'.join(map(str, driver))} is too old for PyTorch's CUDA builds"
        else:
            text = "CUDA: no NVIDIA driver found (nvidia-smi)"
        self.cuda = QRadioButton(text)
        self.cuda.setEnabled(self.cuda_index is not None)
        layout.addWidget(self.cuda)
        self.log = QPlainTextEdit(readOnly=True)
        self.log.setFont(QFont("monospace"))
        self.log.setMinimumSize(640, 260)
        layout.addWidget(self.log)
        self.status = QLabel(problem or "")
        self.status.setWordWrap(True)
        layout.addWidget(self.status)
        buttons = QDialogButtonBox()
        self.install_button = QPushButton("Install")
        self.cancel_button = QPushButton("Cancel")
        self.close_button = QPushButton("Close")
        for button, role in ((self.install_button, QDialogButtonBox.ButtonRole.AcceptRole),
                             (self.cancel_button, QDialogButtonBox.ButtonRole.ActionRole),
                             (self.close_button, QDialogButtonBox.ButtonRole.RejectRole)):
            buttons.addButton(button, role)
        self.install_button.setEnabled(self.python is not None)
        self.cancel_button.setEnabled(False)
        self.install_button.clicked.connect(lambda: self.start())
        self.cancel_button.clicked.connect(self.cancel)
        self.close_button.clicked.connect(self.reject)
        layout.addWidget(buttons)

    def chosen_index(self) -> pip_command.WheelIndex:
        return self.cuda_index if self.cuda.isChecked() and self.cuda_index is not None else pip_command.CPU

    def start(self, plan: Optional[pip_command.InstallPlan] = None) -> None:
        """Run `plan` (default: torch from the chosen index) into self.target."""
        if plan is None:
            self._workdir = tempfile.mkdtemp(prefix="metric_cd_install_")
            plan = pip_command.torch_plan(self.python, self.target,  # type: ignore[arg-type]  # Install needs a Python
                                          self.chosen_index(), self._workdir)
        self.run_command(plan.python, plan.arguments())

    def run_command(self, program: str, arguments: Sequence[str]) -> None:
        self._existed_before = os.path.isdir(self.target)
        self._cancelled = False
        self.log.appendPlainText("$ " + pip_command.shell_text([program] + list(arguments)) + "\n")
        self.status.setText("Installing... (the log below shows pip's progress)")
        self.process = QProcess(self)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        environment = QProcessEnvironment.systemEnvironment()
        environment.insert("PYTHONIOENCODING", "utf-8")  # the log decodes UTF-8 (Windows consoles differ)
        self.process.setProcessEnvironment(environment)
        self.process.readyReadStandardOutput.connect(self._show_output)
        self.process.finished.connect(self._finished)
        self.process.errorOccurred.connect(self._failed_to_start)
        self.install_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.process.start(program, list(arguments))

    def is_running(self) -> bool:
        return self.process is not None and self.process.state() != QProcess.ProcessState.NotRunning

    def _show_output(self) -> None:
        text = bytes(self.process.readAllStandardOutput()).decode(  # type: ignore[union-attr]  # the process's signal
            "utf-8", "replace")
        self.log.moveCursor(QTextCursor.MoveOperation.End)
        self.log.insertPlainText(text)
        self.log.ensureCursorVisible()

    def cancel(self) -> None:
        process = self.process
        if process is not None and self.is_running():
            self._cancelled = True
            process.kill()  # _finished cleans up
            process.waitForFinished(10000)

    def _failed_to_start(self, error: QProcess.ProcessError) -> None:
        process = self.process
        if error == QProcess.ProcessError.FailedToStart and process is not None:  # the process's own signal
            self._end(f"Could not start {process.program()}: {process.errorString()}", ok=False)

    def _finished(self, exit_code: int, exit_status: QProcess.ExitStatus) -> None:
        self._show_output()
        if self._cancelled:
            self._end("Cancelled.", ok=False)
        elif exit_status == QProcess.ExitStatus.NormalExit and exit_code == 0:
            self._end(f"PyTorch was installed into {self.target}. Restart QGIS to use it.", ok=True)
        else:
            self._end(f"pip failed (exit code {exit_code}); the log above says why.", ok=False)

    def _end(self, message: str, ok: bool) -> None:
        if not ok:
            removed = pip_command.remove_failed_install(self.target, self._existed_before)
            message += (f" The half-installed folder {self.target} was removed." if removed else "")
        if self._workdir:
            shutil.rmtree(self._workdir, ignore_errors=True)
            self._workdir = None
        self.log.appendPlainText("\n" + message)
        self.status.setText(message)
        self.install_button.setEnabled(not ok)
        self.cancel_button.setEnabled(False)

    def reject(self) -> None:  # closing the window stops a running install first
        self.cancel()
        super().reject()
