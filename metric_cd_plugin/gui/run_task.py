"""One run of metriccd:changedetection as a QgsProcessingAlgRunnerTask in QGIS's task
manager: the toolbox's code path, on a worker thread, listed in the task panel.

The task holds references to the QgsProcessingContext and the feedback, so both must live
until it reports back; _LIVE_RUNS keeps each run (and through it both) alive until then,
even when the dialog is closed or the plugin unloaded meanwhile."""
import time
from typing import Any, Dict, Optional, Set

from qgis.core import (QgsApplication, QgsProcessingAlgRunnerTask, QgsProcessingContext,
                       QgsProject, QgsTask)
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, pyqtSignal, pyqtSlot

from .i18n import tr
from .notify import readable_error
from .run_feedback import RunFeedback
from .run_request import ALGORITHM_ID, RunRequest
from .error_words import error_text

SUCCESS, CANCELLED, FAILED = "success", "cancelled", "failed"
_LIVE_RUNS: Set["ChangeDetectionRun"] = set()


class RunRefused(Exception):
    """The run cannot start; str(exc) tells the user why."""


class ChangeDetectionRun(QObject):
    progressChanged = pyqtSignal(float)
    stageChanged = pyqtSignal(str)
    finished = pyqtSignal(str)  # SUCCESS, CANCELLED or FAILED; then read results/error_text

    def __init__(self, request: RunRequest, project: QgsProject, parent: Optional[QObject] = None):
        super().__init__(parent)
        self.request = request
        self.feedback = RunFeedback()
        self.context = QgsProcessingContext()
        self.context.setProject(project)  # layer ids resolve in this project; its transform context
        self.task = None
        self.title = ""  # the task's description before a stage is added to it
        self.results: Dict[str, Any] = {}
        self.error_text = ""
        self.started_at: Optional[float] = None
        self.finished_at: Optional[float] = None
        self.detached = False  # set when nobody wants the outcome any more (plugin unloaded)

    @property
    def elapsed(self) -> float:
        end = self.finished_at if self.finished_at is not None else time.monotonic()
        return end - self.started_at if self.started_at is not None else 0.0

    def start(self) -> None:
        """Queue the task; raises RunRefused with a readable reason when it cannot run."""
        algorithm = QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID)
        if algorithm is None:
            raise RunRefused(tr("The Metric-CD Processing algorithm is not available; re-enable the "
                                "plugin in Plugins > Manage and Install Plugins."))
        parameters = self.request.to_parameters()
        ok, message = algorithm.checkParameterValues(parameters, self.context)
        if not ok:
            raise RunRefused(message)
        # the constructor runs the algorithm's prepare() here, on the main thread: layers are
        # read now, never from the worker
        task = QgsProcessingAlgRunnerTask(algorithm, parameters, self.context, self.feedback)
        if task.status() == QgsTask.TaskStatus.Terminated or self.feedback.isCanceled():
            raise RunRefused(readable_error(self.feedback.errors[-1] if self.feedback.errors else "")[0])
        self.title = tr("Metric-CD: {t1} → {t2}").format(t1=self.request.t1_name, t2=self.request.t2_name)
        task.setDescription(self.title)
        self.feedback.progressChanged.connect(self._on_progress)
        self.feedback.stageChanged.connect(self._on_stage)
        task.executed.connect(self._on_executed)
        self.task = task
        self.started_at = time.monotonic()
        _LIVE_RUNS.add(self)
        QgsApplication.taskManager().addTask(task)  # the manager owns the task from here

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()

    def detach(self) -> None:
        """Cancel and forget: the outcome will be dropped silently."""
        self.detached = True
        for signal in (self.progressChanged, self.stageChanged, self.finished):
            try:
                signal.disconnect()
            except TypeError:  # nothing connected
                pass
        self.cancel()

    @property
    def running(self) -> bool:
        return self.task is not None

    @pyqtSlot(float)
    def _on_progress(self, value: float) -> None:
        self.progressChanged.emit(value)

    @pyqtSlot(str)
    def _on_stage(self, text: str) -> None:
        if self.task is not None and not sip.isdeleted(self.task):  # the task manager lists where it is
            self.task.setDescription(f"{self.title} — {text}")
        self.stageChanged.emit(text)

    @pyqtSlot(bool, "QVariantMap")
    def _on_executed(self, ok: bool, results: Dict[str, Any]) -> None:
        self.finished_at = time.monotonic()
        self.task = None  # deleted by the task manager after this signal
        _LIVE_RUNS.discard(self)
        if ok:
            outcome, self.results = SUCCESS, dict(results)
        elif self.feedback.isCanceled():
            outcome = CANCELLED
        else:
            outcome = FAILED  # the core's coded error in the dialog's words, else Processing's text
            self.error_text = error_text(self.feedback.core_error, "\n".join(self.feedback.errors))
        if not self.detached:
            self.finished.emit(outcome)
