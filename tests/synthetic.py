"""Small real GeoTIFF pairs with a known change, written into a test's tmp folder."""
import numpy as np
from osgeo import gdal, osr

GT = (500000.0, 30.0, 0.0, 3500000.0, 0.0, -30.0)


def utm_wkt(zone=51):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32600 + zone)
    return srs.ExportToWkt()


def write_raster(path, array, nodata=None, gt=GT, wkt=None, dtype=None, palette=None):
    array = np.asarray(array)
    if array.ndim == 2:
        array = array[None]
    gdtype = dtype or {np.dtype("uint8"): gdal.GDT_Byte, np.dtype("uint16"): gdal.GDT_UInt16,
                       np.dtype("int16"): gdal.GDT_Int16, np.dtype("float64"): gdal.GDT_Float64}.get(
        array.dtype, gdal.GDT_Float32)
    ds = gdal.GetDriverByName("GTiff").Create(str(path), array.shape[2], array.shape[1], array.shape[0], gdtype)
    if gt is not None:
        ds.SetGeoTransform(gt)
        ds.SetProjection(wkt or utm_wkt())
    for i, band in enumerate(array, 1):
        b = ds.GetRasterBand(i)
        if nodata is not None:
            b.SetNoDataValue(nodata)
        if palette is not None:  # before the pixels: GDAL 3.10's GTiff refuses it after them
            table = gdal.ColorTable()
            for index, colour in enumerate(palette):
                table.SetColorEntry(index, tuple(colour))
            b.SetRasterColorTable(table)
        b.WriteArray(band)
    ds = None
    return str(path)


def change_pair(tmp_path, size=64, bands=3, square=(20, 44), seed=0, nodata=None):
    """T2 is a radiometrically different copy of T1 (gain, offset, noise) except in a
    square where the land cover changed. Returns (t1, t2, change_mask)."""
    rng = np.random.default_rng(seed)
    base = rng.uniform(40, 120, (bands, size // 8, size // 8))
    t1 = np.kron(base, np.ones((8, 8))) + rng.normal(0, 4, (bands, size, size))
    t2 = 0.8 * t1 + 20 + rng.normal(0, 3, (bands, size, size))
    lo, hi = square
    changed = np.zeros((size, size), bool)
    changed[lo:hi, lo:hi] = True
    t2[:, changed] = rng.uniform(180, 230, (bands, 1)) + rng.normal(0, 4, (bands, changed.sum()))
    t1, t2 = np.clip(t1, 0, 255).astype(np.float32), np.clip(t2, 0, 255).astype(np.float32)
    return (write_raster(tmp_path / "t1.tif", t1, nodata), write_raster(tmp_path / "t2.tif", t2, nodata),
            changed)


# fast enough for a test on 2 cores, still a real fit
TINY = {"patch": 32, "batch": 4, "pool_pixels": 16384, "iterations": 80, "tile": 48}


FAST_RUN = {"method": "Metric-CD", "preset": {"name": "fast", "threshold_rule": "decision-otsu"},
            "weights": "random", "threshold": 0.5, "threshold_rule": "decision (Pc > Pnc)", "seed": 3,
            "t1": "t1.tif", "t2": "t2.tif"}


def run_probability(path, size=64, metadata=FAST_RUN, fringe=False):
    """A change probability as a fast run writes it (Float32, nodata -1, run metadata): a
    gradient 0..0.45 over the columns (with fringe: 0.45..0.65, as a scene with little change
    gives under the convex prior), a 10x10 block at 0.9, a 4x3 block at 0.7 and a nodata
    strip on the right. Returns (path, values)."""
    from metric_cd_plugin.core.raster.geotiff import AtomicGeoTiff
    values = np.tile(np.linspace(0.45, 0.65, size) if fringe else np.linspace(0.0, 0.45, size), (size, 1))
    values[5:15, 5:15] = 0.9
    values[40:44, 40:43] = 0.7
    values[:, -2:] = -1.0
    writer = AtomicGeoTiff(str(path), size, size, GT, utm_wkt(), gdal.GDT_Float32, -1.0, "change probability")
    writer.write(0, 0, values.astype(np.float32))
    writer.commit(metadata)
    return str(path), values
