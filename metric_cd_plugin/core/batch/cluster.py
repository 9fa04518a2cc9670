"""A batch of pairs on a Dask cluster: the only module of the plugin that imports Dask, so
the plugin loads and runs without it. Each pair is one Dask task running run_pair() (the
core entry points of `detect`/`classical`) on a worker; Dask reruns the task of a worker
that dies, and an output is only renamed into place once complete, so a killed worker
loses nothing but the time spent on its pair. A cluster is checked before any pair is
sent (workers.py)."""
import os
import signal
import threading
import time
import uuid
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field, replace
from types import ModuleType
from typing import TYPE_CHECKING, Any, Callable, Dict, Iterator, List, Optional, Tuple

from ..errors import Cancelled, InputError, MetricCDError, MissingDependency
from ..request.fields import DEEP
from .manifest import PairJob
from .pair import PairResult, is_complete, remove_leftovers, run_pair
from .workers import check_cluster, wait_for_workers

if TYPE_CHECKING:  # Dask is imported when a batch runs (require_dask)
    from distributed import Client, Future

GIB = 1024 ** 3
MEMORY_PER_PAIR = 1.5 * GIB  # a deep pair peaks at ~1 GB whatever its size (tile by tile)
REPORT_EVERY_S = 0.5         # a worker's progress and cancel checks go through the scheduler
CANCEL_GRACE_S = 60.0        # how long Ctrl-C waits for running pairs to stop and clean up


@dataclass
class BatchRun:
    results: List[PairResult]
    cancelled: bool = False
    dashboard: Optional[str] = None
    workers: int = 0
    signal: Optional[int] = None  # the signal that stopped it (SIGTERM, SIGHUP); None for Ctrl-C


def require_dask() -> ModuleType:
    # Dask logs every worker event at INFO/WARNING on stderr; the batch reports what matters
    # (progress, summary). Local workers read this when they start; a cluster keeps its own.
    os.environ.setdefault("DASK_LOGGING__DISTRIBUTED", "error")
    try:
        import distributed
    except ImportError:
        raise MissingDependency("Batch runs need Dask distributed, which is not installed for this Python; "
                                "run: python -m pip install 'dask[distributed]'. Single pairs (detect, "
                                "classical) work without it.") from None
    return distributed


def local_workers(pairs: int) -> int:
    """Worker processes for an embedded cluster: one per core, as many as memory allows
    (a deep pair peaks at ~1 GB), never more than there are pairs."""
    import psutil
    cores = os.cpu_count() or 1
    return max(1, min(pairs, cores, int(psutil.virtual_memory().total // MEMORY_PER_PAIR)))


@contextmanager
def connect(scheduler: str, workers: int, wait_s: float = 60.0, deep: bool = True) -> Iterator["Client"]:
    """A Client of the cluster at `scheduler` (tcp://host:port), or of an embedded
    LocalCluster of `workers` single-threaded processes (PyTorch's threads are per pair),
    once it has a worker (waited for up to wait_s) that runs the plugin (workers.py);
    deep: PyTorch is needed there too."""
    if not scheduler and int(workers) < 1:
        raise InputError(f"{workers} is not a number of worker processes; give 1 or more.")
    distributed = require_dask()
    if scheduler:
        try:
            client = distributed.Client(scheduler, timeout="20s")
        except (OSError, TimeoutError, ValueError) as exc:
            raise InputError(f"Cannot reach the Dask scheduler at '{scheduler}' ({exc}); check the address "
                             "(tcp://host:8786) and that the scheduler is running.") from None
        with client:
            wait_for_workers(client, scheduler, wait_s)
            check_cluster(client, scheduler, deep)
            yield client
        return
    with _ctrl_c_for_driver_only():
        cluster = distributed.LocalCluster(n_workers=workers, threads_per_worker=1, processes=True,
                                           host="127.0.0.1", dashboard_address="127.0.0.1:0")
    with cluster, distributed.Client(cluster) as client:
        check_cluster(client, "this machine's local cluster", deep)
        yield client


@contextmanager
def _ctrl_c_for_driver_only() -> Iterator[None]:
    """Worker processes started in here ignore SIGINT: a terminal's Ctrl-C reaches the whole
    process group, and a worker interrupted mid-pair could not clean up; the driver tells the
    running pairs to stop instead (run_batch)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _dashboard(client: "Client", local: bool) -> Optional[str]:
    """The dashboard's address when the scheduler serves one (its pages need bokeh: an
    embedded scheduler runs in this process, so it has it only if this Python does)."""
    if "dashboard" not in client.scheduler_info().get("services", {}):
        return None
    if local:
        try:
            import bokeh  # noqa: F401
        except ImportError:
            return None
    return client.dashboard_link


class _Reporter:
    """On a worker: progress and cancel for run_pair(), through the scheduler but at most
    every REPORT_EVERY_S (a fit checks cancel between layers)."""

    def __init__(self, row: int, topic: str, event: str):
        from distributed import Event, get_worker
        self.row, self.topic, self.worker = row, topic, get_worker()
        self.event = Event(event)
        self.last_report = self.last_check = 0.0
        self.stop = False

    def progress(self, percent: float, text: str) -> None:
        now = time.monotonic()
        if now - self.last_report >= REPORT_EVERY_S:
            self.last_report = now
            # str(): msgpack takes plain str only, not a coded stage (core/coded.py)
            self.worker.log_event(self.topic, {"row": self.row, "percent": percent, "text": str(text)})

    def cancelled(self) -> bool:
        now = time.monotonic()
        if not self.stop and now - self.last_check >= REPORT_EVERY_S:
            self.last_check = now
            self.stop = self.event.is_set()
        return self.stop


def _pair_task(job: PairJob, topic: str, event: str) -> PairResult:
    reporter = _Reporter(job.row, topic, event)
    try:
        return run_pair(job, reporter.progress, reporter.cancelled)
    except Cancelled:  # a result, not a task failure for Dask to log
        return PairResult(job.row, job.name, "cancelled")


def _outcome(job: PairJob, future: "Future") -> PairResult:
    """The result of a finished future; the reason in one line when it failed."""
    from distributed import KilledWorker
    try:
        return future.result()
    except Cancelled:
        return PairResult(job.row, job.name, "cancelled")
    except KilledWorker:
        return PairResult(job.row, job.name, "failed", reason="every worker that ran this pair died (out of "
                          "memory?); check the workers' logs and memory limits.")
    except Exception as exc:  # a bug in one pair must not stop the others
        return PairResult(job.row, job.name, "failed", reason=f"unexpected failure ({type(exc).__name__}: "
                          f"{exc}); rerun this pair alone with --debug and report it")


@dataclass
class _Board:
    """What the driver knows of the running pairs, for the progress bar."""
    total: int
    done: int = 0
    running: Dict[int, float] = field(default_factory=dict)

    def percent(self) -> float:
        return 100.0 * (self.done + sum(self.running.values()) / 100.0) / max(self.total, 1)

    def text(self) -> str:
        return f"{self.done}/{self.total} pairs, {len(self.running)} running"


def run_batch(jobs: List[PairJob], scheduler: str = "", workers: Optional[int] = None, resume: bool = True,
              progress: Optional[Callable[[float, str], None]] = None,
              log: Callable[[str], None] = lambda _: None, wait_s: float = 60.0) -> BatchRun:
    """Run every job; returns one result per job in manifest order. Pairs whose outputs are
    complete for the same parameters are skipped when resume is true. Ctrl-C (KeyboardInterrupt)
    asks the running pairs to stop, waits for them to remove their temporary files, and
    returns with cancelled=True: finished pairs are kept, the others wrote nothing. wait_s: how
    long a scheduler may go without a worker."""
    if workers is not None and workers < 1:
        raise InputError(f"{workers} is not a number of worker processes; give 1 or more.")
    results = {j.row: PairResult(j.row, j.name, "skipped") for j in jobs if resume and is_complete(j)}
    pending = [j for j in jobs if j.row not in results]
    pending = [j for j in pending if not _prepare_weights(j, results, log)]
    run = BatchRun([])
    if pending:
        n = workers or local_workers(len(pending))
        if not scheduler:  # PyTorch's threads per pair: the cores shared among the local workers
            share = max(1, (os.cpu_count() or 1) // n)
            pending = [replace(j, options={**j.options, "threads": j.options["threads"] or share}) for j in pending]
        deep = any(j.options["method"] == DEEP for j in pending if not j.error)
        with connect(scheduler, n, wait_s, deep) as client:
            run.workers = len(client.scheduler_info().get("workers", {}))
            run.dashboard = _dashboard(client, not scheduler)
            if run.dashboard:
                log(f"Dask dashboard: {run.dashboard}")
            run.cancelled, run.signal = _submit_and_wait(client, pending, results, progress)
    run.results = [results[j.row] for j in jobs]
    return run


def _prepare_weights(job: PairJob, results: Dict[int, PairResult], log: Callable[[str], None]) -> bool:
    """Fetch and verify the 'imagenet' weights once, here, before workers need them (they
    read the same cache folder: local workers, or a shared one given as cache_dir); 'auto'
    is decided here too, once: 'imagenet' when it could be had, else 'random' with the
    warning in the log. True when the pair cannot run: it is then failed with the reason."""
    choice = str(job.options["weights"]).lower()
    if job.error or job.options["method"] != DEEP or choice not in ("imagenet", "auto"):
        return False
    from ..deep import weights
    try:
        if choice == "auto":
            chosen = weights.resolve_weights("auto", job.options["cache_dir"])
            job.options["weights"] = chosen.used
            if chosen.note:
                log(f"{job.name}: {chosen.note}")
        elif weights.needs_preparation("imagenet", job.options["cache_dir"]):
            weights.resolve_weights("imagenet", job.options["cache_dir"])
    except MetricCDError as exc:
        results[job.row] = PairResult(job.row, job.name, "failed", reason=str(exc))
        return True
    return False


def _submit_and_wait(client: "Client", pending: List[PairJob], results: Dict[int, PairResult],
                     progress: Optional[Callable[[float, str], None]]) -> Tuple[bool, Optional[int]]:
    """Submit the pairs and collect their results: (cancelled, the signal that stopped it)."""
    from distributed import Event
    batch = uuid.uuid4().hex[:12]
    topic, event = f"metric-cd-progress-{batch}", f"metric-cd-cancel-{batch}"
    board = _Board(len(pending))

    def on_progress(entry: Tuple[float, Dict[str, Any]]) -> None:  # (time, the message _Reporter logged)
        _, msg = entry
        if msg.get("row") in board.running:
            board.running[msg["row"]] = float(msg["percent"])
    futures: Dict["Future", PairJob] = {}
    cancelled, signum = False, None
    try:  # Ctrl-C may come while the pairs are still being submitted
        client.subscribe_topic(topic, on_progress)
        for job in pending:
            board.running[job.row] = 0.0
            futures[client.submit(_pair_task, job, topic, event, key=f"pair-{job.row}-{batch}", pure=False)] = job
        _collect(futures, results, board, progress)
    except KeyboardInterrupt as exc:  # Ctrl-C, or SIGTERM / SIGHUP unwound the same way (cli.Stopped)
        cancelled, signum = True, getattr(exc, "signum", None)
        Event(event, client=client).set()
        _cancel(client, futures, results)
        for job in pending:
            results.setdefault(job.row, PairResult(job.row, job.name, "cancelled"))
    finally:
        with suppress(ValueError):  # not subscribed yet (Ctrl-C at once)
            client.unsubscribe_topic(topic)
        # of workers killed on the way (this host's by the driver, other hosts' by their live workers)
        targets = [out for job in pending for out in job.outputs]
        with suppress(Exception):  # best effort: a worker lost meanwhile
            client.run(remove_leftovers, targets)
        remove_leftovers(targets)
    return cancelled, signum


def _collect(futures: Dict["Future", PairJob], results: Dict[int, PairResult], board: _Board,
             progress: Optional[Callable[[float, str], None]]) -> None:
    waiting = dict(futures)
    while waiting:
        for future in [f for f in waiting if f.done()]:
            job = waiting.pop(future)
            results[job.row] = _outcome(job, future)
            board.running.pop(job.row, None)
            board.done += 1
        if progress is not None:
            progress(board.percent(), board.text())
        if waiting:
            time.sleep(0.2)


def _cancel(client: "Client", futures: Dict["Future", PairJob], results: Dict[int, PairResult]) -> None:
    """After Ctrl-C: pairs not started are dropped; running ones see the cancel flag within
    REPORT_EVERY_S and remove their temporary files before their task ends."""
    from distributed import wait
    unfinished = [f for f, job in futures.items() if job.row not in results]
    try:
        wait(unfinished, timeout=CANCEL_GRACE_S)
    except TimeoutError:
        pass
    for future in unfinished:
        job = futures[future]
        results[job.row] = _outcome(job, future) if future.done() else PairResult(job.row, job.name, "cancelled")
    client.cancel(unfinished)
