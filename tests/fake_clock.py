"""A clock the test moves by hand (time.monotonic's stand-in for progress estimates): no
sleeps, nothing measured."""


class FakeClock:
    def __init__(self, now: float = 0.0):
        self.now = now

    def __call__(self) -> float:
        return self.now
