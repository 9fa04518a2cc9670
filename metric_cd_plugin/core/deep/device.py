"""Compute device choice, CPU threads for a run and out-of-memory detection."""
import os
from contextlib import contextmanager
from typing import Iterator, Optional, Union

import torch

from ..errors import DeviceError, InputError
from .request import DEVICE_NAMES, LEAVE_ONE_CORE


def choose_device(name: str) -> torch.device:
    name = (name or "auto").lower()
    if name == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    if name == "cpu":
        return torch.device("cpu")
    if name == "cuda":
        if not torch.cuda.is_available():
            raise DeviceError("CUDA was requested but this PyTorch has no usable CUDA device; "
                              "choose device 'cpu' or 'auto', or install a CUDA build of PyTorch.", code="cuda_missing")
        return torch.device("cuda")
    raise DeviceError(f"Unknown device '{name}'; choose {', '.join(DEVICE_NAMES)}.", code="device_unknown",
                      device=name, choices=", ".join(DEVICE_NAMES))


def native_bfloat16() -> bool:
    """Whether this CPU computes bfloat16 convolutions natively (oneDNN on AVX512-BF16 or AMX):
    there a D-CPG step takes about 0.6 times as long; elsewhere bfloat16 is emulated, slower
    than float32."""
    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):  # a PyTorch without the query: assume not
        return False


def choose_precision(name: str, device: Union[torch.device, str]) -> str:
    """The networks' precision for a preset's `precision`: "auto" is bfloat16 on a CPU that computes
    it natively, float32 elsewhere (CUDA included: not measured there)."""
    on_gpu = torch.device(device).type == "cuda"
    if name == "bfloat16" and on_gpu and not torch.cuda.is_bf16_supported():
        raise DeviceError("This GPU does not compute bfloat16; choose precision 'float32' or 'auto'.",
                          code="gpu_bfloat16_missing")
    if name != "auto":
        return name
    return "bfloat16" if not on_gpu and native_bfloat16() else "float32"


def describe(device: torch.device, precision: str = "float32") -> str:
    """The device as the log, the metadata and the result say it; a bfloat16 run says so (its
    probabilities differ slightly from a float32 run's: docs/design_measurements.md)."""
    low = ", bfloat16" if precision == "bfloat16" else ""
    if device.type == "cuda":
        return f"cuda ({torch.cuda.get_device_name(device)}{low})"
    return f"cpu ({torch.get_num_threads()} threads{low})"


def is_out_of_memory(exc: BaseException) -> bool:
    oom = getattr(torch.cuda, "OutOfMemoryError", ())
    return (oom and isinstance(exc, oom)) or (isinstance(exc, RuntimeError) and "out of memory" in str(exc))


def release(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.empty_cache()


def threads_leaving_one_core() -> Optional[int]:
    """For runs inside QGIS: PyTorch's default uses one thread per physical core, which
    starves the map canvas while a task fits; with 4 or more cores one is left for the
    interface. With fewer, every core is worth more than a smoother canvas (None: default)."""
    cores = torch.get_num_threads()
    return cores - 1 if cores >= 4 else None


def resolve_threads(threads: Union[int, str, None]) -> Optional[int]:
    if threads is None:
        return None
    if threads == LEAVE_ONE_CORE:
        return threads_leaving_one_core()
    try:
        value = int(threads)
    except (TypeError, ValueError):
        value = 0
    if value < 1:
        raise InputError(f"Threads '{threads}' is not a whole number of 1 or more; give how many CPU "
                         "threads to use, or leave it out for one per core.", code="threads_invalid",
                         threads=str(threads))
    return min(value, os.cpu_count() or value)  # more threads than cores only wait for each other


@contextmanager
def torch_threads(threads: Optional[int]) -> Iterator[None]:
    """PyTorch's intra-op thread count for the run, restored afterwards (it is process-wide,
    and QGIS or a caller may rely on its own setting). None keeps the current setting,
    which honours OMP_NUM_THREADS."""
    before = torch.get_num_threads()
    if threads is not None:
        torch.set_num_threads(threads)
    try:
        yield
    finally:
        torch.set_num_threads(before)
