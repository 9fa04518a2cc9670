"""The command line called in-process (a test, an embedding program) leaves the caller's
signal handlers as it found them: its own SIGTERM/SIGHUP handlers last as long as the run."""
import os
import signal

from metric_cd_plugin.cli import main

from cli.test_cli import SAMPLE


def _mark(*_):
    pass


def test_the_callers_handlers_are_back_after_a_run_and_after_a_failure(tmp_path):
    sigint = signal.getsignal(signal.SIGINT)
    before = {sig: signal.signal(sig, _mark) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        labels = os.path.join(SAMPLE, "labels.tif")
        assert main(["accuracy", labels, labels]) == 0  # a run that succeeds
        assert main(["accuracy", str(tmp_path / "missing.tif"), labels]) == 1  # one that fails
        assert signal.getsignal(signal.SIGTERM) is _mark and signal.getsignal(signal.SIGHUP) is _mark
        assert signal.getsignal(signal.SIGINT) is sigint
    finally:
        for sig, handler in before.items():
            signal.signal(sig, handler)


def test_a_sigterm_during_the_run_stops_it_and_the_handlers_are_restored(monkeypatch, capsys):
    """The run's own handler turns SIGTERM into a clean stop (exit 128 + 15); afterwards a
    SIGTERM reaches the caller's handler again, not the CLI's."""
    received = []
    previous = signal.signal(signal.SIGTERM, lambda signum, _frame: received.append(signum))
    try:
        from metric_cd_plugin.core.accuracy import assess
        original = assess.assess_files

        def stopped_midway(*args, **kwargs):  # a real SIGTERM, sent while the command runs
            os.kill(os.getpid(), signal.SIGTERM)
            return original(*args, **kwargs)
        monkeypatch.setattr(assess, "assess_files", stopped_midway)
        labels = os.path.join(SAMPLE, "labels.tif")
        assert main(["accuracy", labels, labels]) == 128 + signal.SIGTERM
        assert "stopped (SIGTERM)" in capsys.readouterr().err and not received
        os.kill(os.getpid(), signal.SIGTERM)
        assert received == [signal.SIGTERM]
    finally:
        signal.signal(signal.SIGTERM, previous)
