"""Progress and cancel as plain callables, so that any adapter (terminal, QgsTask,
Processing feedback) can drive the core without the core knowing about it. A stage that
iterates (the fit) also reports Steps: iteration i of n, elapsed, time left; each front end
words them (core/step_clock.py estimates the time left)."""
import contextlib
import signal
import threading
import time
from typing import Callable, Iterator, List, Optional

from .errors import Cancelled
from .step_clock import Step, StepClock

ProgressFn = Callable[[float, str], None]  # (percent 0-100, stage text)
CancelFn = Callable[[], bool]               # True once the user asked to stop
StepFn = Callable[[Step], None]             # an iterating stage's iteration, time left


class Monitor:
    """Maps the fraction done inside the current stage onto the overall 0-100 scale."""

    def __init__(self, progress: Optional[ProgressFn] = None, cancel: Optional[CancelFn] = None,
                 steps: Optional[StepFn] = None, clock: Callable[[], float] = time.monotonic):
        self._progress = progress
        self._cancel = cancel
        self._steps = steps
        self._clock = clock
        self._start, self._end, self._text = 0.0, 100.0, ""
        self._step_clock: Optional[StepClock] = None
        self.percent = 0.0

    def stage(self, start: float, end: float, text: str) -> None:
        self._start, self._end, self._text = float(start), float(end), text
        self._step_clock = StepClock(self._clock)  # a stage that iterates times itself from its start
        self.update(0.0)

    def iteration(self, done: int, total: int, stage: str) -> None:
        """Iteration `done` of `total` of the current stage (`stage`: its code, e.g. "fit");
        total may change between calls (a stop once converged), and the stage may end early."""
        if self._step_clock is None:
            self._step_clock = StepClock(self._clock)
        step = self._step_clock.tick(done, total, stage, self._text)
        if self._steps is not None:
            self._steps(step)
        self.update(step.done / step.total if step.total else 1.0)

    def update(self, fraction: float, text: Optional[str] = None) -> None:
        """Report progress within the current stage (with new stage text when given), then
        honour a pending cancel."""
        if text is not None:
            self._text = text
        fraction = min(max(fraction, 0.0), 1.0)
        self.percent = self._start + fraction * (self._end - self._start)
        if self._progress is not None:
            self._progress(self.percent, self._text)
        self.check()

    def cancelled(self) -> bool:
        """True once the user asked to stop (a CancelFn for code that raises Cancelled itself)."""
        return self._cancel is not None and self._cancel()

    def check(self) -> None:
        if self.cancelled():
            raise Cancelled()


def span(progress: Optional[ProgressFn], start: float, end: float) -> Optional[ProgressFn]:
    """`progress` seen through a part of the bar: 0-100 reported here lands on start..end."""
    if progress is None:
        return None
    return lambda percent, text: progress(start + (end - start) * percent / 100.0, text)


STOP_SIGNALS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def signals_held() -> Iterator[List[int]]:
    """Around a GDAL call that runs Python callbacks (Polygonize): a signal (Ctrl-C, SIGTERM,
    SIGHUP) is only recorded while GDAL runs, since an exception raised inside its callback
    is printed as a traceback and turned into GDAL's own error; once GDAL has returned, the
    signal is sent again to the handlers it was meant for, which unwind as in every other
    stage. Yields the list of signals received (a callback returns 0 once it is not empty,
    to stop GDAL). Outside the main thread (a QgsTask) there are no handlers to hold."""
    received: List[int] = []
    if threading.current_thread() is not threading.main_thread():
        yield received
        return
    held = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    held = {sig: handler for sig, handler in held.items() if handler not in (signal.SIG_IGN, None)}
    for sig in held:
        signal.signal(sig, lambda signum, _frame: received.append(signum))
    try:
        yield received
    finally:
        for sig, handler in held.items():
            signal.signal(sig, handler)
        if received:
            signal.raise_signal(received[0])
