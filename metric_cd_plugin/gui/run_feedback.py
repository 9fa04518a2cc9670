"""A QgsProcessingFeedback the dialog can listen to from the main thread.

QgsProcessingFeedback.setProgressText has no signal in QGIS 3.22, and a failed task's
message only reaches feedback.reportError (the `executed` signal carries no text), so this
subclass turns both into Qt signals (a stage worded for the dialog, gui/run_words.py). They
are emitted on the task's worker thread; Qt queues them to receivers living on the main thread.
It also keeps the core's error of a failed run (Processing hands it over before raising its
text-only exception: core_bridge.readable_errors), so that the dialog words it itself."""
from typing import List, Optional

from qgis.core import QgsProcessingFeedback
from qgis.PyQt.QtCore import pyqtSignal

from ..core.errors import MetricCDError
from .run_words import stage_text


class RunFeedback(QgsProcessingFeedback):
    stageChanged = pyqtSignal(str)
    errorReported = pyqtSignal(str)
    infoPushed = pyqtSignal(str)

    def __init__(self) -> None:
        super().__init__()
        self.errors: List[str] = []  # every error text, in order (read after the task has finished)
        self.infos: List[str] = []
        # e.g. the run went on with random weights (a coded note): shown in the message bar
        self.warnings: List[str] = []
        self.core_error: Optional[MetricCDError] = None  # the error a run failed on (a code and its parameters)

    def keep_core_error(self, error: MetricCDError) -> None:
        self.core_error = error

    def setProgressText(self, text: str) -> None:  # noqa: N802 (Qt API)
        super().setProgressText(text)
        self.stageChanged.emit(stage_text(text))  # the core's coded stage in the dialog's words

    def reportError(self, error: str, fatalError: bool = False) -> None:  # noqa: N802,N803
        self.errors.append(error)
        super().reportError(error, fatalError)
        self.errorReported.emit(error)

    def pushWarning(self, warning: str) -> None:  # noqa: N802
        self.warnings.append(warning)
        super().pushWarning(warning)

    def pushInfo(self, info: str) -> None:  # noqa: N802
        self.infos.append(info)
        super().pushInfo(info)
        self.infoPushed.emit(info)
