"""The command line's progress: on a terminal, one tqdm-style line redrawn in place
(stage, percent, bar, and during the fit the iteration, elapsed<left and rate); elsewhere
(a log, a pipe) a plain line at most once a minute, so short runs leave stderr to the notes
and errors, and a long one still shows it is alive."""
import os
import sys
import time
from typing import Callable, Optional, TextIO

from metric_cd_plugin.core.step_clock import Step

MIN_BAR, MAX_BAR = 5, 30  # the bar's width takes what the terminal has left
PLAIN_EVERY_S = 60.0  # off a terminal: seconds between two plain progress lines
REDRAW_EVERY_S = 0.1  # on a terminal: a redraw per tenth of a second is smooth enough


def clock_text(seconds: float) -> str:
    """tqdm's elapsed/left form: 00:12, 01:05:09."""
    minutes, secs = divmod(int(round(seconds)), 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:d}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"


def rate_text(rate: Optional[float]) -> str:
    """tqdm's: '9.8 it/s', or '1.3 s/it' when slower than one a second."""
    if not rate:
        return ""
    return f", {rate:.1f} it/s" if rate >= 1 else f", {1 / rate:.1f} s/it"


def bar_line(percent: float, text: str, elapsed: float, step: Optional[Step], width: int) -> str:
    """'Fitting the change network:  52%|##########     | 120/300 [00:12<00:08, 9.8 it/s]'
    (the bar is the whole run's; the counts and times are the fit's), within width."""
    percent = min(max(percent, 0.0), 100.0)
    head = f"{text}: {percent:3.0f}%|"
    if step is None:
        tail = f"| [{clock_text(elapsed)}]"
    else:
        left = "?" if step.left is None else clock_text(step.left)
        tail = f"| {step.done}/{step.total} [{clock_text(step.elapsed)}<{left}{rate_text(step.rate)}]"
    room = min(max(width - len(head) - len(tail), MIN_BAR), MAX_BAR)
    filled = int(percent / 100 * room)
    return f"{head}{'#' * filled}{' ' * (room - filled)}{tail}"[:width]


def plain_line(percent: float, text: str, step: Optional[Step]) -> str:
    """'progress: 52%, Fitting: iteration 120 of 300, about 8 s left'."""
    return f"progress: {percent:.0f}%, {step.text() if step is not None else text}"


def _width(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 0
    return (columns or 80) - 1  # never the last column: a wrapped line cannot be redrawn


class TerminalProgress:
    """The progress callable (percent, text) and the fit's steps callable (step) of a
    command; close() ends the bar's line."""

    def __init__(self, stream: TextIO = sys.stderr, clock: Callable[[], float] = time.monotonic,
                 tty: Optional[bool] = None):
        self.stream = stream
        self.tty = stream.isatty() if tty is None else tty
        self.clock = clock
        self.start = self._last_drawn = clock()
        self._last_plain = self.start
        self._shown = 0   # length of the line on screen (0: none)
        self._step: Optional[Step] = None
        self._percent, self._text = 0.0, ""

    def step(self, step: Step) -> None:
        self._step = step

    def __call__(self, percent: float, text: str) -> None:
        if self._step is not None and self._step.title != text:
            self._step = None  # the iterating stage is over
        changed = text != self._text
        self._percent, self._text = percent, text
        now = self.clock()
        if self.tty:
            ends = self._step is not None and self._step.done in (1, self._step.total)  # the fit's first, last
            if changed or ends or now - self._last_drawn >= REDRAW_EVERY_S:
                self._draw(now)
        elif now - self._last_plain >= PLAIN_EVERY_S:
            self._last_plain = now
            self.stream.write(plain_line(percent, text, self._step) + "\n")
            self.stream.flush()

    def _draw(self, now: float) -> None:
        self._last_drawn = now
        line = bar_line(self._percent, self._text, now - self.start, self._step, _width(self.stream))
        self.stream.write("\r" + line + " " * max(self._shown - len(line), 0))
        self.stream.flush()
        self._shown = len(line)

    def close(self) -> None:
        """End the bar's line (the next output starts on its own line); again: nothing."""
        if self._shown:
            self.stream.write("\n")
            self.stream.flush()
        self._shown = 0
