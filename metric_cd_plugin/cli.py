"""Command-line adapter over the core: detect (Metric-CD), classical detectors, threshold
(a new mask from an existing probability), accuracy.
One-line errors and exit codes; a progress bar on a terminal, a plain line a minute elsewhere (cli_progress)."""
import argparse
import errno
import os
import signal
import sys
from contextlib import contextmanager
from types import FrameType
from typing import TYPE_CHECKING, Dict, Iterator, NoReturn, Optional, Sequence

from metric_cd_plugin.cli_area import AREA_COMMANDS, Command, add_area_commands
from metric_cd_plugin.cli_options import PER_ROW, add_cluster_options, add_run_fields, cli_words, run_values
from metric_cd_plugin.cli_progress import TerminalProgress
from metric_cd_plugin.core.errors import Cancelled, MetricCDError
from metric_cd_plugin.core.request.fields import DEEP, METHODS, fields_of
from metric_cd_plugin.core.raster.polygons import MIN_PIXELS

if TYPE_CHECKING:  # the engine is imported when a command runs
    from metric_cd_plugin.core.change import ChangeResult


FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)  # no space left, file too large, quota


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal, `timeout`, a stopped container): unwound like
    Ctrl-C, so every writer removes its temporary file."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum: int, _frame: Optional[FrameType]) -> NoReturn:
    for sig in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT):  # a second signal must not cut the clean-up
        signal.signal(sig, signal.SIG_IGN)
    raise Stopped(signum)


STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)


@contextmanager
def _stop_on_signals() -> Iterator[None]:
    """SIGTERM and SIGHUP unwind the run like Ctrl-C, for the duration of the run only: the
    caller's handlers (a test runner's, an embedding program's) are back afterwards, SIGINT's
    too (_stop ignores it while the run cleans up). Outside the main thread signals cannot be
    handled: the run goes on without."""
    import threading
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.getsignal(sig) for sig in STOP_SIGNALS}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(sig, _stop)
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler if handler is not None else signal.SIG_DFL)


class _OneLineErrors(argparse.ArgumentParser):
    """A mistyped option gets one line, like every other error, instead of the usage text."""

    def error(self, message: str) -> NoReturn:
        self.exit(2, f"error: {message}; see '{self.prog} --help'.\n")


def _parser() -> argparse.ArgumentParser:
    # the name it was started by: the `metric-cd` console script, or `python -m metric_cd_plugin`
    prog = "metric-cd" if os.path.basename(sys.argv[0] or "") == "metric-cd" else "python -m metric_cd_plugin"
    p = _OneLineErrors(prog=prog,
                       description="Unsupervised change detection between two co-registered rasters.")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("detect", help="Metric-CD deep change detection")
    add_run_fields(d, "deep")
    d.add_argument("--scheduler", default="", help="predict the tiles on the Dask cluster at this address "
                   "(tcp://host:8786), fitting here; the workers must read the inputs and the output's folder")
    add_cluster_options(d, "predict the tiles on a local Dask cluster of this many processes")

    c = sub.add_parser("classical", help="CVA, PCA-KMeans or IR-MAD")
    c.add_argument("method", choices=METHODS[1:])
    add_run_fields(c, "classical")

    t = sub.add_parser("threshold", help="a change mask (and polygons) from an existing change probability "
                       "at another threshold, without fitting again")
    t.add_argument("probability", help="change probability (or change score) GeoTIFF of an earlier run")
    t.add_argument("-o", "--output", required=True, help="change mask GeoTIFF (Byte: 1 change, 0 no change, "
                   "255 nodata)")
    t.add_argument("--threshold", default="auto", help="'auto' (the run's own) or a value in [0, 1]")
    t.add_argument("--polygons", help="also write the change polygons (GeoPackage .gpkg)")
    t.add_argument("--min-pixels", type=int, default=MIN_PIXELS,
                   help=f"smallest polygon in pixels (default {MIN_PIXELS})")
    t.add_argument("--min-area", type=float, default=0.0, help="smallest polygon in square map units")

    b = sub.add_parser("batch", help="many pairs listed in a CSV manifest, on a Dask cluster")
    b.add_argument("manifest", help="CSV with a header row: t1,t2,output and optional columns "
                   "(name, method, mask, polygons, min_area, extent, bands1, bands2, seed, ...); see docs/batch.md")
    add_run_fields(b, "batch", skip=PER_ROW)  # the defaults of the rows that leave a column empty
    b.add_argument("--scheduler", default="", help="address of a running Dask scheduler (tcp://host:8786); "
                   "empty (default) = a cluster of local worker processes sized to this machine")
    add_cluster_options(b, "worker processes of the local cluster (default: sized to the machine's cores and memory)")
    b.add_argument("--summary", help="summary CSV (default: MANIFEST_summary.csv beside the manifest)")
    b.add_argument("--rerun", action="store_true", help="run every pair, also those whose outputs are complete "
                   "for the same parameters (skipped by default)")

    a = sub.add_parser("accuracy", help="accuracy of a change raster against a reference")
    a.add_argument("change", help="change probability/score or binary mask raster")
    a.add_argument("reference", help="reference raster (0 unlabelled, 1 no change, 2 change)")
    a.add_argument("--threshold", type=float,
                   help="threshold for a probability raster (default: the one the run recorded, else 0.5)")
    a.add_argument("--kind", choices=["labels", "binary"], default="labels")
    add_area_commands(sub)  # sample, estimate (cli_area.py)
    p.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    for command in (d, c, t, b, a):  # also after the command; SUPPRESS keeps one given before it
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _detect(args: argparse.Namespace, progress: TerminalProgress) -> None:
    from metric_cd_plugin.core.change import run_change
    values = run_values(args, [f.name for f in fields_of("deep")], DEEP)
    if args.scheduler or args.workers:
        from metric_cd_plugin.core.batch.cluster import connect
        from metric_cd_plugin.core.batch.manifest import absolute_paths
        from metric_cd_plugin.core.batch.tiles import ClusterPredictor
        from metric_cd_plugin.core.request.parse import deep_request
        values = absolute_paths(values, os.getcwd())  # the workers read the inputs and write beside the output
        with connect(args.scheduler, args.workers or 1, args.wait_for_workers) as client:
            res = run_change(values, progress, predict=ClusterPredictor(client, deep_request(values)),
                             steps=progress.step)
    else:
        res = run_change(values, progress, steps=progress.step)
    _report(res, progress, f" on {res.device}")
    print(f"shift tolerance: {res.shift_tolerance_reason}")
    print(f"networks: {res.metadata['networks_reason']}")
    from metric_cd_plugin.core.deep.decision import describe_margin
    decision = describe_margin(res.metadata)
    if decision:
        print(f"decision: {decision}")
    print(res.summary.text())


def _classical(args: argparse.Namespace, progress: TerminalProgress) -> None:
    from metric_cd_plugin.core.change import run_change
    res = run_change(run_values(args, [f.name for f in fields_of("classical")], args.method), progress)
    _report(res, progress)
    print(res.summary.text())


def _report(res: "ChangeResult", progress: TerminalProgress, where: str = "") -> None:
    """What every run prints: its notes, what it wrote, the threshold, alignment and data kind."""
    progress.close()
    for note in res.notes:
        print(f"{'warning' if note.warning else 'note'}: {cli_words(note)}", file=sys.stderr)
    written = [p for p in (res.output, res.mask) if p]
    polygons = f" and {res.polygons} ({res.polygon_count} polygons)" if res.polygons else ""
    seconds = f" in {res.seconds['total']:.1f} s" if res.seconds else ""
    print(f"wrote {' and '.join(written)}{polygons}{seconds}{where}; threshold {res.threshold:.3f} "
          f"({res.threshold_rule})")
    print(res.alignment)
    print(f"data kind: {res.data_kind_reason}")


def _threshold(args: argparse.Namespace, progress: TerminalProgress) -> None:
    from metric_cd_plugin.core.raster.rethreshold import rethreshold
    res = rethreshold(args.probability, args.output, args.threshold, args.polygons, args.min_area,
                      args.min_pixels, progress=progress)
    progress.close()
    share = 100.0 * res.changed_pixels / max(res.valid_pixels, 1)
    print(f"wrote {res.mask}" + (f" and {res.polygons} ({res.polygon_count} polygons)" if res.polygons else "")
          + f"; threshold {res.threshold:.3f} ({res.origin}); {res.changed_pixels} changed pixels "
          f"({share:.2f} % of the valid ones)")


def _batch(args: argparse.Namespace, progress: TerminalProgress) -> Optional[int]:
    import os
    from metric_cd_plugin.core.batch import summary
    from metric_cd_plugin.core.batch.cluster import run_batch
    from metric_cd_plugin.core.batch.guard import check_batch_outputs
    from metric_cd_plugin.core.batch.manifest import DEFAULTS, absolute_paths, read_manifest
    # the command line's paths are relative to where it was typed, for workers anywhere
    defaults = absolute_paths(run_values(args, [k for k in DEFAULTS if k not in PER_ROW]), os.getcwd())
    jobs = read_manifest(args.manifest, defaults)
    path = args.summary or os.path.splitext(args.manifest)[0] + "_summary.csv"
    check_batch_outputs(jobs, args.manifest, path)  # every collision at once, before any pair runs
    run = run_batch(jobs, args.scheduler, args.workers, not args.rerun, progress,
                    lambda line: print(line, file=sys.stderr), args.wait_for_workers)
    progress.close()
    summary.write_csv(run.results, path)
    print(summary.table(run.results))
    print(f"summary written to {path}")
    if run.cancelled:  # the words and exit code of a single run stopped the same way
        how = f"stopped ({signal.Signals(run.signal).name})" if run.signal else "cancelled"
        print(f"error: The batch was {how}; finished pairs were kept, the others wrote nothing. Run it "
              "again to go on: finished pairs are skipped.", file=sys.stderr)
        return 128 + run.signal if run.signal else 130
    failed = sum(r.status == "failed" for r in run.results)
    if failed:
        raise MetricCDError(f"{failed} of {len(run.results)} pairs failed; the summary says why, the others "
                            "were written. Fix them and run the batch again: finished pairs are skipped.")
    return None


def _accuracy(args: argparse.Namespace, _progress: TerminalProgress) -> None:
    from metric_cd_plugin.core.accuracy.assess import assess_files
    from metric_cd_plugin.core.raster.metadata import stored_threshold
    threshold = args.threshold if args.threshold is not None else stored_threshold(args.change)
    acc = assess_files(args.change, args.reference, threshold, args.kind)
    for key, value in acc.as_dict().items():
        text = "n/a" if value is None else f"{value:.4f}" if isinstance(value, float) else str(value)
        print(f"{key:>18}: {text}")


def _bound_gdal_cache() -> None:
    """GDAL's default block cache is 5 % of RAM: on a 100 MP raster it fills up and hides
    that the engine itself works tile by tile. 256 MB is plenty for tiled reads and writes;
    GDAL_CACHEMAX, when set, wins."""
    if "GDAL_CACHEMAX" not in os.environ:
        from osgeo import gdal
        gdal.SetCacheMax(256 * 1024 * 1024)


def _quiet_gdal(debug: bool) -> None:
    """GDAL prints its warnings (e.g. about a damaged file) on stderr, numpy its own with
    source lines; the run's one-line message says what matters, so they are shown only with
    --debug. Errors still raise."""
    if not debug:
        import warnings
        from osgeo import gdal
        gdal.PushErrorHandler("CPLQuietErrorHandler")
        warnings.simplefilter("ignore")  # numpy's warnings print source lines; the messages say what matters


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run one command line (argv without the program name; None = sys.argv) -> exit status."""
    args = _parser().parse_args(argv)
    _bound_gdal_cache()
    _quiet_gdal(args.debug)
    progress = TerminalProgress()
    with _stop_on_signals():
        return _run(args, progress)


def _run(args: argparse.Namespace, progress: TerminalProgress) -> int:
    try:
        commands: Dict[str, Command] = {"detect": _detect, "classical": _classical, "threshold": _threshold,
                                        "accuracy": _accuracy, "batch": _batch, **AREA_COMMANDS}
        return commands[args.command](args, progress) or 0
    except KeyboardInterrupt as exc:
        progress.close()
        from metric_cd_plugin.core.raster.destinations import remove_stale_temporaries
        for target in (getattr(args, "output", None), getattr(args, "mask", None)):
            if target:  # what an interrupted writer had no time to remove
                remove_stale_temporaries(os.path.realpath(target), own=True)
        if isinstance(exc, Stopped):
            name = signal.Signals(exc.signum).name
            print(f"error: The run was stopped ({name}); no output was written.", file=sys.stderr)
            return 128 + exc.signum
        print("error: " + str(Cancelled()), file=sys.stderr)
        return 130
    except MetricCDError as exc:
        progress.close()
        print(f"error: {cli_words(exc)}", file=sys.stderr)
        return 1
    except Exception as exc:  # a bug: one line for users, the traceback with --debug
        progress.close()
        if isinstance(exc, OSError) and exc.errno in FULL and not args.debug:  # a full disk, met anywhere
            print(f"error: writing a file failed ({exc}); the disk may be full or the file too large for it: "
                  "free some space or choose another folder.", file=sys.stderr)  # (Debian's torch writes on import)
            return 1
        if args.debug:
            raise
        print(f"error: unexpected failure ({type(exc).__name__}: {exc}); rerun with --debug "
              "and report it", file=sys.stderr)
        return 2
