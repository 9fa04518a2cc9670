"""Import torch on demand, or fail with a message that tells the user how to install it.

The plugin registers where its installer puts packages (set_install_location); the CLI
does not, and then the hint is a plain pip command for the running Python."""
import sys
from typing import Callable, Optional

from ..errors import MetricCDError, MissingDependency

_location = {"target": None, "find_python": None}
CLASSICAL_STILL_WORK = "The classical methods (CVA, PCA-KMeans, IR-MAD) work without it."


def set_install_location(target: Optional[str], find_python: Optional[Callable[[], str]] = None) -> None:
    """Record the plugin-private directory the installer uses, and how to find the real
    interpreter (called only when a message is built: it runs subprocesses)."""
    _location["target"], _location["find_python"] = target, find_python


def _python() -> str:
    if _location["find_python"] is not None:
        try:
            return _location["find_python"]()
        except MetricCDError:
            return "python"
    return sys.executable


def _quoted(path: str) -> str:
    return f'"{path}"' if " " in path else path


def how_to_install() -> str:
    python = _quoted(_python())
    if _location["target"]:
        return ("Use Plugins > Metric-CD > Install PyTorch..., or run: "
                f"{python} -m pip install --target {_quoted(_location['target'])} torch (then restart QGIS).")
    return f"Run: {python} -m pip install torch."


def install_message() -> str:
    where = "this QGIS" if _location["target"] else f"this Python ({sys.executable})"
    return f"PyTorch is not installed for {where}. {how_to_install()} {CLASSICAL_STILL_WORK}"


def require_torch():
    """Return the torch module, or raise MissingDependency with install instructions."""
    try:
        import torch
    except ImportError:
        raise MissingDependency(install_message()) from None
    except OSError as exc:  # a wheel whose native libraries do not load (e.g. a missing DLL)
        raise MissingDependency(f"PyTorch is installed but does not load ({exc}). Reinstall it. "
                                f"{how_to_install()}") from None
    return torch
