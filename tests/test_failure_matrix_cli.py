"""The failure matrix through the command line: `python -m metric_cd_plugin detect` in a
subprocess, as a user runs it. A problem is exit code 1 and one line `error: ...` on
stderr naming it and the fix; a success writes exactly the outputs, well formed."""
import os
import subprocess
import sys

import pytest

from conftest import REPO
from failure_cases import CASES, ITERATIONS, case_ids
from failure_checks import Before, assert_readable, case_folder, child_env, limit_in_child  # noqa: F401


def detect(inputs, *extra, env=None):
    args = [sys.executable, "-m", "metric_cd_plugin", "detect", inputs.t1, inputs.t2, "-o", inputs.output,
            "--mask", inputs.mask, "--weights", "random", "--iterations", str(ITERATIONS), "--device", "cpu",
            *inputs.cli, *extra]
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300,
                          preexec_fn=limit_in_child(inputs.file_size_limit), env=child_env(**(env or {})))


@pytest.mark.parametrize("case", CASES, ids=case_ids())
def test_command_line(case, case_folder):  # noqa: F811
    inputs = case.make(case_folder)
    before = Before(case_folder, inputs)
    done = detect(inputs)
    lines = done.stderr.strip().splitlines()
    if case.fails:
        assert done.returncode == 1, done.stderr
        assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
        assert_readable(lines[0], *case.expected("cli"))
        before.assert_nothing_written()
    else:
        assert done.returncode == 0, done.stderr
        assert all(line.startswith("note: ") for line in lines), done.stderr  # the random-weights note
        assert done.stdout.startswith("wrote ") and case.says in done.stdout
        probability = before.assert_outputs_only()
        if case.check:
            case.check(probability)


def test_the_readme_shows_every_case():
    with open(os.path.join(REPO, "README.md"), encoding="utf-8") as readme:
        table = readme.read().split("## Failure matrix", 1)[1]
    assert [case.name for case in CASES if f"\n| {case.name} |" not in table] == []
