"""Hand a QgsProcessingFeedback to the core as plain progress/steps/cancel callables, and
turn core errors into QgsProcessingException with a readable message in Processing's words
(the core's coded notes and errors name Processing's parameters here)."""
import contextlib
import time
from typing import Callable, Dict, Iterator, Optional

from qgis.core import QgsProcessingException, QgsProcessingFeedback

from ..core.change import KIND_UNSURE
from ..core.coded import Coded
from ..core.deep.weights_notes import TEXTS as WEIGHTS_TEXTS, weights_text
from ..core.errors import MetricCDError
from ..core.progress import CancelFn, ProgressFn, StepFn
from ..core.step_clock import Step
from ..gui.i18n import QT_TR_NOOP, tr
from ..gui.run_words import weights_words
from .step_words import step_text

STEP_TEXT_EVERY_S = 1.0  # each progress text is a line of Processing's log: at most one a second


def progress_callback(feedback: QgsProcessingFeedback, start: float = 0.0, end: float = 100.0) -> ProgressFn:
    """Core progress (0-100, stage text) -> feedback progress mapped onto start..end."""
    shown: dict = {"text": None}

    def progress(percent: float, text: str) -> None:
        if text and text != shown["text"]:  # one log line per stage, not per update
            feedback.setProgressText(text)
            shown["text"] = text
        feedback.setProgress(start + (end - start) * min(max(percent, 0.0), 100.0) / 100.0)
    return progress


def steps_callback(feedback: QgsProcessingFeedback, every: float = STEP_TEXT_EVERY_S,
                   clock: Callable[[], float] = time.monotonic) -> StepFn:
    """The fit's iterations -> feedback's progress text ('Fitting: iteration 120 of 300,
    about 8 s left'): the first, the last, and between them at most one each `every` seconds."""
    shown: dict = {"at": None}

    def steps(step: Step) -> None:
        now = clock()
        if shown["at"] is None or now - shown["at"] >= every or step.done >= step.total:
            feedback.setProgressText(step_text(step))
            shown["at"] = now
    return steps


def cancel_callback(feedback: QgsProcessingFeedback) -> CancelFn:
    return feedback.isCanceled


def weights_choices() -> Dict[str, str]:
    """How Processing makes each weights choice (core/deep/weights_notes.py), in the user's language."""
    return {"imagenet": tr("VGG16 weights = imagenet (WEIGHTS=imagenet)"),
            "random": tr("VGG16 weights = random (WEIGHTS=random)"),
            "file": tr("VGG16 weights = file and the .pth as VGG16 weights file (WEIGHTS=file WEIGHTS_FILE=PATH)")}


KIND_UNSURE_WORDS = QT_TR_NOOP("The data kind was unsure, so the rasters were compared as {kind} (the log says "
                               "why). If they are SAR, run again with Data kind SAR: filtered, multilooked or "
                               "resampled SAR products often look like this, and compared as optical their changes "
                               "are mostly missed. If they are optical, choose Data kind Optical to say so.")


def processing_words(said: object) -> str:
    """A core error or note in Processing's words: the weights notes in the user's language
    (the dialog's sentences, gui/run_words.py) with the choices named by Processing's parameters,
    PyTorch's installation by QGIS's; anything else as the core says it."""
    code, params = getattr(said, "code", ""), getattr(said, "params", {})
    if code in WEIGHTS_TEXTS:
        return weights_words(said, weights_choices()) or weights_text(code, params)
    if code == KIND_UNSURE and params.get("data_kind") == "optical":  # the one kind "unsure" takes (kind.py)
        return tr(KIND_UNSURE_WORDS).format(kind=tr("optical"))
    if isinstance(said, MetricCDError):
        from ..dependencies.torch_words import qgis_text
        return qgis_text(said)
    return str(getattr(said, "text", said))


def processing_note(note: object) -> Coded:
    """A note for the log in Processing's words, keeping its code and parameters: the dialog,
    which runs the algorithm, words it again in its own."""
    return Coded(processing_words(note), getattr(note, "code", ""), getattr(note, "params", {}))


@contextlib.contextmanager
def readable_errors(feedback: Optional[QgsProcessingFeedback] = None) -> Iterator[None]:
    """Core problems become QgsProcessingException in Processing's words: the message without
    a traceback. A feedback that keeps the core's error (the dialog's: keep_core_error) gets
    it first, to word its code itself (the exception carries text only)."""
    try:
        yield
    except MetricCDError as exc:
        hand_over(feedback, exc)
        raise QgsProcessingException(processing_words(exc)) from None


def hand_over(feedback: Optional[QgsProcessingFeedback], error: MetricCDError) -> None:
    """Give the core's error to a feedback that keeps it (the dialog's: keep_core_error)."""
    keep = getattr(feedback, "keep_core_error", None)
    if callable(keep):
        keep(error)
