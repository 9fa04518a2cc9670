"""The class of data a pair belongs to, for reporting each class on its own (issue 25):
SAR, multispectral, RGB with pixels under 5 m (or of unknown size: ungeoreferenced
photographs) and RGB of 10-30 m (5 m and coarser)."""
import math

from osgeo import gdal

SAR, MULTISPECTRAL, RGB_FINE, RGB_COARSE = "SAR", "multispectral", "RGB under 5 m", "RGB 10-30 m"
ORDER = (SAR, MULTISPECTRAL, RGB_FINE, RGB_COARSE)
FINE_M = 5.0


def pixel_metres(ds):
    """Ground size of a pixel in metres, or None where the raster has no usable grid."""
    gt, srs = ds.GetGeoTransform(can_return_null=True), ds.GetSpatialRef()
    if gt is None or srs is None:
        return None
    size = abs(gt[1])
    if srs.IsGeographic():  # degrees: metres at the raster's centre latitude
        lat = gt[3] + gt[5] * ds.RasterYSize / 2
        return size * 111_320.0 * math.cos(math.radians(lat))
    return size * srs.GetLinearUnits()


def data_class(t1_path: str, data_kind: str = "") -> str:
    """data_kind: the kind a run decided ("sar" or "optical"), which wins over the bands."""
    if data_kind == "sar":
        return SAR
    ds = gdal.Open(t1_path)
    if ds.RasterCount != 3:
        return MULTISPECTRAL
    size = pixel_metres(ds)
    return RGB_FINE if size is None or size < FINE_M else RGB_COARSE
