"""Exceptions whose text is shown to the user as-is (one sentence: problem, then the fix).
Each carries a code and its parameters too, so that a front end in another language words
it itself (the dialog: gui/error_words.py); the English sentence stays the core's."""
from typing import Any


class MetricCDError(Exception):
    """A problem the user can act on; ``str(exc)`` is the core's message. ``code`` and
    ``params`` (when set) let a front end word it in its own vocabulary instead."""

    def __init__(self, message: str = "", code: str = "", **params: object):
        super().__init__(message)
        self.code = code
        self.params = params


class InputError(MetricCDError):
    """The input rasters or parameters cannot be used."""


def coded_error(said: Any) -> "InputError":
    """An InputError of a coded sentence (core/coded.Coded: a check that returns its refusal)."""
    return InputError(str(said), code=said.code, **said.params)


class DeviceError(MetricCDError):
    """The requested compute device is unavailable or ran out of memory."""


class Cancelled(MetricCDError):
    """The user cancelled the run; nothing was written."""

    def __init__(self, message: str = "The run was cancelled; no output was written."):
        super().__init__(message, "cancelled")


class MissingDependency(MetricCDError):
    """A package the method needs (PyTorch) is not importable; the text says how to install it."""


class WeightsError(MetricCDError):
    """The D-FE weights could not be fetched, verified or read; the text says what to do."""


class OutputError(MetricCDError):
    """An output could not be written (disk full, file size limit, folder gone); nothing was kept."""
