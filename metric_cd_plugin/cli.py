"""Command-line adapter over the core: detect (Metric-CD), classical detectors, threshold
(a new mask from an existing probability), accuracy.
One-line errors and exit codes; a progress bar only when stderr is a terminal."""
import argparse
import errno
import os
import signal
import sys
import time
from contextlib import contextmanager
from typing import Iterator, Optional, Sequence

from metric_cd_plugin.core.classical.run import METHODS
from metric_cd_plugin.core.deep.request import (DEFAULT_PRESET, DEVICE_NAMES, MAX_SHIFT, PRESET_NAMES,
                                                SHIFT_AUTO_RULE)
from metric_cd_plugin.core.errors import Cancelled, MetricCDError
from metric_cd_plugin.core.raster.polygons import MIN_PIXELS


def _bands(text):
    from metric_cd_plugin.core.batch.manifest import parse_bands
    try:
        return parse_bands(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _extent(text):
    from metric_cd_plugin.core.batch.manifest import parse_extent
    try:
        return parse_extent(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class TerminalProgress:
    """Redraws one line on a TTY; silent otherwise (logs and pipes stay clean)."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.enabled = stream.isatty()
        self.start = time.perf_counter()

    def __call__(self, percent, text):
        if not self.enabled:
            return
        filled = int(percent / 100 * 30)
        elapsed = time.perf_counter() - self.start
        self.stream.write(f"\r[{'#' * filled}{' ' * (30 - filled)}] {percent:5.1f}% {elapsed:6.1f}s {text[:40]:<40}")
        self.stream.flush()

    def close(self):
        if self.enabled:
            self.stream.write("\n")


FULL = (errno.ENOSPC, errno.EFBIG, errno.EDQUOT)  # no space left, file too large, quota
EXTENT_HELP = ("process only xmin,ymin,xmax,ymax (in T1's CRS) of the area both rasters cover; "
               "write --extent=-10,... when xmin is negative")


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal, `timeout`, a stopped container): unwound like
    Ctrl-C, so every writer removes its temporary file."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _stop(signum, _frame):
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


DATA_KIND_HELP = ("optical (compared by difference), sar (log-ratio after a 5 x 5 speckle filter) or auto "
                  "(default: polarisation band names, else 1-2 bands with pixel-to-pixel speckle)")


class _OneLineErrors(argparse.ArgumentParser):
    """A mistyped option gets one line, like every other error, instead of the usage text."""

    def error(self, message):
        self.exit(2, f"error: {message}; see '{self.prog} --help'.\n")


def _run_options(p):
    """The options of a Metric-CD run: `detect`'s, and `batch`'s defaults for every pair."""
    from metric_cd_plugin.core.raster.kind import DATA_KINDS
    p.add_argument("--preset", choices=PRESET_NAMES, default=DEFAULT_PRESET)
    p.add_argument("--device", choices=DEVICE_NAMES, default="auto")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--iterations", type=int, help="optimisation steps (default: the preset's)")
    p.add_argument("--weights", default="auto",
                   help="VGG16 weights: 'auto' (default: 'imagenet' when cached or downloadable, else 'random' "
                        "with a warning), 'imagenet' (torchvision's, downloaded once and verified; fails "
                        "offline), 'random' (offline, lower quality) or a state-dict .pth path")
    p.add_argument("--cache-dir", help="where the 'imagenet' weights are kept (default ~/.cache/metric_cd)")
    p.add_argument("--threshold", default="auto", help="'auto' or a probability in [0, 1]")
    p.add_argument("--finetune-fe", action="store_true",
                   help="also optimise the VGG16 feature extractor (much slower on CPU)")
    p.add_argument("--bands1", type=_bands, help="T1 bands, e.g. 4,3,2")
    p.add_argument("--bands2", type=_bands, help="T2 bands, e.g. 3,2,1")
    p.add_argument("--extent", type=_extent, help=EXTENT_HELP)
    p.add_argument("--data-kind", choices=DATA_KINDS, default="auto", help=DATA_KIND_HELP)
    p.add_argument("--shift-tolerance", default="auto", metavar="auto|PIXELS",
                   help="match each date within this many pixels of the other, so that misregistered or "
                        f"differently viewed texture is not change: 'auto' (default: {SHIFT_AUTO_RULE}) "
                        f"or 0-{MAX_SHIFT}")
    p.add_argument("--threads", type=int, help="CPU threads for PyTorch (default: one per physical core, "
                   "or OMP_NUM_THREADS when set)")


def _parser():
    from metric_cd_plugin.core.raster.kind import DATA_KINDS
    p = _OneLineErrors(prog="python -m metric_cd_plugin",
                       description="Unsupervised change detection between two co-registered rasters.")
    sub = p.add_subparsers(dest="command", required=True)

    d = sub.add_parser("detect", help="Metric-CD deep change detection")
    d.add_argument("t1", help="earlier raster")
    d.add_argument("t2", help="later raster")
    d.add_argument("-o", "--output", required=True, help="change probability GeoTIFF (Float32, nodata -1)")
    d.add_argument("--mask", help="change mask GeoTIFF (Byte: 1 change, 0 no change, 255 nodata)")
    _run_options(d)
    d.add_argument("--scheduler", default="", help="predict the tiles on the Dask cluster at this address "
                   "(tcp://host:8786), fitting here; the workers must read the inputs and the output's folder")
    d.add_argument("--workers", type=int, help="predict the tiles on a local Dask cluster of this many processes")

    c = sub.add_parser("classical", help="CVA, PCA-KMeans or IR-MAD")
    c.add_argument("method", choices=list(METHODS))
    c.add_argument("t1")
    c.add_argument("t2")
    c.add_argument("-o", "--output", required=True, help="change score GeoTIFF (Float32 in [0, 1], nodata -1)")
    c.add_argument("--mask", help="change mask GeoTIFF at the method's own threshold")
    c.add_argument("--bands1", type=_bands)
    c.add_argument("--bands2", type=_bands)
    c.add_argument("--extent", type=_extent, help=EXTENT_HELP)
    c.add_argument("--data-kind", choices=DATA_KINDS, default="auto", help=DATA_KIND_HELP)

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
                   "(name, method, mask, polygons, min_area, extent, bands1, bands2, seed, ...); see the README")
    b.add_argument("--method", choices=["metric-cd", "cva", "pcakmeans", "irmad"], default="metric-cd",
                   help="method of the rows that name none")
    b.add_argument("--min-area", type=float, default=0.0, help="smallest change polygon kept (square map units)")
    _run_options(b)
    b.add_argument("--scheduler", default="", help="address of a running Dask scheduler (tcp://host:8786); "
                   "empty (default) = a cluster of local worker processes sized to this machine")
    b.add_argument("--workers", type=int, help="worker processes of the local cluster (default: sized to the "
                   "machine's cores and memory)")
    b.add_argument("--summary", help="summary CSV (default: MANIFEST_summary.csv beside the manifest)")
    b.add_argument("--rerun", action="store_true", help="run every pair, also those whose outputs are complete "
                   "for the same parameters (skipped by default)")

    a = sub.add_parser("accuracy", help="accuracy of a change raster against a reference")
    a.add_argument("change", help="change probability/score or binary mask raster")
    a.add_argument("reference", help="reference raster (0 unlabelled, 1 no change, 2 change)")
    a.add_argument("--threshold", type=float,
                   help="threshold for a probability raster (default: the one the run recorded, else 0.5)")
    a.add_argument("--kind", choices=["labels", "binary"], default="labels")
    p.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    for command in (d, c, t, b, a):  # also after the command; SUPPRESS keeps one given before it
        command.add_argument("--debug", action="store_true", default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    return p


def _detect(args, progress):
    from metric_cd_plugin.core.deep.decision import describe_margin
    from metric_cd_plugin.core.deep.request import DetectionRequest
    from metric_cd_plugin.core.deep.run import detect_change
    from metric_cd_plugin.core.thresholds import parse_threshold
    req = DetectionRequest(args.t1, args.t2, args.output, args.mask, args.bands1, args.bands2,
                           args.preset, args.device, args.seed, args.iterations, args.weights,
                           parse_threshold(args.threshold), args.finetune_fe, cache_dir=args.cache_dir,
                           extent=args.extent, threads=args.threads, data_kind=args.data_kind,
                           shift_tolerance=args.shift_tolerance)
    if args.scheduler or args.workers:
        from metric_cd_plugin.core.batch.cluster import connect
        from metric_cd_plugin.core.batch.tiles import ClusterPredictor
        with connect(args.scheduler, args.workers or 1) as client:
            res = detect_change(req, progress, predict=ClusterPredictor(client, req))
    else:
        res = detect_change(req, progress)
    progress.close()
    if res.metadata.get("weights_note"):  # chosen random weights: a note; a fallback to them: a warning
        label = "note" if args.weights.strip().lower() == "random" else "warning"
        print(f"{label}: {res.metadata['weights_note']}", file=sys.stderr)
    print(f"wrote {res.output}" + (f" and {res.mask_output}" if res.mask_output else "")
          + f" in {res.seconds['total']:.1f} s on {res.device}; threshold {res.threshold:.3f} ({res.threshold_rule})")
    print(res.alignment)
    print(f"data kind: {res.metadata['data_kind_reason']}")
    print(f"shift tolerance: {res.metadata['shift_tolerance_reason']}")
    decision = describe_margin(res.metadata)
    if decision:
        print(f"decision: {decision}")
    print(res.summary.text())


def _classical(args, progress):
    from metric_cd_plugin.core.classical.output import write_classical
    from metric_cd_plugin.core.classical.request import ClassicalRequest
    request = ClassicalRequest(args.method, args.t1, args.t2, args.output, args.mask, args.bands1, args.bands2,
                               extent=args.extent, data_kind=args.data_kind)
    res = write_classical(request, progress)
    progress.close()
    print(f"wrote {args.output}" + (f" and {args.mask}" if args.mask else "") + f"; threshold {res.threshold:.3f}")
    print(f"data kind: {res.data_kind_reason}")
    print(res.summary.text())


def _threshold(args, progress):
    from metric_cd_plugin.core.raster.rethreshold import rethreshold
    res = rethreshold(args.probability, args.output, args.threshold, args.polygons, args.min_area,
                      args.min_pixels, progress=progress)
    progress.close()
    share = 100.0 * res.changed_pixels / max(res.valid_pixels, 1)
    print(f"wrote {res.mask}" + (f" and {res.polygons} ({res.polygon_count} polygons)" if res.polygons else "")
          + f"; threshold {res.threshold:.3f} ({res.origin}); {res.changed_pixels} changed pixels "
          f"({share:.2f} % of the valid ones)")


def _batch(args, progress):
    import os
    from metric_cd_plugin.core.batch import summary
    from metric_cd_plugin.core.batch.cluster import run_batch
    from metric_cd_plugin.core.batch.manifest import DEFAULTS, read_manifest
    jobs = read_manifest(args.manifest, {k: getattr(args, k) for k in DEFAULTS if hasattr(args, k)})
    run = run_batch(jobs, args.scheduler, args.workers, not args.rerun, progress,
                    lambda line: print(line, file=sys.stderr))
    progress.close()
    path = args.summary or os.path.splitext(args.manifest)[0] + "_summary.csv"
    summary.write_csv(run.results, path)
    print(summary.table(run.results))
    print(f"summary written to {path}")
    if run.cancelled:
        print("error: The batch was cancelled; finished pairs were kept, the others wrote nothing. Run it "
              "again to go on: finished pairs are skipped.", file=sys.stderr)
        return 130
    failed = sum(r.status == "failed" for r in run.results)
    if failed:
        raise MetricCDError(f"{failed} of {len(run.results)} pairs failed; the summary says why, the others "
                            "were written. Fix them and run the batch again: finished pairs are skipped.")


def _accuracy(args, _progress):
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


def _run(args, progress) -> int:
    try:
        return {"detect": _detect, "classical": _classical, "threshold": _threshold, "accuracy": _accuracy,
                "batch": _batch}[args.command](args, progress) or 0
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
        print(f"error: {exc}", file=sys.stderr)
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
