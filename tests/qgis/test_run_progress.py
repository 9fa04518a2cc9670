"""The fit's progress in QGIS: the dialog's status line and the task manager's description
say "Fitting: iteration i of n, about t left" during a real small run; Processing's log gets
the same line (the first and last iteration, and at most one a second between them), in
French under the French translation."""
import os
import re
import shutil
import subprocess

import pytest
from qgis.core import QgsApplication

from conftest import REPO
from fake_clock import FakeClock
from dialog_fixtures import add_raster, wait_until
from metric_cd_plugin.core.step_clock import Step
from metric_cd_plugin.processing_provider.core_bridge import steps_callback
from test_processing_runs import RecordingFeedback

FRENCH_TS = os.path.join(REPO, "i18n", "metric_cd_fr.ts")

ITERATIONS = 12
FITTING = re.compile(rf"^Fitting: iteration ([1-9]\d*) of {ITERATIONS}(, about \d+ (s|min \d+ s) left)?$")


def test_the_dialog_and_the_task_manager_show_the_iteration_and_time_left(make_dialog, square_pair, clean_project,
                                                                          tmp_path):
    t1, t2, _ = square_pair
    add_raster(t1, "before")
    add_raster(t2, "after")
    dialog, manager = make_dialog()
    dialog.settings_panel.iterations.setValue(ITERATIONS)
    dialog.settings_panel.device.setCurrentIndex(dialog.settings_panel.device.findData("cpu"))
    dialog.outputs.probability.setFilePath(str(tmp_path / "p.tif"))
    seen = []  # (status line, the descriptions of the tasks QGIS's task manager lists) as each text arrives

    def look(_text):
        task = manager.active.task if manager.active else None  # the one the task manager lists
        seen.append((dialog.status.text(), [task.description()] if task is not None else []))
    manager.stageChanged.connect(look)
    assert dialog.start_run()
    assert manager.active.task in QgsApplication.taskManager().tasks()
    assert wait_until(lambda: not manager.busy)
    assert "finished" in dialog.status.text()
    fitting = [(status, tasks) for status, tasks in seen if FITTING.match(status)]
    assert fitting, seen
    first, last = fitting[0], fitting[-1]
    assert re.match(r"Fitting: iteration 1 of 12, about \d+ (s|min \d+ s) left$", first[0])  # timed from the first
    assert last[0] == f"Fitting: iteration {ITERATIONS} of {ITERATIONS}"
    for status, tasks in fitting:
        assert f"Metric-CD: before → after — {status}" in tasks


def test_processing_reports_the_fit_in_its_log(processing_api, square_pair, tmp_path):
    t1, t2, _ = square_pair
    feedback = RecordingFeedback()
    processing_api.run("metriccd:changedetection", {"T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "p.tif"),
                                                    "ITERATIONS": ITERATIONS, "WEIGHTS": "random", "DEVICE": 1},
                       feedback=feedback)
    fitting = [text for text in feedback.texts if text.startswith("Fitting:")]
    assert fitting and all(FITTING.match(text) for text in fitting), feedback.texts
    assert fitting[0].startswith("Fitting: iteration 1 of") and fitting[-1] == "Fitting: iteration 12 of 12"
    stages = feedback.texts.index("Fitting the change network"), feedback.texts.index("Predicting change probability")
    assert stages[0] < feedback.texts.index(fitting[0]) and feedback.texts.index(fitting[-1]) < stages[1]


def test_processing_shows_at_most_one_iteration_a_second():
    clock, feedback = FakeClock(), RecordingFeedback()
    steps = steps_callback(feedback, clock=clock)
    for done in range(1, 301):
        clock.now += 0.25
        steps(Step("fit", done, 300, clock.now, 4.0))
    # the first, then one a second (every 4th iteration), and the last
    assert feedback.texts[:3] == ["Fitting: iteration 1 of 300, about 1 min 20 s left",
                                  "Fitting: iteration 5 of 300, about 1 min 20 s left",
                                  "Fitting: iteration 9 of 300, about 1 min 20 s left"]
    assert len(feedback.texts) == 76 and feedback.texts[-1] == "Fitting: iteration 300 of 300"


@pytest.mark.skipif(shutil.which("lrelease") is None, reason="lrelease is not installed (qttools5-dev-tools)")
def test_the_iteration_line_in_french(tmp_path):
    from metric_cd_plugin.gui.i18n import install_translator, remove_translator
    subprocess.run(["lrelease", "-silent", FRENCH_TS, "-qm", str(tmp_path / "metric_cd_fr.qm")], check=True)
    translator = install_translator("fr", [str(tmp_path)])
    feedback = RecordingFeedback()
    try:
        steps = steps_callback(feedback, clock=FakeClock())
        steps(Step("fit", 120, 300, 12.0, 20.0))
        steps(Step("fit", 300, 300, 30.0, 20.0))
    finally:
        remove_translator(translator)
    assert feedback.texts == ["Ajustement : itération 120 sur 300, il reste environ 9 s",
                              "Ajustement : itération 300 sur 300"]
