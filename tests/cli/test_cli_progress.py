"""The command line's progress: a tqdm-style bar on a terminal (a real `detect` on a pty),
plain occasional lines without carriage returns elsewhere."""
import fcntl
import io
import os
import pty
import re
import struct
import subprocess
import sys
import termios

from conftest import REPO
from fake_clock import FakeClock
from metric_cd_plugin.cli_progress import PLAIN_EVERY_S, TerminalProgress
from metric_cd_plugin.core.progress import Monitor

COLUMNS = 100
DETECT = ["-m", "metric_cd_plugin", "detect", "--weights", "random", "--iterations", "12", "--device", "cpu"]
ENV = {**os.environ, "OMP_NUM_THREADS": "1"}


def _on_a_terminal(args):
    """(exit code, what the process wrote on its terminal, its stdout) with stderr on a pty
    of COLUMNS columns."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, COLUMNS, 0, 0))
    process = subprocess.Popen([sys.executable, *args], cwd=REPO, stdout=subprocess.PIPE, stderr=follower, env=ENV)
    os.close(follower)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 4096)
        except OSError:  # the process closed its end
            break
        if not chunk:
            break
        shown += chunk
    stdout, _ = process.communicate(timeout=600)
    os.close(leader)
    return process.returncode, shown.decode(), stdout.decode()


def test_a_terminal_shows_the_fits_iterations_and_time_left_and_the_line_ends(square_pair, tmp_path):
    t1, t2, _ = square_pair
    code, shown, stdout = _on_a_terminal([*DETECT[:3], t1, t2, "-o", str(tmp_path / "p.tif"), *DETECT[3:]])
    assert code == 0, shown
    lines = shown.replace("\r\n", "\n").split("\n")
    assert lines[-1] == ""  # everything written ends with a newline
    bars = [line for line in lines if "%|" in line]
    assert len(bars) == 1, shown  # one line, redrawn in place, then ended
    frames = [frame.rstrip() for frame in bars[0].split("\r") if frame]
    assert all(len(frame) < COLUMNS for frame in frames)  # never wraps, so \r redraws it
    fit = [frame for frame in frames if frame.startswith("Fitting the change network: ")]
    counts = [int(m.group(1)) for m in (re.search(r"\| (\d+)/12 \[\d\d:\d\d<(\d\d:\d\d|\?)", f) for f in fit) if m]
    assert counts and counts[-1] == 12 and counts == sorted(counts), fit
    first = [frame for frame in fit if "| 1/12 [" in frame]  # timed: the time left and the rate
    assert first and re.search(r"\| 1/12 \[\d\d:\d\d<\d\d:\d\d, [\d.]+ (it/s|s/it)\]$", first[0]), fit
    assert frames[-1].startswith("Measuring the changed area: 100%|")
    assert lines[lines.index(bars[0]) + 1].startswith("note: D-FE uses seeded random VGG16 weights")
    assert "wrote " in stdout


def test_off_a_terminal_there_is_no_bar_and_no_carriage_return(square_pair, tmp_path):
    t1, t2, _ = square_pair
    done = subprocess.run([sys.executable, *DETECT[:3], t1, t2, "-o", str(tmp_path / "p.tif"), *DETECT[3:]],
                          cwd=REPO, capture_output=True, text=True, timeout=600, env=ENV)
    assert done.returncode == 0, done.stderr
    assert "\r" not in done.stderr and "%|" not in done.stderr, done.stderr
    assert all(line.startswith(("note: ", "progress: ")) for line in done.stderr.splitlines()), done.stderr


def test_off_a_terminal_a_long_fit_says_where_it_is_once_a_minute():
    clock, stream = FakeClock(), io.StringIO()
    shown = TerminalProgress(stream, clock)
    monitor = Monitor(shown, None, shown.step, clock)
    monitor.stage(25, 80, "Fitting the change network")
    for done in range(1, 301):
        clock.now += 1.0  # 5 minutes of fit
        monitor.iteration(done, 300, "fit")
    monitor.stage(80, 95, "Predicting change probability")
    shown.close()
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue() and len(lines) == 300 // PLAIN_EVERY_S
    assert lines[0] == "progress: 36%, Fitting: iteration 60 of 300, about 4 min left"
    assert lines[-1] == "progress: 80%, Fitting: iteration 300 of 300"
