"""The class of data a pair belongs to, for reporting each class on its own (issue 25):
SAR, multispectral, RGB with pixels under 5 m (or of unknown size: ungeoreferenced
photographs) and RGB of 10-30 m (5 m and coarser)."""
from osgeo import gdal

from metric_cd_plugin.core.deep.request import FINE_PIXEL_M
from metric_cd_plugin.core.deep.tolerance import pixel_metres

SAR, MULTISPECTRAL, RGB_FINE, RGB_COARSE = "SAR", "multispectral", "RGB under 5 m", "RGB 10-30 m"
ORDER = (SAR, MULTISPECTRAL, RGB_FINE, RGB_COARSE)


def pixel_size(path: str):
    """A raster's pixel on the ground in metres, as the engine's own rules read it (deep/coarse.py,
    deep/tolerance.py), or None without a usable grid."""
    ds = gdal.Open(path)
    return pixel_metres(ds.GetGeoTransform(can_return_null=True), ds.GetProjection(), ds.RasterXSize,
                        ds.RasterYSize)


def coarse(path: str) -> bool:
    size = pixel_size(path)
    return size is not None and size >= FINE_PIXEL_M


def data_class(t1_path: str, data_kind: str = "") -> str:
    """data_kind: the kind a run decided ("sar" or "optical"), which wins over the bands."""
    if data_kind == "sar":
        return SAR
    ds = gdal.Open(t1_path)
    if ds.RasterCount != 3:
        return MULTISPECTRAL
    return RGB_COARSE if coarse(t1_path) else RGB_FINE
