"""Find the real Python interpreter behind QGIS's embedded Python, to run pip with.

sys.executable is QGIS itself on Windows (qgis-bin.exe) and macOS (QGIS.app/.../QGIS), and
running it with "-m pip" would start another QGIS. The interpreter must be the same
Python version, since pip chooses wheels for the interpreter that runs it."""
import os
import re
import subprocess  # nosec B404 # only to ask a candidate interpreter its version, argument list, no shell
import sys
from typing import List, Optional

from ..core.errors import MissingDependency

_PYTHON_NAME = re.compile(r"^python(\d+(\.\d+)?)?(\.exe)?$", re.IGNORECASE)


def looks_like_python(path: Optional[str]) -> bool:
    return path is not None and bool(_PYTHON_NAME.match(os.path.basename(path)))


def candidate_interpreters(executable: Optional[str], base_executable: Optional[str], exec_prefix: str,
                           windows: bool, version: str) -> List[str]:
    """Where the interpreter may be, most likely first (duplicates removed)."""
    found = [p for p in (executable, base_executable) if p is not None and looks_like_python(p)]
    exe_dir = os.path.dirname(executable) if executable else ""
    if windows:  # OSGeo4W: apps/Python3x/python.exe (= exec_prefix); standalone: beside qgis-bin.exe
        dirs, names = [exec_prefix, exe_dir], ["python.exe", "python3.exe"]
    else:  # Linux packages: <prefix>/bin; macOS QGIS.app: Python.framework/.../bin or Contents/MacOS/bin
        dirs = [os.path.join(exec_prefix, "bin"), os.path.join(exe_dir, "bin"), exe_dir]
        names = [f"python{version}", "python3", "python"]
    found += [os.path.join(d, n) for d in dirs if d for n in names]
    unique = []
    for path in found:
        if path not in unique:
            unique.append(path)
    return unique


def reports_version(path: str, version: str) -> bool:
    """True when `path` runs and is Python `version` (major.minor)."""
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return False
    try:
        # B603 waived: a fixed argument list, no shell; path is an executable file beside QGIS's Python
        done = subprocess.run([path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],  # nosec B603
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0 and done.stdout.strip() == version


def find_python(executable: Optional[str] = None, base_executable: Optional[str] = None,
                exec_prefix: Optional[str] = None, windows: Optional[bool] = None,
                version: Optional[str] = None) -> str:
    """The interpreter to run pip with; the arguments default to this process's values."""
    executable = sys.executable if executable is None else executable
    base_executable = getattr(sys, "_base_executable", None) if base_executable is None else base_executable
    exec_prefix = sys.exec_prefix if exec_prefix is None else exec_prefix
    windows = sys.platform == "win32" if windows is None else windows
    version = version or "%d.%d" % sys.version_info[:2]
    tried = candidate_interpreters(executable, base_executable, exec_prefix, windows, version)
    for path in tried:
        if reports_version(path, version):
            return path
    raise MissingDependency(f"No Python {version} interpreter was found beside QGIS (looked for "
                            f"{', '.join(tried)}); install PyTorch with the Python that QGIS uses "
                            "(OSGeo4W Shell on Windows), then restart QGIS.")
