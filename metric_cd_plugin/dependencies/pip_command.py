"""The pip command that installs PyTorch into the plugin-private directory.

pip runs with --target (so QGIS's own site-packages are never written to), binary wheels
only, and a constraints file that pins the packages QGIS already imports (numpy and
torch's own dependencies) at their installed versions: pip installs those versions or
fails, it never brings a different numpy into QGIS."""
import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess  # nosec B404 # only to run nvidia-smi, with an argument list and no shell
import sys
from dataclasses import dataclass
from typing import Dict, Iterable, List, Optional, Tuple

TORCH_VERSION = "2.13.0"  # the version the plugin is tested with
PYPI_INDEX = "https://pypi.org/simple"  # torch's dependencies, at the pinned versions
CPU_INDEX = "https://download.pytorch.org/whl/cpu"
# installed packages pinned when present: numpy, and torch's dependencies and theirs. Not MarkupSafe
# (jinja2's, compiled): Debian 13's 2.1.5 has no wheel for its Python 3.13, and pinning it made
# pip fail; the copy pip puts in the target is never imported, QGIS's own comes first.
PINNED_IF_PRESENT = ("numpy", "typing_extensions", "sympy", "networkx", "jinja2", "filelock", "fsspec",
                     "mpmath", "setuptools")


@dataclass(frozen=True)
class WheelIndex:
    tag: str                        # "cpu", "cu126", ...
    url: str
    torch_version: str              # newest torch published there that we install
    min_driver_linux: Tuple[int, ...] = ()
    min_driver_windows: Tuple[int, ...] = ()


CPU = WheelIndex("cpu", CPU_INDEX, TORCH_VERSION)
# Newest first. Minimum drivers: NVIDIA's CUDA toolkit release notes (GA releases). Older
# toolkits are served by the last torch release built for them (cu124: 2.6.0, cu121:
# 2.5.1, cu118: 2.7.1), so an old driver still gets a CUDA build. torch 2.13.0 builds seen
# in public projects: +cu126, +cu129 and +cu130 (PyPI's default); no +cu128.
CUDA_INDEXES = [
    WheelIndex("cu130", "https://download.pytorch.org/whl/cu130", TORCH_VERSION, (580, 65, 6), (580, 88)),
    WheelIndex("cu129", "https://download.pytorch.org/whl/cu129", TORCH_VERSION, (575, 51, 3), (576, 2)),
    WheelIndex("cu126", "https://download.pytorch.org/whl/cu126", TORCH_VERSION, (560, 28, 3), (560, 76)),
    WheelIndex("cu118", "https://download.pytorch.org/whl/cu118", "2.7.1", (520, 61, 5), (520, 6)),
]


def parse_driver_version(text: str) -> Optional[Tuple[int, ...]]:
    """Driver version from `nvidia-smi` output: the query form ("550.54.14, NVIDIA ...") or
    the banner ("Driver Version: 537.58   CUDA Version: 12.2"); None when absent."""
    match = re.search(r"Driver Version:\s*(\d+(?:\.\d+)+)", text or "")
    if match is None:
        match = re.search(r"^\s*(\d+\.\d+(?:\.\d+)?)\s*(?:,|$)", text or "", re.MULTILINE)
    return tuple(int(part) for part in match.group(1).split(".")) if match else None


def nvidia_smi_output() -> Optional[str]:
    """`nvidia-smi --query-gpu=driver_version,name` output, or None without a driver."""
    candidates = [shutil.which("nvidia-smi")]
    if sys.platform == "win32":  # not always on PATH
        candidates.append(os.path.join(os.environ.get("ProgramFiles", r"C:\Program Files"),
                                       "NVIDIA Corporation", "NVSMI", "nvidia-smi.exe"))
    for exe in filter(None, candidates):
        try:
            # B603 waived: a fixed argument list, no shell; exe is nvidia-smi found on PATH or in its install folder
            done = subprocess.run([exe, "--query-gpu=driver_version,name", "--format=csv,noheader"],  # nosec B603
                                  capture_output=True, text=True, timeout=20)
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout
    return None


def cuda_index_for_driver(driver: Optional[Tuple[int, ...]], windows: bool) -> Optional[WheelIndex]:
    """The newest CUDA build this driver runs, or None (no driver, or too old)."""
    if not driver:
        return None
    for index in CUDA_INDEXES:
        if driver >= (index.min_driver_windows if windows else index.min_driver_linux):
            return index
    return None


def installed_versions(names: Iterable[str] = PINNED_IF_PRESENT) -> Dict[str, str]:
    """Versions of those packages importable here (the QGIS process); absent ones skipped."""
    versions = {}
    for name in names:
        try:
            versions[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            continue
    return versions


def constraints_text(versions: Dict[str, str]) -> str:
    lines = ["# Packages QGIS already imports, pinned so pip never installs other versions"]
    return "\n".join(lines + [f"{name}=={version}" for name, version in sorted(versions.items())]) + "\n"


@dataclass(frozen=True)
class InstallPlan:
    python: str
    target: str
    requirement: str                 # e.g. "torch==2.13.0"
    constraints: str                 # path of the constraints file
    index_url: Optional[str] = CPU_INDEX   # None: --no-index (with find_links)
    extra_index_url: Optional[str] = PYPI_INDEX
    find_links: Optional[str] = None

    def arguments(self) -> List[str]:
        """The arguments after the interpreter (for QProcess, which takes them apart)."""
        args = ["-m", "pip", "install", "--target", self.target, "--upgrade", "--only-binary", ":all:",
                "--constraint", self.constraints, "--disable-pip-version-check", "--no-input",
                "--progress-bar", "off"]
        if self.index_url is None:
            args.append("--no-index")
        else:
            args += ["--index-url", self.index_url]
            if self.extra_index_url:
                args += ["--extra-index-url", self.extra_index_url]
        if self.find_links:
            args += ["--find-links", self.find_links]
        return args + [self.requirement]

    def command(self) -> List[str]:
        return [self.python] + self.arguments()


def shell_text(command: List[str]) -> str:
    """The command as one line a user can paste into their shell: quoted where a path holds
    spaces or shell characters (cmd.exe's rules on Windows)."""
    return subprocess.list2cmdline(command) if sys.platform == "win32" else shlex.join(command)


def torch_plan(python: str, target: str, index: WheelIndex, workdir: str,
               versions: Optional[Dict[str, str]] = None) -> InstallPlan:
    """Write the constraints file into workdir and return the plan for torch from `index`."""
    constraints = os.path.join(workdir, "metric_cd_constraints.txt")
    with open(constraints, "w", encoding="utf-8") as stream:
        stream.write(constraints_text(installed_versions() if versions is None else versions))
    return InstallPlan(python, target, f"torch=={index.torch_version}", constraints, index.url)


def remove_failed_install(target: str, existed_before: bool) -> bool:
    """After a failed or cancelled run: delete the target only if this run created it."""
    if existed_before or not os.path.isdir(target):
        return False
    shutil.rmtree(target, ignore_errors=True)
    return True
