"""One pair of a batch, without Dask: run it through core.change.run_change, the entry of
`detect` and `classical` (so the same outputs, metadata, polygons and atomic writes), tell whether
its outputs are already complete for the same parameters (resume), and measure the
changed area. A worker calls run_pair(); the driver calls is_complete()."""
import glob
import json
import os
import time
from dataclasses import asdict, dataclass
from typing import Optional

import numpy as np
from osgeo import gdal

from ..thresholds import is_change
from ..errors import Cancelled, MetricCDError
from ..raster.metadata import read_run_metadata
from ..request.fields import DEEP
from .manifest import PairJob

# request fields that change how a run is computed, not what it computes
NOT_COMPARED = ("threads", "device", "cache_dir")


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


def job_values(job: PairJob) -> dict:
    """The row as the run schema's values (core/request)."""
    return {**job.options, "t1": job.t1, "t2": job.t2, "output": job.output}


def expected_request(job: PairJob) -> dict:
    """The request a run of this row stores in its outputs (as run_change builds it)."""
    from ..request.parse import classical_request, deep_request
    values = job_values(job)
    if job.options["method"] == DEEP:
        return asdict(deep_request(values))
    return {k: v for k, v in asdict(classical_request(values)).items() if k != "metadata"}


def _comparable(request: dict, job: PairJob) -> str:
    plain = json.loads(json.dumps(request))  # tuples -> lists, as read back from the file
    skip = NOT_COMPARED if job.options["mask"] else NOT_COMPARED + ("mask_output",)  # a hidden mask's name
    return json.dumps({k: v for k, v in plain.items() if k not in skip}, sort_keys=True)


def is_complete(job: PairJob) -> bool:
    """True when every output exists and the rasters say they were made from this row's
    parameters (their METRIC_CD metadata): such a pair is skipped on a rerun."""
    if job.error or not all(os.path.isfile(p) for p in job.outputs):
        return False
    expected = expected_request(job)
    for path in (job.output, job.options["mask"]):
        if not path:
            continue
        try:
            stored = read_run_metadata(path).get("request")
        except RuntimeError:  # unreadable: not complete
            return False
        if not isinstance(stored, dict):
            return False
        want = dict(expected)
        if str(want.get("weights")).lower() == "auto" and stored.get("weights") in ("imagenet", "random"):
            want["weights"] = stored["weights"]  # 'auto' was decided once by the batch that wrote it
        if _comparable(stored, job) != _comparable(want, job):
            return False
    polygons = job.options["polygons"]
    # polygons are written after the rasters: older ones are from another run
    return not polygons or os.path.getmtime(polygons) >= os.path.getmtime(job.output)


def remove_leftovers(job: PairJob) -> None:
    """Temporary files of this pair's outputs left by a worker that was killed (a killed
    process cannot clean up); called by the driver once no task of the batch writes them."""
    for out in job.outputs:
        pattern = os.path.join(os.path.dirname(out), "." + glob.escape(os.path.basename(out)) + ".*.part.*")
        for leftover in glob.glob(pattern):
            try:
                os.unlink(leftover)
            except OSError:
                pass


def _changed(job: PairJob, mask: Optional[str], threshold: float):
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


def run_pair(job: PairJob, progress=None, cancel=None) -> PairResult:
    """Run one pair; a problem with it (MetricCDError) is its result, not an exception, so
    that the other pairs go on. Cancel and unexpected errors propagate."""
    t0 = time.perf_counter()
    if job.error:
        return PairResult(job.row, job.name, "failed", 0.0, job.error)
    from ..change import run_change
    try:
        res = run_change(job_values(job), progress, cancel)
        pixels, area = _changed(job, res.mask, res.threshold)
        return PairResult(job.row, job.name, "done", time.perf_counter() - t0, "", pixels, area, res.threshold)
    except Cancelled:
        raise
    except MetricCDError as exc:
        return PairResult(job.row, job.name, "failed", time.perf_counter() - t0, str(exc))
