"""The failure matrix's inputs for the older classes issue 28 found still open (cases in
tests/failure_cases.py): signed bytes, two RPC-only scenes of different places, a raster
of thousands of bands, a band NaN everywhere. Same conventions as failure_inputs.py."""
from pathlib import Path

import numpy as np
from osgeo import gdal

from failure_inputs import Inputs, _io, _pair_arrays
from synthetic import GT, utm_wkt, write_raster

MANY_BANDS = 10_000


def rpc_metadata(lat: float, long: float) -> dict:
    """An RPC model of a 16 x 16 scene covering lat +- 0.05, long +- 0.05 degrees."""
    return {"LINE_OFF": "8", "SAMP_OFF": "8", "LAT_OFF": str(lat), "LONG_OFF": str(long), "HEIGHT_OFF": "0",
            "LINE_SCALE": "8", "SAMP_SCALE": "8", "LAT_SCALE": "0.05", "LONG_SCALE": "0.05", "HEIGHT_SCALE": "1",
            "LINE_NUM_COEFF": " ".join(["0", "0", "-1"] + ["0"] * 17),
            "LINE_DEN_COEFF": " ".join(["1"] + ["0"] * 19),
            "SAMP_NUM_COEFF": " ".join(["0", "1"] + ["0"] * 18),
            "SAMP_DEN_COEFF": " ".join(["1"] + ["0"] * 19)}


def rpc_scene(path, array, lat: float, long: float) -> str:
    """A raster without a geotransform, georeferenced by an RPC model only (a raw scene)."""
    path = write_raster(path, array, gt=None)
    ds = gdal.Open(path, gdal.GA_Update)
    ds.SetMetadata(rpc_metadata(lat, long), "RPC")
    ds = None
    return path


def signed_bytes(path, values: np.ndarray, gt=GT) -> str:
    """Signed bytes as GDAL before 3.7 writes them: Byte bands flagged PIXELTYPE=SIGNEDBYTE."""
    values = np.asarray(values, np.int8)
    values = values if values.ndim == 3 else values[None]
    ds = gdal.GetDriverByName("GTiff").Create(str(path), values.shape[2], values.shape[1], values.shape[0],
                                              gdal.GDT_Byte, ["PIXELTYPE=SIGNEDBYTE"])
    ds.SetGeoTransform(gt)
    ds.SetProjection(utm_wkt())
    for i, band in enumerate(values, 1):
        target = ds.GetRasterBand(i)
        # GDAL 3.7 and later make such a band Int8 (and read old files so): the values as they are
        target.WriteArray(band if target.DataType != gdal.GDT_Byte else band.view(np.uint8))
    ds = None
    return str(path)


def _signed_bytes(folder: Path) -> Inputs:
    """Temperatures in signed bytes (-88..82), T2 half a pixel east so that it is warped."""
    a1, a2 = _pair_arrays()
    (folder / "in").mkdir(parents=True, exist_ok=True)
    t1 = signed_bytes(folder / "in" / "t1.tif", np.clip(a1 - 128, -128, 127))
    t2 = signed_bytes(folder / "in" / "t2.tif", np.clip(a2 - 128, -128, 127), (GT[0] + 15.0,) + GT[1:])
    return _io(folder, t1, t2)


def _rpc_different_places(folder: Path) -> Inputs:
    a1, a2 = _pair_arrays()
    (folder / "in").mkdir(parents=True, exist_ok=True)
    return _io(folder, rpc_scene(folder / "in" / "taizhou.tif", a1, 28.65, 121.42),
               rpc_scene(folder / "in" / "paris.tif", a2, 48.85, 2.35))


def _nan_band(a1, a2):
    """T2's band 2 is NaN everywhere (a failed band of the sensor): no pixel is valid on it."""
    a2 = a2.copy()
    a2[1] = np.nan
    return a1, a2, {}, {}


def _many_bands(folder: Path) -> Inputs:
    (folder / "in").mkdir(parents=True, exist_ok=True)
    paths = []
    for name in ("t1.tif", "t2.tif"):
        ds = gdal.GetDriverByName("GTiff").Create(str(folder / "in" / name), 8, 8, MANY_BANDS, gdal.GDT_Byte,
                                                  ["INTERLEAVE=PIXEL"])
        ds.SetGeoTransform(GT)
        ds.SetProjection(utm_wkt())
        ds = None
        paths.append(folder / "in" / name)
    return _io(folder, *paths)
