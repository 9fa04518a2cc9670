"""Import torch on demand, or fail with MissingDependency: code "torch_missing" (or
"torch_broken") and the running Python as parameters, so that each front end says how to
install it in its own words (the command line: a pip command; QGIS: its installer, see
processing_provider/core_bridge.py). The core's own sentence is the command line's."""
import sys
from types import ModuleType

from ..errors import MissingDependency

CLASSICAL_STILL_WORK = "The classical methods (CVA, PCA-KMeans, IR-MAD) work without it."


def _quoted(path: str) -> str:
    return f'"{path}"' if " " in path else path


def install_message(python: str = sys.executable) -> str:
    """The core's (and the command line's) words for a missing PyTorch."""
    return (f"PyTorch is not installed for this Python ({python}). Run: {_quoted(python)} -m pip install torch. "
            f"{CLASSICAL_STILL_WORK}")


def require_torch() -> ModuleType:
    """Return the torch module, or raise MissingDependency with install instructions."""
    try:
        import torch
    except ImportError:
        raise MissingDependency(install_message(), "torch_missing", python=sys.executable) from None
    except OSError as exc:  # a wheel whose native libraries do not load (e.g. a missing DLL)
        raise MissingDependency(f"PyTorch is installed but does not load ({exc}). Reinstall it. Run: "
                                f"{_quoted(sys.executable)} -m pip install torch.", "torch_broken",
                                python=sys.executable, detail=str(exc)) from None
    return torch
