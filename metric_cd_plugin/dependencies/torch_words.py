"""How QGIS words the core's problems that name where something is installed: a missing or
broken PyTorch is installed here through the plugin's own installer (Plugins > Metric-CD >
Install PyTorch...) into the profile's private folder, not with the command line's pip."""
from typing import Optional

from ..core.deep.torch_check import CLASSICAL_STILL_WORK
from ..core.errors import MetricCDError, MissingDependency
from .site_dir import private_site_dir


def _quoted(path: str) -> str:
    return f'"{path}"' if " " in path else path


def _python() -> str:
    from .python_interpreter import find_python
    try:
        return find_python()
    except MissingDependency:
        return "python"


def how_to_install(folder: Optional[str] = None) -> str:
    """QGIS's words for installing PyTorch."""
    folder = folder or private_site_dir()
    if folder is None:  # QGIS without a profile folder: the command line's advice
        return f"Run: {_quoted(_python())} -m pip install torch."
    return ("Use Plugins > Metric-CD > Install PyTorch..., or run: "
            f"{_quoted(_python())} -m pip install --target {_quoted(folder)} torch (then restart QGIS).")


def qgis_text(exc: MetricCDError, folder: Optional[str] = None) -> str:
    """A core error in QGIS's words: PyTorch's by its code, every other one as the core says it.
    folder: the private package folder (default: the active profile's)."""
    code = getattr(exc, "code", "")
    if code == "torch_missing":
        return f"PyTorch is not installed for this QGIS. {how_to_install(folder)} {CLASSICAL_STILL_WORK}"
    if code == "torch_broken":
        return (f"PyTorch is installed but does not load ({exc.params.get('detail')}). Reinstall it. "
                f"{how_to_install(folder)}")
    return str(exc)
