"""Where an iterating stage (the fit) is, and about how long it has left: iteration i of n,
the seconds since the stage began, and the time left at the recent iterations' rate.

Qt-free and clock-injected (tests pass a fake clock). The number of iterations may change
while the stage runs (a stop once the fit has converged): each tick says the total as it
stands, and a stage may end before its total. The front ends word a Step in their own
vocabulary and language; Step.text() is the core's English (command line, logs)."""
import math
import time
from collections import deque
from dataclasses import dataclass
from typing import Callable, Deque, Optional, Tuple

RATE_WINDOW = 20  # iterations the rate is measured over: follows a change of speed, smooths the noise
STAGE_NAMES = {"fit": "Fitting"}  # the core's English name of each iterating stage's code


def shown_seconds(seconds: float) -> int:
    """A time left as worth showing: whole seconds under 20 s, then 5 s steps, then 10 s
    steps from a minute (a countdown that jitters by the second reads as noise)."""
    step = 1 if seconds < 20 else 5 if seconds < 60 else 10
    return int(max(step, step * math.ceil(seconds / step)))


def duration_words(seconds: int) -> str:
    """English: '8 s', '2 min 10 s', '3 min'."""
    if seconds < 60:
        return f"{seconds} s"
    minutes, rest = divmod(seconds, 60)
    return f"{minutes} min {rest} s" if rest else f"{minutes} min"


@dataclass(frozen=True)
class Step:
    stage: str              # the iterating stage's code ("fit")
    done: int               # iterations finished
    total: int              # iterations planned, as it stands (at least `done`)
    elapsed: float          # seconds since the stage began
    rate: Optional[float]   # iterations per second lately; None until one iteration is timed
    title: str = ""         # the stage's text as the progress callable shows it

    @property
    def left(self) -> Optional[float]:
        """Seconds left at the recent rate (0 once done, None while not known)."""
        if self.done >= self.total:
            return 0.0
        return (self.total - self.done) / self.rate if self.rate else None

    @property
    def left_shown(self) -> Optional[int]:
        """The time left rounded as the front ends show it (None: not known yet)."""
        left = self.left
        return None if left is None else shown_seconds(left)

    def text(self) -> str:
        """'Fitting: iteration 120 of 300, about 8 s left'."""
        head = f"{STAGE_NAMES.get(self.stage, self.stage)}: iteration {self.done} of {self.total}"
        if self.done >= self.total or self.left_shown is None:
            return head
        return f"{head}, about {duration_words(self.left_shown)} left"


class StepClock:
    """Times one iterating stage: each tick(done, total) gives its Step."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self._clock = clock
        self._began = clock()
        self._marks: Deque[Tuple[int, float]] = deque([(0, self._began)], maxlen=RATE_WINDOW + 1)

    def tick(self, done: int, total: int, stage: str, title: str = "") -> Step:
        now = self._clock()
        done = max(int(done), 0)
        total = max(int(total), done)
        if self._marks and done < self._marks[-1][0]:  # counted again from the start: the old rate says nothing
            self._marks.clear()
        if not self._marks or done > self._marks[-1][0]:
            self._marks.append((done, now))
        if len(self._marks) > 2 and self._marks[0][0] == 0:  # the first iteration warms up: timed alone only
            self._marks.popleft()
        (first, since), (last, until) = self._marks[0], self._marks[-1]
        rate = (last - first) / (until - since) if last > first and until > since else None
        return Step(stage, done, total, now - self._began, rate, title)
