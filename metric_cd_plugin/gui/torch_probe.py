"""Is PyTorch importable by QGIS's Python, and does it see a CUDA GPU? Imported only when
the dialog is first built (importing torch takes a second or two), never at QGIS start."""
from dataclasses import dataclass


@dataclass(frozen=True)
class TorchStatus:
    available: bool
    cuda: bool
    detail: str  # torch version and GPU name, or why torch cannot be imported


_cached = None


def probe_torch() -> TorchStatus:
    try:
        import torch
    except Exception as exc:  # ImportError, or a broken install failing on load (OSError...)
        return TorchStatus(False, False, f"{type(exc).__name__}: {exc}")
    try:
        cuda = bool(torch.cuda.is_available())
        gpu = torch.cuda.get_device_name(0) if cuda else ""
    except Exception as exc:  # a CUDA build without a usable driver
        cuda, gpu = False, str(exc)
    return TorchStatus(True, cuda, f"PyTorch {torch.__version__}" + (f", {gpu}" if gpu else ""))


def torch_status() -> TorchStatus:
    """probe_torch(), once per QGIS session."""
    global _cached
    if _cached is None:
        _cached = probe_torch()
    return _cached
