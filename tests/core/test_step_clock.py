"""The fit's progress model: iteration i of n, elapsed and time left from the iterations'
recent rate, with a fake clock (no sleeps, no timing measured)."""
from fake_clock import FakeClock
from metric_cd_plugin.core.progress import Monitor
from metric_cd_plugin.core.step_clock import RATE_WINDOW, StepClock, duration_words, shown_seconds


def ticks(steps, clock, dones, total, seconds):
    """Iterations `dones` of `total`, `seconds` each; the last Step."""
    for done in dones:
        clock.now += seconds
        step = steps.tick(done, total, "fit")
    return step


def test_time_left_from_the_iterations_rate():
    clock = FakeClock(100.0)
    steps = StepClock(clock)
    clock.now += 2.0  # the first iteration: 2 s
    first = steps.tick(1, 300, "fit", "Fitting the change network")
    assert (first.done, first.total, first.elapsed) == (1, 300, 2.0)
    assert first.left == 299 * 2.0 and first.title == "Fitting the change network"
    clock.now += 0.05
    second = steps.tick(2, 300, "fit")  # the first iteration's warm-up no longer counts
    assert abs(second.left - 298 * 0.05) < 1e-9
    step = ticks(steps, clock, range(3, 121), 300, 0.05)
    assert abs(step.rate - 20.0) < 1e-9 and abs(step.left - 9.0) < 1e-9
    assert step.text() == "Fitting: iteration 120 of 300, about 9 s left"
    assert abs(step.elapsed - (2.0 + 119 * 0.05)) < 1e-9


def test_the_rate_follows_a_change_of_speed_within_its_window():
    clock = FakeClock(100.0)
    steps = StepClock(clock)
    ticks(steps, clock, range(1, 101), 1000, 0.1)
    step = ticks(steps, clock, range(101, 101 + RATE_WINDOW), 1000, 1.0)  # the machine got busy: 1 s each
    assert abs(step.rate - 1.0) < 1e-9 and abs(step.left - (1000 - step.done)) < 1e-9


def test_no_estimate_before_an_iteration_is_timed():
    clock = FakeClock()
    step = StepClock(clock).tick(0, 300, "fit")
    assert step.left is None and step.left_shown is None and step.rate is None
    assert step.text() == "Fitting: iteration 0 of 300"


def test_the_total_may_change_and_the_stage_may_end_early():
    clock = FakeClock(100.0)
    steps = StepClock(clock)
    step = ticks(steps, clock, range(1, 51), 300, 0.1)
    assert abs(step.left - 25.0) < 1e-9
    clock.now += 0.1
    shorter = steps.tick(51, 80, "fit")  # converged early: 80 iterations in all now
    assert shorter.total == 80 and abs(shorter.left - 2.9) < 1e-9
    clock.now += 0.1
    done = steps.tick(52, 52, "fit")  # stopped here
    assert done.left == 0.0 and done.text() == "Fitting: iteration 52 of 52"
    clock.now += 0.1
    beyond = steps.tick(53, 52, "fit")  # a total below what is done is raised to it
    assert (beyond.done, beyond.total, beyond.left) == (53, 53, 0.0)


def test_a_count_that_starts_again_forgets_the_old_rate():
    clock = FakeClock(100.0)
    steps = StepClock(clock)
    ticks(steps, clock, range(1, 11), 20, 0.1)
    clock.now += 5.0
    again = steps.tick(1, 20, "fit")
    assert again.rate is None and again.left is None
    clock.now += 0.5
    assert abs(steps.tick(2, 20, "fit").left - 9.0) < 1e-9


def test_the_time_left_is_rounded_as_shown():
    assert [shown_seconds(s) for s in (0.2, 8.0, 8.1, 19.5, 21.0, 59.0, 61.0, 129.0)] == \
        [1, 8, 9, 20, 25, 60, 70, 130]
    assert [duration_words(s) for s in (8, 60, 130)] == ["8 s", "1 min", "2 min 10 s"]


def test_the_monitor_reports_each_iteration_as_a_step_and_its_percent():
    clock, seen, steps = FakeClock(), [], []
    monitor = Monitor(lambda percent, text: seen.append((percent, text)), None, steps.append, clock)
    monitor.stage(25, 80, "Fitting the change network")
    for done in range(1, 5):
        clock.now += 0.5
        monitor.iteration(done, 4, "fit")
    assert [s.done for s in steps] == [1, 2, 3, 4] and steps[-1].left == 0.0
    assert steps[1].left == 1.0 and all(s.title == "Fitting the change network" for s in steps)
    assert seen[-1] == (80.0, "Fitting the change network") and seen[2] == (25 + 55 * 0.5, seen[2][1])
    monitor.stage(80, 95, "Predicting change probability")  # a new stage times itself afresh
    clock.now += 10.0
    monitor.iteration(1, 2, "fit")
    assert steps[-1].elapsed == 10.0


def test_without_a_steps_callable_the_monitor_reports_percent_only():
    seen = []
    monitor = Monitor(lambda percent, text: seen.append(percent))
    monitor.stage(0, 10, "x")
    monitor.iteration(5, 10, "fit")
    assert seen == [0.0, 5.0]
