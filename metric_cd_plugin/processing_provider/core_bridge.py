"""Hand a QgsProcessingFeedback to the core as plain progress/cancel callables, and turn
core errors into QgsProcessingException with the core's readable message."""
import contextlib

from qgis.core import QgsProcessingException, QgsProcessingFeedback

from ..core.errors import MetricCDError


def progress_callback(feedback: QgsProcessingFeedback, start: float = 0.0, end: float = 100.0):
    """Core progress (0-100, stage text) -> feedback progress mapped onto start..end."""
    shown: dict = {"text": None}

    def progress(percent: float, text: str) -> None:
        if text and text != shown["text"]:  # one log line per stage, not per update
            feedback.setProgressText(text)
            shown["text"] = text
        feedback.setProgress(start + (end - start) * min(max(percent, 0.0), 100.0) / 100.0)
    return progress


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
