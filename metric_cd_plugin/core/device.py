"""Compute device choice and out-of-memory detection."""
import torch

from .errors import DeviceError


def choose_device(name: str) -> torch.device:
    name = (name or "auto").lower()
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cpu":
        return torch.device("cpu")
    if name == "cuda":
        if not torch.cuda.is_available():
            raise DeviceError("CUDA was requested but this PyTorch has no usable CUDA device; "
                              "choose device 'cpu' or 'auto', or install a CUDA build of PyTorch.")
        return torch.device("cuda")
    raise DeviceError(f"Unknown device '{name}'; choose auto, cpu or cuda.")


def describe(device: torch.device) -> str:
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)})"
    return f"cpu ({torch.get_num_threads()} threads)"


def is_out_of_memory(exc: BaseException) -> bool:
    oom = getattr(torch.cuda, "OutOfMemoryError", ())
    return (oom and isinstance(exc, oom)) or (isinstance(exc, RuntimeError) and "out of memory" in str(exc))


def release(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.empty_cache()
