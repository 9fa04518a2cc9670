"""A change mask (and its polygons) rebuilt from an existing change probability at another
threshold, without fitting again. The probability is read in row strips aligned on its
blocks, so memory does not grow with the raster; the mask is written atomically with the
run's metadata plus the new threshold and where it came from."""
import math
import os
from dataclasses import dataclass
from typing import Callable, Iterator, Optional, Tuple, Union

import numpy as np
from osgeo import gdal

from ..errors import InputError
from ..coded import Coded, stage
from ..progress import CancelFn, Monitor, ProgressFn, span
from ..thresholds import (DECISION, DECISION_RULE, decision_otsu, is_change, otsu_from_histogram,
                          parse_threshold)
from .destinations import POLYGONS, RASTER, check_outputs
from .geotiff import MASK_NODATA, PROB_NODATA, AtomicGeoTiff
from .metadata import decode_run_metadata, DOMAIN
from .sources import open_raster
from .polygons import MIN_PIXELS, Smooth, check_min_area, polygonize_mask

HIST_BINS = 1000
STRIP_PIXELS = 4_000_000  # pixels read at once (16 MB of Float32)
MASK_BLOCK = 256          # the mask's block side (AtomicGeoTiff): strips end on its block rows
USER = "user value"


@dataclass
class RethresholdResult:
    mask: str
    threshold: float
    origin: str                 # how the threshold was chosen, one phrase for the user
    changed_pixels: int
    valid_pixels: int
    polygons: Optional[str] = None
    polygon_count: Optional[int] = None


def open_probability(path: str) -> gdal.Dataset:
    """The change probability (or classical change score) as a GDAL dataset; refuses what
    cannot be one: several bands, or integer data such as a 0/1 change mask."""
    ds = open_raster(path, "Change probability")
    if ds.RasterCount != 1:
        raise InputError(f"'{path}' has {ds.RasterCount} bands, so it is not a change probability (one "
                         "band in [0, 1]); choose the change probability a Metric-CD run wrote.",
                         code="probability_bands", path=path, count=ds.RasterCount)
    band = ds.GetRasterBand(1)
    if band.DataType not in (gdal.GDT_Float32, gdal.GDT_Float64):
        kind = gdal.GetDataTypeName(band.DataType)
        raise InputError(f"'{path}' holds {kind} values (a change mask?), not a change probability "
                         "(Float32 in [0, 1]); choose the change probability a Metric-CD run wrote.",
                         code="probability_type", path=path, type=kind)
    return ds


def run_metadata(ds: gdal.Dataset) -> dict:
    return decode_run_metadata(ds.GetMetadata(DOMAIN) or {})


def _strips(ds: gdal.Dataset) -> Iterator[Tuple[int, int]]:
    """(y, rows) strips of whole block rows of the probability and of the mask, about
    STRIP_PIXELS each, so that each block is read and written once and can be dropped."""
    unit = math.lcm(max(1, ds.GetRasterBand(1).GetBlockSize()[1]), MASK_BLOCK)
    rows = max(unit, (STRIP_PIXELS // max(ds.RasterXSize, 1)) // unit * unit)
    for y in range(0, ds.RasterYSize, rows):
        yield y, min(rows, ds.RasterYSize - y)


def _valid(values: np.ndarray, nodata: Optional[float]) -> np.ndarray:
    ok = np.isfinite(values) & (values != PROB_NODATA)
    return ok & (values != nodata) if nodata is not None else ok


def _checked(values: np.ndarray, valid: np.ndarray, path: str) -> None:
    bad = valid & ((values < 0.0) | (values > 1.0))
    if bad.any():
        raise InputError(f"'{path}' holds values outside [0, 1] (e.g. {float(values[bad][0]):g}), so it is not "
                         "a change probability; choose the change probability a Metric-CD run wrote.",
                         code="probability_range", path=path, value=float(values[bad][0]))


def probability_histogram(path: str, bins: int = HIST_BINS, monitor: Optional[Monitor] = None
                          ) -> Tuple[np.ndarray, np.ndarray]:
    """(counts, edges) of the valid values over [0, 1], read by strips; refuses values outside it."""
    ds = open_probability(path)
    band, nodata = ds.GetRasterBand(1), ds.GetRasterBand(1).GetNoDataValue()
    counts, edges = np.zeros(bins, np.int64), np.linspace(0.0, 1.0, bins + 1)
    strips = list(_strips(ds))
    for i, (y, rows) in enumerate(strips):
        values = band.ReadAsArray(0, y, ds.RasterXSize, rows)
        valid = _valid(values, nodata)
        _checked(values, valid, path)
        counts += np.histogram(values[valid], bins=bins, range=(0.0, 1.0))[0]
        band.FlushCache()
        if monitor is not None:
            monitor.update((i + 1) / len(strips))
    return counts, edges


def quick_histogram(path: str, bins: int = 100) -> Tuple[np.ndarray, np.ndarray]:
    """(counts, edges) over [0, 1] from GDAL's histogram, which reads the overviews of a
    large raster (approximate, fast enough for the dialog); nodata -1 falls outside."""
    # without PAM: GDAL would save the histogram in a '.aux.xml' beside the user's file
    previous = gdal.GetThreadLocalConfigOption("GDAL_PAM_ENABLED", None)
    gdal.SetThreadLocalConfigOption("GDAL_PAM_ENABLED", "NO")
    try:
        ds = open_probability(path)  # held: the band dies with its dataset
        top = 1.0 + 1.0 / (bins * 1e6)  # GDAL's last bucket excludes its upper edge; keep 1.0 in it
        counts = ds.GetRasterBand(1).GetHistogram(0.0, top, bins, include_out_of_range=0, approx_ok=1)
        ds = None
    finally:
        gdal.SetThreadLocalConfigOption("GDAL_PAM_ENABLED", previous)
    return np.asarray(counts, np.int64), np.linspace(0.0, 1.0, bins + 1)


AUTOMATIC = {  # how an automatic threshold was chosen (Coded origins; the dialog words them)
    "run_own": "automatic: the run's own ({rule})",
    "run_own_recorded": "automatic: the run's own (recorded in the file)",
    "rule": "automatic: {rule}",
    "no_valid": "automatic: 0.5 (no valid pixel)",
    "otsu_histogram": "automatic: Otsu on the histogram",
}


def _automatic(code: str, **params: object) -> Coded:
    return Coded(AUTOMATIC[code].format(**params), code, params)


def automatic_threshold(metadata: dict, histogram: Optional[Callable[[], Tuple[np.ndarray, np.ndarray]]]
                        ) -> Tuple[float, str]:
    """The run's own label-free threshold: the one it recorded, else its preset's rule (a
    Metric-CD run that used a user value), else Otsu on the histogram. histogram() is only
    called when needed (it reads the whole raster). The origin is a Coded sentence."""
    stored, rule = metadata.get("threshold"), metadata.get("threshold_rule")
    if stored is not None and rule != USER and "threshold_origin" not in metadata:
        return float(stored), _automatic("run_own", rule=rule) if rule else _automatic("run_own_recorded")
    preset_rule = (metadata.get("preset") or {}).get("threshold_rule") if isinstance(
        metadata.get("preset"), dict) else None
    if preset_rule == "decision":
        return DECISION, _automatic("rule", rule=DECISION_RULE)
    if histogram is None:  # callers give one whenever the file may lack its threshold
        raise ValueError("automatic_threshold needs the histogram: the file records no threshold")
    counts, edges = histogram()
    if preset_rule == "decision-otsu":  # deep/decision.py's rule, on this histogram
        value, how = decision_otsu(counts, edges)
        return value, _automatic("rule", rule=how)
    if counts.sum() == 0:
        return 0.5, _automatic("no_valid")
    return float(otsu_from_histogram(counts, edges)), _automatic("otsu_histogram")


def _mask_metadata(metadata: dict, path: str, threshold: float, origin: str) -> dict:
    """The run's parameters, the threshold replaced by the new one and where it came from."""
    out = dict(metadata)
    if "run_threshold" not in out and "threshold" in out:  # the first rebuild keeps the run's own
        out["run_threshold"], out["run_threshold_rule"] = out["threshold"], out.get("threshold_rule")
    out.update(threshold=threshold, threshold_rule=USER if origin == USER else str(origin),
               threshold_origin=str(origin), probability=os.path.abspath(path))
    return out


def rethreshold(probability: str, mask_output: str, threshold: Union[str, float, None] = "auto",
                polygons_output: Optional[str] = None, min_area: float = 0.0, min_pixels: int = MIN_PIXELS,
                smooth: Optional[Smooth] = None, progress: Optional[ProgressFn] = None,
                cancel: Optional[CancelFn] = None) -> RethresholdResult:
    """Write mask_output (Byte: 1 change where probability > threshold, 0 no change, 255
    nodata) and, when asked, polygons_output (see polygons.polygonize_mask). threshold:
    'auto' = the run's own, or a value in [0, 1]. Nothing is written on error or cancel."""
    value = parse_threshold(threshold)
    if polygons_output:
        check_min_area(min_area)
    check_outputs([("output", mask_output, RASTER), ("polygon output", polygons_output or None, POLYGONS)],
                  [probability])
    ds = open_probability(probability)
    metadata = run_metadata(ds)
    monitor = Monitor(progress, cancel)
    with_polygons = 50.0 if polygons_output else 100.0
    if value is None:
        def histogram() -> Tuple[np.ndarray, np.ndarray]:
            monitor.stage(0, with_polygons / 2, stage("probability_read"))
            return probability_histogram(probability, monitor=monitor)
        value, origin = automatic_threshold(metadata, histogram)
    else:
        origin = USER
    band, nodata = ds.GetRasterBand(1), ds.GetRasterBand(1).GetNoDataValue()
    mask = AtomicGeoTiff(mask_output, ds.RasterXSize, ds.RasterYSize, ds.GetGeoTransform(can_return_null=True),
                         ds.GetProjection(), gdal.GDT_Byte, MASK_NODATA, "change mask (1 = change)")
    changed = valid_count = 0
    polygon_count = None
    try:
        monitor.stage(monitor.percent, with_polygons, stage("mask"))
        strips = list(_strips(ds))
        for i, (y, rows) in enumerate(strips):
            values = band.ReadAsArray(0, y, ds.RasterXSize, rows)
            valid = _valid(values, nodata)
            _checked(values, valid, probability)
            change = valid & is_change(values, value)
            mask.write(0, y, np.where(valid, change, MASK_NODATA).astype(np.uint8))
            # each block is done with: write it out and drop it, so that memory stays one strip
            # whatever GDAL's cache size (which would otherwise fill up with the whole raster)
            band.FlushCache()
            mask.band.FlushCache()
            changed += int(np.count_nonzero(change))
            valid_count += int(np.count_nonzero(valid))
            monitor.update((i + 1) / len(strips))
        if not valid_count:
            raise InputError(f"'{probability}' holds no valid value (NaN or nodata everywhere), so there is nothing "
                             "to threshold; choose the change probability of a run that compared some pixels.",
                             code="probability_no_valid", path=probability)
        mask.finish(_mask_metadata(metadata, probability, value, origin))
        if polygons_output:
            # from the finished temporary mask, so that a failure leaves neither file
            polygon_count = polygonize_mask(mask.tmp, probability, polygons_output, min_area,
                                            progress=span(progress, with_polygons, 100.0), cancel=cancel,
                                            min_pixels=min_pixels, smooth=smooth)
        try:
            mask.publish()
        except BaseException:
            if polygons_output and os.path.exists(polygons_output):
                os.unlink(polygons_output)
            raise
    except BaseException:
        mask.abort()
        raise
    finally:
        ds = None
    return RethresholdResult(mask_output, value, origin, changed, valid_count, polygons_output, polygon_count)
