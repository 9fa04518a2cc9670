"""libtiff's own stderr line on a failed write, silenced where nobody else owns it.

GDAL built on libtiff 4.5 or later (GDAL 3.10 in QGIS 3.40) gives each TIFF its own error
handler, but its file I/O layer reports a failed seek or write ("_tiffWriteProc: File too
large.") through libtiff's global handler, which GDAL no longer sets: libtiff's default then
prints the line on stderr, above our one-line error (GDAL reports the same failure itself,
which is what the user reads). Older GDAL sets the global handler to its own at the first
TIFF it opens; then it is left alone.

So the global error handler is cleared only while it is still libtiff's default: the handler
found lies inside libtiff's own code. Where libtiff cannot be found (not Linux, or a GDAL with
its own libtiff built in) nothing is changed."""
import ctypes
import os
import threading
from typing import List, Optional, Tuple

_lock = threading.Lock()
_done = False


def _libtiff_mappings(maps: str = "/proc/self/maps") -> Tuple[Optional[str], List[Tuple[int, int]]]:
    """The path of the libtiff loaded in this process and its address ranges."""
    path, ranges = None, []
    try:
        with open(maps) as f:
            for line in f:
                parts = line.split()
                if len(parts) >= 6 and os.path.basename(parts[5]).startswith("libtiff.so"):
                    low, high = (int(x, 16) for x in parts[0].split("-"))
                    path = parts[5]
                    ranges.append((low, high))
    except OSError:
        pass
    return path, ranges


def quiet_default_error_handler() -> bool:
    """Clear libtiff's global error handler if it is still libtiff's stderr default -> whether it
    was cleared (once per process; later calls return False)."""
    global _done
    with _lock:
        if _done:
            return False
        _done = True
        path, ranges = _libtiff_mappings()
        if path is None:
            return False
        try:
            lib = ctypes.CDLL(path)
            setter = lib.TIFFSetErrorHandler
        except (OSError, AttributeError):
            return False
        setter.restype = ctypes.c_void_p
        setter.argtypes = [ctypes.c_void_p]
        previous = setter(None)
        if previous and any(low <= previous < high for low, high in ranges):
            return True
        setter(previous)  # someone else's handler (GDAL's, on older GDAL): theirs to keep
        return False
