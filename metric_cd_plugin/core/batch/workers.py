"""What a Dask cluster must offer before any pair or tile is sent to it, each refused up front
with one line that says what to do: at least one worker (waited for a bounded time: workers
may start after their scheduler), and a scheduler and workers that import this plugin, of
this version (PyTorch too for the deep method). Dask itself would otherwise fail every task
with a deserialisation traceback, or wait for workers forever."""
from typing import Any, Dict, Optional

from .. import __version__
from ..errors import InputError

# evaluated on the scheduler and on each worker (builtins travel by name, so no plugin code is
# shipped): what the tasks import, and the plugin's version
PLUGIN_CHECK = ("(__import__('metric_cd_plugin.core.batch.cluster'), "
                "__import__('metric_cd_plugin.core', fromlist=['__version__']).__version__)[1]")
TORCH_CHECK = "__import__('torch').__version__"
INSTALL = ("install it in the Python environment of the scheduler and of every worker (pip install "
           "/path/to/metric-cd, or `make setup` there: docs/batch.md), then restart them")


def wait_for_workers(client: Any, address: str, seconds: float) -> None:
    try:
        client.wait_for_workers(1, timeout=seconds)
    except TimeoutError:
        raise InputError(f"The Dask scheduler at '{address}' has no worker (waited {seconds:g} s); start workers "
                         f"for it (dask worker {address} --nthreads 1) or raise --wait-for-workers, then run "
                         "again.") from None


def _first_failure(answers: Dict[str, Any]) -> Optional[str]:
    bad = next(((who, a) for who, a in answers.items() if isinstance(a, BaseException)), None)
    if bad is None:
        return None
    who, exc = bad
    return f"{who}: {type(exc).__name__}: {exc}".splitlines()[0]


def _answers(client: Any, expression: str) -> Dict[str, Any]:
    """expression evaluated on the scheduler and on every worker; an exception is an answer."""
    try:
        found = {"the scheduler": client.run_on_scheduler(eval, expression)}
    except Exception as exc:  # noqa: B902 - whatever the scheduler's Python raised
        found = {"the scheduler": exc}
    found.update({f"worker {w}": a for w, a in client.run(eval, expression, on_error="return").items()})
    return found


def check_cluster(client: Any, address: str, deep: bool) -> None:
    """Refuse a cluster whose scheduler or workers cannot run the plugin's tasks."""
    answers = _answers(client, PLUGIN_CHECK)
    failure = _first_failure(answers)
    if failure:
        raise InputError(f"The Dask cluster at '{address}' cannot import the Metric-CD plugin ({failure}); "
                         f"{INSTALL}.")
    other = {w: v for w, v in answers.items() if v != __version__}
    if other:
        who, version = next(iter(other.items()))
        raise InputError(f"The Dask cluster at '{address}' runs Metric-CD {version} ({who}) while this is "
                         f"{__version__}; install the same version there, then restart it.")
    if deep:
        failure = _first_failure({w: a for w, a in _answers(client, TORCH_CHECK).items() if w != "the scheduler"})
        if failure:
            raise InputError(f"The Dask workers at '{address}' cannot import PyTorch, which the deep method needs "
                             f"({failure}); install it where they run, or choose a classical method.")
