"""Whether a run's memory fits before it starts: it grows with the number of bands (the
normalisation's B x B covariances and their inverse, B-band sample pixels and windows),
not with the raster's size, so a raster of thousands of bands must be refused up front
rather than run for minutes into the swap or the out-of-memory killer."""
import resource
from typing import Optional

from ..coded import Coded

SAMPLE_PIXELS = 200_000    # pixels the normalisation samples at most (deep/run.py, classical/windows.py)
WINDOW_PIXELS = 512 * 512  # the largest window read at once (the deep tile)
COPIES = 8                 # float32/float64 working copies of samples and windows, both dates
MATRICES = 6               # float64 B x B matrices alive at once (covariances, inverse, regression)
SHARE = 0.8                # of what is available: the rest for the libraries and QGIS itself
# The most bands compared at once. The widest imaging spectrometers record about 430 bands
# (AVIRIS-NG 425, PRISMA 239, EnMAP 224), and every method works on B x B band statistics
# (the normalisation's covariances, CCA, PCA): MATRICES of them take 48 MB at 1,000 bands but
# 4.8 GB at 10,000, where a run took minutes before any output. Beyond this bound a raster is
# a stack of something else (a time series, a cube of indices), not one date's spectrum.
MAX_BANDS = 1000


def estimate_bytes(nbands: int, pixels: int) -> int:
    per_band = COPIES * 4 * (min(pixels, SAMPLE_PIXELS) + min(pixels, WINDOW_PIXELS))
    return nbands * per_band + MATRICES * 8 * nbands * nbands


def _status_kib(field: str, path: str) -> Optional[int]:
    try:
        with open(path, encoding="ascii") as status:
            for line in status:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return None


def available_bytes() -> Optional[int]:
    """Memory this process may still use: the system's available memory, bounded by an
    address-space limit (ulimit -v) when one is set; None when unknown."""
    kib = _status_kib("MemAvailable", "/proc/meminfo")
    free = kib * 1024 if kib is not None else None
    soft, _ = resource.getrlimit(resource.RLIMIT_AS)
    if soft != resource.RLIM_INFINITY:
        used = (_status_kib("VmSize", "/proc/self/status") or 0) * 1024
        free = max(0, soft - used) if free is None else min(free, max(0, soft - used))
    return free


def check_band_count(nbands: int) -> Optional[Coded]:
    """A one-line refusal when more bands are compared than any one date's spectrum holds
    (MAX_BANDS): checked as soon as the bands are known, before the grids are aligned."""
    if nbands <= MAX_BANDS:
        return None
    return Coded(f"{nbands:,} bands were chosen to compare; Metric-CD compares at most {MAX_BANDS:,} (the "
                 "widest imaging spectrometers record about 430); choose the bands of one date with the band "
                 "selection (e.g. 4,3,2), or reduce them first (e.g. a PCA of the bands).", "too_many_bands",
                 {"count": nbands, "maximum": MAX_BANDS})


def check_memory(nbands: int, width: int, height: int) -> Optional[Coded]:
    """A one-line refusal when the run would not fit in memory, else None."""
    need, free = estimate_bytes(nbands, width * height), available_bytes()
    if free is None or need <= SHARE * free:
        return None
    return Coded(f"Comparing {nbands} bands would need about {need / 1e9:.1f} GB of memory and "
                 f"{free / 1e9:.1f} GB are available; choose fewer bands (the band selection, e.g. 4,3,2) "
                 "or run on a machine with more memory.", "memory_short",
                 {"bands": nbands, "need_gb": need / 1e9, "free_gb": free / 1e9})
