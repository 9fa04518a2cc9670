"""What a support request needs to know, as an ordered dict and as text: versions of QGIS,
GDAL, numpy, Python and PyTorch, the CUDA device, the weights and the plugin's folders.
Qt-free; gui/diagnostics_dialog.py shows it."""
import os
import sys
from typing import Dict, Optional

from ..core import __version__
from ..core.deep import weights
from ..core.errors import MetricCDError
from .pip_command import TORCH_VERSION, nvidia_smi_output, parse_driver_version
from .python_interpreter import find_python


def _module_version(name: str) -> str:
    try:
        module = __import__(name, fromlist=["__version__"])
    except ImportError:
        return "not installed"
    return f"{getattr(module, '__version__', '?')} ({os.path.dirname(getattr(module, '__file__', '') or '')})"


def torch_facts() -> Dict[str, str]:
    """PyTorch version and CUDA state; importing torch here is the user's explicit request."""
    try:
        import torch
    except ImportError:
        return {"PyTorch": f"not installed (the deep method needs it; the installer installs {TORCH_VERSION})",
                "CUDA": "unknown without PyTorch"}
    except OSError as exc:
        return {"PyTorch": f"installed but does not load ({exc})", "CUDA": "unknown"}
    facts = {"PyTorch": f"{torch.__version__} ({os.path.dirname(torch.__file__)})"}
    if torch.cuda.is_available():
        facts["CUDA"] = f"available: {torch.cuda.get_device_name(0)} (CUDA {torch.version.cuda})"
    else:
        build = f"CUDA {torch.version.cuda} build" if torch.version.cuda else "CPU-only build"
        facts["CUDA"] = f"not available ({build})"
    return facts


def collect(qgis_version: Optional[str] = None, cache_dir: Optional[str] = None,
            private_dir: Optional[str] = None) -> Dict[str, str]:
    info = {"Metric-CD": __version__, "QGIS": qgis_version or "not running inside QGIS",
            "Python": f"{sys.version.split()[0]} ({sys.executable})"}
    try:
        info["Python for pip"] = find_python()
    except MetricCDError as exc:
        info["Python for pip"] = str(exc)
    try:
        from osgeo import gdal
        info["GDAL"] = gdal.__version__
    except ImportError:
        info["GDAL"] = "not installed"
    info["numpy"] = _module_version("numpy")
    info.update(torch_facts())
    driver = parse_driver_version(nvidia_smi_output() or "")
    info["NVIDIA driver"] = ".".join(map(str, driver)) if driver else "none found"
    if private_dir:
        state = "on sys.path" if private_dir in sys.path else (
            "exists, not yet on sys.path (restart QGIS)" if os.path.isdir(private_dir) else "not created yet")
        info["Private package folder"] = f"{private_dir} ({state})"
    report = weights.cache_report(cache_dir)
    info["Weights cache"] = report["cache folder"]
    info["ImageNet VGG16 weights"] = report["imagenet feature layers"]
    info["Torch hub copy of VGG16"] = report["torch hub copy"]
    return info


def as_text(info: Dict[str, str]) -> str:
    return "\n".join(f"{key}: {value}" for key, value in info.items()) + "\n"
