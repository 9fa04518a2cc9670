"""One pair of a batch, without Dask: run it through core.change.run_change, the entry of
`detect` and `classical` (so the same outputs, metadata, polygons and atomic writes), tell whether
its outputs are already complete for the same options and inputs (resume), and measure the
changed area. A worker calls run_pair(); the driver calls is_complete()."""
import os
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, List, Optional, Tuple

import numpy as np
from osgeo import gdal

from ..thresholds import is_change
from ..errors import Cancelled, MetricCDError
from ..progress import CancelFn, ProgressFn
from ..raster.destinations import remove_stale_temporaries, write_target
from ..raster.metadata import read_run_metadata
from .fingerprint import KEY, fingerprint, same_run
from .manifest import PairJob

if TYPE_CHECKING:
    from ..change import Note


@dataclass
class PairResult:
    row: int
    name: str
    status: str                    # "done", "skipped", "failed", "cancelled"
    seconds: float = 0.0
    reason: str = ""               # one line when failed
    changed_pixels: Optional[int] = None
    changed_area: Optional[float] = None   # square CRS units; None without georeference
    threshold: Optional[float] = None
    warnings: str = ""             # a finished pair's warnings (an unsure data kind), in the manifest's words


def job_values(job: PairJob) -> dict:
    """The row as the run schema's values (core/request)."""
    return {**job.options, "t1": job.t1, "t2": job.t2, "output": job.output}


def is_complete(job: PairJob) -> bool:
    """True when every output exists and the rasters say they were made from this row's
    options and these very inputs (their fingerprint.KEY): such a pair is skipped on a rerun."""
    if job.error or not all(os.path.isfile(p) for p in job.outputs):
        return False
    wanted = fingerprint(job)
    if wanted is None:
        return False
    for path in (job.output, job.options["mask"]):
        if not path:
            continue
        try:
            stored = read_run_metadata(path).get(KEY)
        except RuntimeError:  # unreadable: not complete
            return False
        if not same_run(stored, wanted):
            return False
    polygons = job.options["polygons"]
    # polygons are written after the rasters: older ones are from another run
    return not polygons or os.path.getmtime(polygons) >= os.path.getmtime(job.output)


def remove_leftovers(targets: List[str]) -> List[str]:
    """Temporary files beside these outputs left by killed processes of this host (a killed
    worker cannot clean up); never those of a live process (a `detect` writing the same
    output, a worker of another batch). The driver calls it, and each worker for its host."""
    return [p for target in targets for p in remove_stale_temporaries(write_target(target))]


def _changed(job: PairJob, mask: Optional[str], threshold: float) -> Tuple[int, Optional[float]]:
    """(changed pixels, changed area) from the mask, or from the probability > threshold."""
    ds = gdal.Open(mask or job.output)
    band, count = ds.GetRasterBand(1), 0
    rows = max(1, 4_000_000 // ds.RasterXSize)
    for y in range(0, ds.RasterYSize, rows):
        block = band.ReadAsArray(0, y, ds.RasterXSize, min(rows, ds.RasterYSize - y))
        # the mask's own flags, or the one counting rule on the probability (nodata -1 is never change)
        count += int(np.count_nonzero(block == 1) if mask else np.count_nonzero(is_change(block, threshold)))
    gt = ds.GetGeoTransform(can_return_null=True)
    area = None if gt is None else count * abs(gt[1] * gt[5] - gt[2] * gt[4])
    return count, area


def _manifest_words(note: "Note") -> str:
    """A run's warning for the summary: an unsure data kind names the manifest's column."""
    from ..change import KIND_UNSURE, KIND_WORDS
    if note.code == KIND_UNSURE:
        taken, other = str(note.params["data_kind"]), str(note.params["other"])
        return (f"The data kind was unsure, so the rasters were compared as {KIND_WORDS[taken]}; if they are "
                f"{KIND_WORDS[other]}, set this row's data_kind to {other} (or --data-kind {other} for every row).")
    return note.text


def run_pair(job: PairJob, progress: Optional[ProgressFn] = None, cancel: Optional[CancelFn] = None) -> PairResult:
    """Run one pair; a problem with it (MetricCDError) is its result, not an exception, so
    that the other pairs go on. Cancel and unexpected errors propagate."""
    t0 = time.perf_counter()
    if job.error:
        return PairResult(job.row, job.name, "failed", 0.0, job.error)
    from ..change import run_change
    try:
        stamp = fingerprint(job)  # before the run: the inputs as they were read
        res = run_change(job_values(job), progress, cancel, stamp={KEY: stamp} if stamp else None)
        pixels, area = _changed(job, res.mask, res.threshold)
        return PairResult(job.row, job.name, "done", time.perf_counter() - t0, "", pixels, area, res.threshold,
                          " ".join(_manifest_words(note) for note in res.notes if note.warning))
    except Cancelled:
        raise
    except MetricCDError as exc:
        return PairResult(job.row, job.name, "failed", time.perf_counter() - t0, str(exc))
