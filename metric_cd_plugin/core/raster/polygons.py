"""Change mask -> GeoPackage polygons with their area and mean change probability.

Steps: a Byte raster of ``mask == 1`` is polygonized (4-connected, pixel edges) into a
memory layer; each polygon's index is burnt back into an Int32 raster, which is read in
row strips together with the probability to sum it per polygon (bounded memory); the
polygons at least ``min_area`` large are written to a temporary GeoPackage beside the
target, renamed over it only when complete. The temporary rasters go to a hidden folder
beside the target, since the system temporary folder may be too small for them."""
import os
import shutil
from typing import Optional

import numpy as np
from osgeo import gdal, ogr, osr

from ..errors import InputError
from .destinations import POLYGONS, check_outputs, temporary_beside, write_target
from .geotiff import PROB_NODATA, close_dataset, write_failed
from ..progress import CancelFn, Monitor, ProgressFn
from .sources import open_raster

gdal.UseExceptions()
ogr.UseExceptions()

BLOCK_PIXELS = 4_000_000  # pixels per strip when summing probabilities (~32 MB per array)
_GTIFF = ["TILED=YES", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER"]


def _strips(width: int, height: int, block_pixels: int):
    rows = max(1, block_pixels // max(width, 1))
    for y in range(0, height, rows):
        yield y, min(rows, height - y)


def _like(ds, path, dtype):
    out = gdal.GetDriverByName("GTiff").Create(path, ds.RasterXSize, ds.RasterYSize, 1, dtype, _GTIFF)
    gt = ds.GetGeoTransform(can_return_null=True)
    if gt is not None:
        out.SetGeoTransform(gt)
    out.SetProjection(ds.GetProjection())
    return out


def _change_raster(mask_ds, path, block_pixels):
    """Byte raster, 1 where the mask says change, 0 elsewhere (nodata included)."""
    out = _like(mask_ds, path, gdal.GDT_Byte)
    src, dst = mask_ds.GetRasterBand(1), out.GetRasterBand(1)
    for y, rows in _strips(mask_ds.RasterXSize, mask_ds.RasterYSize, block_pixels):
        dst.WriteArray((src.ReadAsArray(0, y, mask_ds.RasterXSize, rows) == 1).astype(np.uint8), 0, y)
    return out


def _mean_probability(ids_band, prob_band, count, block_pixels):
    """Mean valid probability per polygon index 1..count (index 0 = outside), NaN if none."""
    sums, hits = np.zeros(count + 1), np.zeros(count + 1)
    nodata = prob_band.GetNoDataValue()
    width, height = ids_band.XSize, ids_band.YSize
    for y, rows in _strips(width, height, block_pixels):
        ids = ids_band.ReadAsArray(0, y, width, rows).ravel()
        prob = prob_band.ReadAsArray(0, y, width, rows).astype(np.float64).ravel()
        # -1 is never a probability or score, so it is ignored even when undeclared
        ok = np.isfinite(prob) & (prob != PROB_NODATA)
        if nodata is not None:
            ok &= prob != nodata
        sums += np.bincount(ids[ok], prob[ok], minlength=count + 1)[:count + 1]
        hits += np.bincount(ids[ok], minlength=count + 1)[:count + 1]
    with np.errstate(invalid="ignore", divide="ignore"):
        return sums / hits


def _gdal_callback(progress: Optional[ProgressFn], cancel: Optional[CancelFn], start, end, text):
    """GDAL progress callback that stops the operation (returns 0) once cancel() is true;
    it must not raise, since GDAL would swallow the exception."""
    def callback(fraction, _message, _data):
        if cancel is not None and cancel():
            return 0
        if progress is not None:
            progress(start + min(max(fraction, 0.0), 1.0) * (end - start), text)
        return 1
    return callback


def _spatial_ref(ds) -> Optional[osr.SpatialReference]:
    wkt = ds.GetProjection()
    if not wkt:
        return None
    srs = osr.SpatialReference(wkt=wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def _polygonize(band, srs, callback):
    """Polygons of the band's nonzero pixels, as a list of OGR geometries."""
    memory = ogr.GetDriverByName("Memory").CreateDataSource("polygons")
    layer = memory.CreateLayer("polygons", srs, ogr.wkbPolygon)
    gdal.Polygonize(band, band, layer, -1, [], callback=callback)
    return [f.GetGeometryRef().Clone() for f in layer]


def _burn_ids(like_ds, path, srs, polygons):
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


def _write_gpkg(path, layer_name, srs, polygons, areas, means, keep):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    try:
        out = ds.CreateLayer(layer_name, srs, ogr.wkbPolygon, ["GEOMETRY_NAME=geom", "FID=fid"])
        out.CreateField(ogr.FieldDefn("area", ogr.OFTReal))
        out.CreateField(ogr.FieldDefn("mean_prob", ogr.OFTReal))
        defn = out.GetLayerDefn()
        out.StartTransaction()
        for i in np.flatnonzero(keep):
            feature = ogr.Feature(defn)
            feature.SetGeometry(polygons[i])
            feature.SetField("area", float(areas[i]))
            if np.isfinite(means[i]):
                feature.SetField("mean_prob", float(means[i]))
            out.CreateFeature(feature)
        out.CommitTransaction()
    except BaseException:
        ds = None
        raise
    close_dataset(ds)  # SQLite commits here: a full disk must fail the run, not a destructor


def polygonize_mask(mask_path: str, prob_path: str, out_gpkg: str, min_area: float = 0.0,
                    layer_name: str = "changes", progress: Optional[ProgressFn] = None,
                    cancel: Optional[CancelFn] = None, block_pixels: int = BLOCK_PIXELS) -> int:
    """Write the change polygons (mask value 1) of ``mask_path`` to ``out_gpkg`` with fields
    ``area`` (square map units) and ``mean_prob`` (mean of ``prob_path`` inside, nodata
    and NaN ignored); polygons smaller than ``min_area`` are dropped. Returns the number
    of polygons written. On error or cancel the target is left untouched."""
    if min_area < 0:
        raise InputError(f"The minimum area {min_area} is negative; give 0 or more square map units.")
    check_outputs([("polygon output", out_gpkg, POLYGONS)], [mask_path, prob_path])
    mask_ds, prob_ds = open_raster(mask_path, "Change mask"), open_raster(prob_path, "Change probability")
    if (mask_ds.RasterXSize, mask_ds.RasterYSize) != (prob_ds.RasterXSize, prob_ds.RasterYSize):
        raise InputError(f"The change mask is {mask_ds.RasterXSize}x{mask_ds.RasterYSize} pixels and the "
                         f"probability {prob_ds.RasterXSize}x{prob_ds.RasterYSize}; give rasters of one grid.")
    monitor = Monitor(progress, cancel)
    target = write_target(out_gpkg)  # a symlink is written through, never replaced
    work = temporary_beside(target, "", folder=True)
    tmp_gpkg = temporary_beside(target, ".gpkg")
    os.unlink(tmp_gpkg)  # the GPKG driver refuses to create over an existing empty file
    try:
        monitor.stage(0, 10, "Selecting changed pixels")
        change = _change_raster(mask_ds, os.path.join(work, "change.tif"), block_pixels)
        monitor.stage(10, 60, "Polygonizing the change mask")
        srs = _spatial_ref(mask_ds)
        callback = _gdal_callback(progress, cancel, 10, 60, "Polygonizing the change mask")
        try:
            polygons = _polygonize(change.GetRasterBand(1), srs, callback)
        except RuntimeError:
            monitor.check()  # a cancelled Polygonize fails; report it as a cancel
            raise
        monitor.stage(60, 75, "Burning polygon ids")
        ids = _burn_ids(mask_ds, os.path.join(work, "ids.tif"), srs, polygons)
        monitor.stage(75, 90, "Averaging the change probability per polygon")
        means = _mean_probability(ids.GetRasterBand(1), prob_ds.GetRasterBand(1), len(polygons),
                                  block_pixels)[1:]
        ids = change = None

        monitor.stage(90, 100, "Writing the polygons")
        areas = np.array([g.GetArea() for g in polygons])
        keep = areas >= min_area
        _write_gpkg(tmp_gpkg, layer_name, srs, polygons, areas, means, keep)
        monitor.update(1.0)  # the last chance to cancel: after the rename the run is done
        os.replace(tmp_gpkg, target)
        return int(np.count_nonzero(keep))
    except BaseException as exc:
        for suffix in ("", "-wal", "-shm", "-journal"):
            if os.path.exists(tmp_gpkg + suffix):
                os.unlink(tmp_gpkg + suffix)
        if isinstance(exc, (RuntimeError, OSError)):  # GDAL/OGR failing to write its files
            raise write_failed(out_gpkg, exc) from None
        raise
    finally:
        shutil.rmtree(work, ignore_errors=True)
