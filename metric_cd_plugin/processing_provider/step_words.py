"""How QGIS words the fit's progress (core/step_clock.Step) and a run's duration: through
tr(), so that the toolbox's log, the dialog's status line and the task manager read in the
user's language. The command line words a Step itself (Step.text())."""
from ..core.step_clock import Step
from ..gui.i18n import tr


def duration_text(seconds: float) -> str:
    """'8 s', '2 min 10 s', '5 min'."""
    seconds = int(round(seconds))
    if seconds < 60:
        return tr("{s} s").format(s=seconds)
    if seconds % 60 == 0:
        return tr("{m} min").format(m=seconds // 60)
    return tr("{m} min {s} s").format(m=seconds // 60, s=seconds % 60)


def step_text(step: Step) -> str:
    """'Fitting: iteration 120 of 300, about 8 s left' (no time left before one iteration
    is timed, nor after the last)."""
    stage = {"fit": tr("Fitting")}.get(step.stage, step.stage)
    left = step.left_shown
    if step.done >= step.total or left is None:
        return tr("{stage}: iteration {done} of {total}").format(stage=stage, done=step.done, total=step.total)
    return tr("{stage}: iteration {done} of {total}, about {left} left").format(
        stage=stage, done=step.done, total=step.total, left=duration_text(left))
