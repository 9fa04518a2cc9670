"""The failure matrix through the command line: `python -m metric_cd_plugin detect` in a
subprocess, as a user runs it. A problem is exit code 1 and one line `error: ...` on
stderr naming it and the fix; a success writes exactly the outputs, well formed."""
import os
import subprocess
import sys

import pytest

from conftest import REPO, messages
from failure_cases import CASES, ITERATIONS, case_ids
from failure_checks import Before, assert_readable, child_env, limit_in_child


def detect(inputs, *extra, env=None):
    args = [sys.executable, "-m", "metric_cd_plugin", "detect", inputs.t1, inputs.t2, "-o", inputs.output,
            "--mask", inputs.mask, "--weights", "random", "--iterations", str(ITERATIONS), "--device", "cpu",
            *inputs.cli, *extra]
    return subprocess.run(args, cwd=REPO, capture_output=True, text=True, timeout=300,
                          preexec_fn=limit_in_child(inputs.file_size_limit), env=child_env(**(env or {})))


@pytest.mark.parametrize("case", CASES, ids=case_ids())
def test_command_line(case, case_folder):
    inputs = case.make(case_folder)
    before = Before(case_folder, inputs)
    done = detect(inputs)
    lines = messages(done.stderr)  # a run slower than a minute adds plain progress lines
    if case.fails:
        assert done.returncode == 1, done.stderr
        assert len(lines) == 1 and lines[0].startswith("error: "), done.stderr
        assert_readable(lines[0], *case.expected("cli"))
        before.assert_nothing_written()
    else:
        assert done.returncode == 0, done.stderr
        # the random-weights note; a single band may leave the data kind unsure, which is said too
        assert all(line.startswith(("note: ", "warning: the data kind was unsure")) for line in lines), done.stderr
        assert done.stdout.startswith("wrote ") and case.says in done.stdout
        probability = before.assert_outputs_only()
        if case.check:
            case.check(probability)


def _matrix_rows():
    with open(os.path.join(REPO, "docs", "failure_matrix.md"), encoding="utf-8") as page:
        table = page.read().split("## Failure matrix", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in table.splitlines():
        if line.startswith("| ") and not line.startswith("| case |"):
            cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
            rows[cells[0]] = cells[1:]
    return rows


def _cell(rows, name, column):
    """A failure-matrix cell with its references followed: "same" is the column to the left,
    "as <case>" is that case's cell."""
    cell = rows[name][column]
    if cell.startswith("same") and column > 0:
        return cell + " " + _cell(rows, name, column - 1)
    if cell.startswith("as ") and cell[3:] in rows:
        return _cell(rows, cell[3:], column)
    return cell


def test_the_failure_matrix_page_says_what_each_case_shows():
    """The failure-matrix table (docs/failure_matrix.md) is what users read: each row must say
    what the tests check, in the three columns (command line, toolbox, dialog)."""
    rows = _matrix_rows()
    assert [case.name for case in CASES if case.name not in rows] == []
    for case in CASES:
        for column, path in enumerate(("cli", "toolbox", "dialog")):
            cell = _cell(rows, case.name, column)
            if path == "dialog" and case.dialog.startswith("n/a"):
                assert cell.startswith("n/a"), (case.name, cell)
            elif case.fails:
                problem, fix = case.expected(path)
                assert problem.lower() in cell.lower() and fix.lower() in cell.lower(), (case.name, path, cell)
                if path == "dialog" and case.dialog == "blocked":
                    assert cell.startswith("Run disabled"), (case.name, cell)
            else:
                assert cell.startswith("runs"), (case.name, path, cell)
