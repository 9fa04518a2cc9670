"""Hand a QgsProcessingFeedback to the core as plain progress/steps/cancel callables, and
turn core errors into QgsProcessingException with the core's readable message."""
import contextlib
import time
from typing import Callable

from qgis.core import QgsProcessingException, QgsProcessingFeedback

from ..core.errors import MetricCDError
from ..core.step_clock import Step
from .step_words import step_text

STEP_TEXT_EVERY_S = 1.0  # each progress text is a line of Processing's log: at most one a second


def progress_callback(feedback: QgsProcessingFeedback, start: float = 0.0, end: float = 100.0):
    """Core progress (0-100, stage text) -> feedback progress mapped onto start..end."""
    shown: dict = {"text": None}

    def progress(percent: float, text: str) -> None:
        if text and text != shown["text"]:  # one log line per stage, not per update
            feedback.setProgressText(text)
            shown["text"] = text
        feedback.setProgress(start + (end - start) * min(max(percent, 0.0), 100.0) / 100.0)
    return progress


def steps_callback(feedback: QgsProcessingFeedback, every: float = STEP_TEXT_EVERY_S,
                   clock: Callable[[], float] = time.monotonic):
    """The fit's iterations -> feedback's progress text ('Fitting: iteration 120 of 300,
    about 8 s left'): the first, the last, and between them at most one each `every` seconds."""
    shown: dict = {"at": None}

    def steps(step: Step) -> None:
        now = clock()
        if shown["at"] is None or now - shown["at"] >= every or step.done >= step.total:
            feedback.setProgressText(step_text(step))
            shown["at"] = now
    return steps


def cancel_callback(feedback: QgsProcessingFeedback):
    return feedback.isCanceled


@contextlib.contextmanager
def readable_errors():
    """Core problems become QgsProcessingException in QGIS's words (the core's message, or
    QGIS's own for the codes it words differently): the message without a traceback."""
    try:
        yield
    except MetricCDError as exc:
        from ..dependencies.torch_words import qgis_text
        raise QgsProcessingException(qgis_text(exc)) from None
