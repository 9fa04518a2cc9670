"""Change mask -> GeoPackage polygons that say how strong and how large each change is.

Steps: a Byte raster of ``mask == 1`` is polygonized (4-connected, pixel edges) into a
memory layer; each polygon's index is burnt back into an Int32 raster, which is read in
row strips together with the probability to count its pixels and take the peak and mean
probability per polygon (bounded memory); polygons of at least ``min_pixels`` pixels and
``min_area`` are written, ranked, to a temporary GeoPackage beside the target, renamed over
it only when complete. The temporary rasters go to a hidden folder beside the target,
since the system temporary folder may be too small for them."""
import math
import os
import shutil
from typing import Callable, Iterator, List, Mapping, Optional, Sequence, Tuple

import numpy as np
from osgeo import gdal, ogr, osr

from ..errors import InputError
from .destinations import POLYGONS, check_outputs, temporary_beside, write_target
from .geotiff import PROB_NODATA, close_dataset, write_failed
from .libtiff_messages import quiet_default_error_handler
from ..coded import stage
from ..progress import CancelFn, Monitor, ProgressFn, signals_held
from .sources import open_raster

gdal.UseExceptions()
ogr.UseExceptions()

BLOCK_PIXELS = 4_000_000  # pixels per strip when summing probabilities (~32 MB per array)
# default smallest polygon: lone pixels and pairs are mostly noise at the mask's edge, and
# ranked among real changes they bury them (issue 15: 63 of 162 sample polygons were such)
MIN_PIXELS = 4
FIELDS = [("area", ogr.OFTReal), ("area_ha", ogr.OFTReal), ("pixels", ogr.OFTInteger64),
          ("peak_prob", ogr.OFTReal), ("mean_prob", ogr.OFTReal), ("rank", ogr.OFTInteger)]
_GTIFF = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]
# A raster without georeference: QGIS draws it one unit per pixel, row 0 at the top, from y 0
# down to -height (GDAL's default (0, 1, 0, 0, 0, 1) would put the polygons upside down below
# it), with no CRS; the GeoPackage then says "undefined Cartesian" (srs_id -1), which QGIS
# never reprojects, where GDAL's default "undefined geographic" (0) is reprojected as degrees.
UNREFERENCED_GEOTRANSFORM = (0.0, 1.0, 0.0, 0.0, 0.0, -1.0)
UNDEFINED_CARTESIAN = -1
Smooth = Callable[[ogr.Geometry], ogr.Geometry]  # reshapes a kept outline (e.g. QGIS's smoothing)
GdalCallback = Callable[[float, object, object], int]  # (fraction done, message, data) -> 0 to stop


def _strips(width: int, height: int, block_pixels: int) -> Iterator[Tuple[int, int]]:
    rows = max(1, block_pixels // max(width, 1))
    for y in range(0, height, rows):
        yield y, min(rows, height - y)


def _like(ds: gdal.Dataset, path: str, dtype: int) -> gdal.Dataset:
    quiet_default_error_handler()  # as AtomicGeoTiff: a failed write is our one-line error only
    out = gdal.GetDriverByName("GTiff").Create(path, ds.RasterXSize, ds.RasterYSize, 1, dtype, _GTIFF)
    out.SetGeoTransform(ds.GetGeoTransform(can_return_null=True) or UNREFERENCED_GEOTRANSFORM)
    out.SetProjection(ds.GetProjection())
    return out


def _change_raster(mask_ds: gdal.Dataset, path: str, block_pixels: int) -> gdal.Dataset:
    """Byte raster, 1 where the mask says change, 0 elsewhere (nodata included)."""
    out = _like(mask_ds, path, gdal.GDT_Byte)
    src, dst = mask_ds.GetRasterBand(1), out.GetRasterBand(1)
    for y, rows in _strips(mask_ds.RasterXSize, mask_ds.RasterYSize, block_pixels):
        dst.WriteArray((src.ReadAsArray(0, y, mask_ds.RasterXSize, rows) == 1).astype(np.uint8), 0, y)
    return out


def _strip_peaks(ids: np.ndarray, prob: np.ndarray, peaks: np.ndarray) -> None:
    """peaks[i] = max(peaks[i], max of prob where ids == i), without a Python loop."""
    if ids.size == 0:
        return
    order = np.lexsort((prob, ids))  # by id, then probability: each id's last entry is its max
    ids, prob = ids[order], prob[order]
    last = np.append(np.flatnonzero(np.diff(ids)), ids.size - 1)
    peaks[ids[last]] = np.maximum(peaks[ids[last]], prob[last])


def _probability_stats(ids_band: gdal.Band, prob_band: gdal.Band, count: int,
                       block_pixels: int) -> Tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(pixels, mean, peak) per polygon index 1..count (index 0 = outside): all its pixels,
    and the mean and maximum of its valid probabilities (NaN when it has none)."""
    pixels, sums, hits = np.zeros(count + 1, np.int64), np.zeros(count + 1), np.zeros(count + 1)
    peaks = np.full(count + 1, -np.inf)
    nodata = prob_band.GetNoDataValue()
    width, height = ids_band.XSize, ids_band.YSize
    for y, rows in _strips(width, height, block_pixels):
        ids = ids_band.ReadAsArray(0, y, width, rows).ravel()
        prob = prob_band.ReadAsArray(0, y, width, rows).astype(np.float64).ravel()
        pixels += np.bincount(ids, minlength=count + 1)[:count + 1]
        # -1 is never a probability or score, so it is ignored even when undeclared
        ok = np.isfinite(prob) & (prob != PROB_NODATA) & (ids > 0)
        if nodata is not None:
            ok &= prob != nodata
        sums += np.bincount(ids[ok], prob[ok], minlength=count + 1)[:count + 1]
        hits += np.bincount(ids[ok], minlength=count + 1)[:count + 1]
        _strip_peaks(ids[ok], prob[ok], peaks)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / hits
    return pixels, means, np.where(np.isfinite(peaks), peaks, np.nan)


def hectares_per_unit(srs: Optional[osr.SpatialReference]) -> Optional[float]:
    """Hectares in one square map unit, or None when the CRS has no linear unit (none, or
    geographic degrees, whose area varies with latitude)."""
    if srs is None or not srs.IsProjected():
        return None
    return srs.GetLinearUnits() ** 2 / 10_000.0


def ranks(peaks: np.ndarray, means: np.ndarray, areas: np.ndarray) -> np.ndarray:
    """1 = the strongest change: highest peak probability, then mean, then area."""
    key = [np.nan_to_num(v, nan=-1.0) for v in (areas, means, peaks)]
    order = np.lexsort([-k for k in key])  # lexsort sorts by the last key first
    out = np.empty(len(order), np.int64)
    out[order] = np.arange(1, len(order) + 1)
    return out


def _gdal_callback(progress: Optional[ProgressFn], cancel: Optional[CancelFn], start: float, end: float, text: str,
                   signals: Sequence[int] = ()) -> GdalCallback:
    """GDAL progress callback that stops the operation (returns 0) once cancel() is true or a
    signal was received (progress.signals_held); it must not raise, since GDAL would print
    the exception and fail with its own error."""
    def callback(fraction: float, _message: object, _data: object) -> int:
        if signals or (cancel is not None and cancel()):
            return 0
        if progress is not None:
            progress(start + min(max(fraction, 0.0), 1.0) * (end - start), text)
        return 1
    return callback


def _spatial_ref(ds: gdal.Dataset) -> Optional[osr.SpatialReference]:
    wkt = ds.GetProjection()
    if not wkt:
        return None
    srs = osr.SpatialReference(wkt=wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _polygonize(band: gdal.Band, srs: Optional[osr.SpatialReference], callback: GdalCallback) -> List[ogr.Geometry]:
    """Polygons of the band's nonzero pixels, as a list of OGR geometries."""
    memory = ogr.GetDriverByName("Memory").CreateDataSource("polygons")
    layer = memory.CreateLayer("polygons", srs, ogr.wkbPolygon)
    gdal.Polygonize(band, band, layer, -1, [], callback=callback)
    return [f.GetGeometryRef().Clone() for f in layer]


def _burn_ids(like_ds: gdal.Dataset, path: str, srs: Optional[osr.SpatialReference],
              polygons: Sequence[ogr.Geometry]) -> gdal.Dataset:
    """Int32 raster holding i on the pixels of polygons[i - 1] and 0 elsewhere."""
    ids = _like(like_ds, path, gdal.GDT_Int32)
    memory = ogr.GetDriverByName("Memory").CreateDataSource("index")
    layer = memory.CreateLayer("index", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("pid", ogr.OFTInteger))
    for i, geometry in enumerate(polygons, start=1):
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(geometry)
        feature.SetField("pid", i)
        layer.CreateFeature(feature)
    # pixel-centre rule: polygon edges run along pixel edges, so each pixel gets its own polygon
    gdal.RasterizeLayer(ids, [1], layer, options=["ATTRIBUTE=pid"])
    return ids


def _write_gpkg(path: str, layer_name: str, srs: Optional[osr.SpatialReference], polygons: Sequence[ogr.Geometry],
                columns: Mapping[str, np.ndarray]) -> None:
    """columns: field name -> array over the polygons written (NaN = NULL)."""
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    try:
        out = ds.CreateLayer(layer_name, srs, ogr.wkbPolygon, ["GEOMETRY_NAME=geom", "FID=fid"])
        for name, kind in FIELDS:
            out.CreateField(ogr.FieldDefn(name, kind))
        if srs is None:  # GDAL < 3.9 has no SRID creation option for this
            quoted = layer_name.replace("'", "''")  # an SQL string literal
            for table in ("gpkg_contents", "gpkg_geometry_columns"):  # constants, and the quoted layer name
                ds.ExecuteSQL(f"UPDATE {table} SET srs_id = {UNDEFINED_CARTESIAN} "  # nosec B608 # see above
                              f"WHERE table_name = '{quoted}'")
        defn = out.GetLayerDefn()
        out.StartTransaction()
        for i, geometry in enumerate(polygons):
            feature = ogr.Feature(defn)
            feature.SetGeometry(geometry)
            for name, kind in FIELDS:
                value = columns[name][i]
                if kind != ogr.OFTReal:
                    feature.SetField(name, int(value))
                elif np.isfinite(value):
                    feature.SetField(name, float(value))
            out.CreateFeature(feature)
        out.CommitTransaction()
    except BaseException:
        ds = None
        raise
    close_dataset(ds)  # SQLite commits here: a full disk must fail the run, not a destructor


def check_min_area(min_area: float) -> None:
    """A minimum polygon area is a finite number from 0 (NaN would keep every polygon, as
    no comparison with NaN is true, and infinity none); checked before any work."""
    if not (math.isfinite(min_area) and min_area >= 0):
        raise InputError(f"The minimum area {min_area:g} is not an area; give 0 or more square map units.",
                         code="min_area_invalid", min_area=min_area)


def polygonize_mask(mask_path: str, prob_path: str, out_gpkg: str, min_area: float = 0.0,
                    layer_name: str = "changes", progress: Optional[ProgressFn] = None,
                    cancel: Optional[CancelFn] = None, block_pixels: int = BLOCK_PIXELS,
                    min_pixels: int = MIN_PIXELS,
                    smooth: Optional[Smooth] = None) -> int:
    """Write the change polygons (mask value 1) of ``mask_path`` to ``out_gpkg``, with
    ``area`` (square map units), ``area_ha`` (hectares; NULL when the CRS has no linear
    unit), ``pixels``, ``peak_prob`` and ``mean_prob`` (maximum and mean of ``prob_path``
    inside, nodata and NaN ignored) and ``rank`` (1 = highest peak, then mean, then area).
    Polygons of fewer than ``min_pixels`` pixels or smaller than ``min_area`` are dropped.
    ``smooth`` (e.g. QGIS's smoothing, from an adapter) reshapes each kept outline; areas
    are those of the written outlines. Returns the number of polygons written. On error or
    cancel the target is left untouched."""
    check_min_area(min_area)
    if min_pixels < 0:
        raise InputError(f"The minimum polygon size {min_pixels} is negative; give 0 or more pixels.",
                         code="min_pixels_negative", min_pixels=min_pixels)
    check_outputs([("polygon output", out_gpkg, POLYGONS)], [mask_path, prob_path])
    mask_ds, prob_ds = open_raster(mask_path, "Change mask"), open_raster(prob_path, "Change probability")
    if (mask_ds.RasterXSize, mask_ds.RasterYSize) != (prob_ds.RasterXSize, prob_ds.RasterYSize):
        raise InputError(f"The change mask is {mask_ds.RasterXSize}x{mask_ds.RasterYSize} pixels and the "
                         f"probability {prob_ds.RasterXSize}x{prob_ds.RasterYSize}; give rasters of one grid.",
                         code="mask_probability_sizes", mask_width=mask_ds.RasterXSize,
                         mask_height=mask_ds.RasterYSize, width=prob_ds.RasterXSize, height=prob_ds.RasterYSize)
    monitor = Monitor(progress, cancel)
    target = write_target(out_gpkg)  # a symlink is written through, never replaced
    work = temporary_beside(target, "", folder=True)
    tmp_gpkg = temporary_beside(target, ".gpkg")
    os.unlink(tmp_gpkg)  # the GPKG driver refuses to create over an existing empty file
    try:
        monitor.stage(0, 10, stage("polygons_select"))
        change = _change_raster(mask_ds, os.path.join(work, "change.tif"), block_pixels)
        monitor.stage(10, 60, stage("polygons_trace"))
        srs = _spatial_ref(mask_ds)
        failed = None
        with signals_held() as signals:  # a signal is sent again as the block ends: its handler unwinds
            callback = _gdal_callback(progress, cancel, 10, 60, stage("polygons_trace"), signals)
            try:
                polygons = _polygonize(change.GetRasterBand(1), srs, callback)
            except RuntimeError as exc:
                failed = exc
        if failed is not None:
            monitor.check()  # a cancelled Polygonize fails; report it as a cancel
            raise failed
        monitor.stage(60, 75, stage("polygons_burn"))
        ids = _burn_ids(mask_ds, os.path.join(work, "ids.tif"), srs, polygons)
        monitor.stage(75, 90, stage("polygons_measure"))
        pixels, means, peaks = (a[1:] for a in _probability_stats(
            ids.GetRasterBand(1), prob_ds.GetRasterBand(1), len(polygons), block_pixels))
        ids = change = None

        monitor.stage(90, 100, stage("polygons_write"))
        keep = np.flatnonzero((np.array([g.GetArea() for g in polygons]) >= min_area) & (pixels >= min_pixels))
        kept = [polygons[i] for i in keep]
        if smooth is not None:
            kept = [smooth(g) for g in kept]
        areas = np.array([g.GetArea() for g in kept])
        per_ha = hectares_per_unit(srs)
        columns = {"area": areas, "area_ha": areas * per_ha if per_ha else np.full(len(kept), np.nan),
                   "pixels": pixels[keep], "peak_prob": peaks[keep], "mean_prob": means[keep],
                   "rank": ranks(peaks[keep], means[keep], areas)}
        _write_gpkg(tmp_gpkg, layer_name, srs, kept, columns)
        monitor.update(1.0)  # the last chance to cancel: after the rename the run is done
        os.replace(tmp_gpkg, target)
        return len(kept)
    except BaseException as exc:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(tmp_gpkg + suffix):
                os.unlink(tmp_gpkg + suffix)
        if isinstance(exc, (RuntimeError, OSError)):  # GDAL/OGR failing to write its files
            raise write_failed(out_gpkg, exc) from None
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
