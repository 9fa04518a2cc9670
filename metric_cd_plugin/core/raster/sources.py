"""Open one input raster for reading, or say in one line why it cannot be used: a missing
file, a special file (a pipe would block GDAL forever), vector data, a container of
subdatasets (named, so that one can be chosen), complex values. GDAL names that are not
plain files (/vsizip/..., NETCDF:"file":var) are given to GDAL as they are. A paletted
raster is read through its colour table: two maps that look alike but number their
palettes differently are the same colours, not a change. Signed bytes (GeoTIFF's
PIXELTYPE=SIGNEDBYTE, Byte with a flag before GDAL 3.7) are read as -128..127 through a
lazy VRT, so that no later VRT (a warp, a window) reads them as 0..255."""
import os
import re
import stat
from typing import List, Optional, Sequence, Tuple

from osgeo import gdal

from ..errors import InputError

gdal.UseExceptions()

CHOOSE = "choose a raster file (GeoTIFF, JP2, VRT...)"


def _gdal_name(path: str) -> bool:
    """A name GDAL resolves itself: a /vsi path or DRIVER:file:subdataset."""
    return path.startswith("/vsi") or re.match(r"^[A-Za-z0-9_]+:", path) is not None


def _vector_only(path: str) -> bool:
    """True for a file GDAL opens as vector data only (GeoPackage, GeoJSON, shapefile...)."""
    try:
        return gdal.OpenEx(path, gdal.OF_VECTOR) is not None
    except RuntimeError:
        return False


def check_input_file(path: str, label: str) -> str:
    """The name to give GDAL (absolute for a file, so that a VRT warping it finds it from any
    working folder)."""
    if path and not os.path.exists(path) and _gdal_name(path):
        return path
    if not path or not os.path.exists(path):
        raise InputError(f"{label} raster '{path}' does not exist; check the path.", code="input_missing", label=label,
                         path=path)
    mode = os.stat(path).st_mode
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise InputError(f"{label} '{path}' is a device, pipe or socket, not a file; {CHOOSE}.", code="input_special",
                         label=label, path=path)
    return os.path.abspath(path)


def _subdatasets(ds: gdal.Dataset) -> List[str]:
    return [name for key, name in (ds.GetMetadata("SUBDATASETS") or {}).items() if key.endswith("_NAME")]


PALETTE_COLOURS = "METRIC_CD_PALETTE_COLOURS"  # marks the colours of a paletted raster (alignment.py)


def _expand_palette(ds: gdal.Dataset, path: str, label: str) -> Tuple[gdal.Dataset, str]:
    table = ds.GetRasterBand(1).GetColorTable()
    if table is None:
        return ds, ""
    if ds.RasterCount != 1:
        raise InputError(f"{label} raster '{path}' has a colour table on a band of several; its values are "
                         "palette numbers, not measurements: expand it to colours (gdal_translate -expand "
                         "rgba) and choose that file.", code="palette_bands", label=label, path=path)
    expanded = gdal.Translate("", ds, format="VRT", rgbExpand="rgba")  # lazy: colours per window read
    expanded.SetMetadataItem(PALETTE_COLOURS, "YES")  # still categories: resampled by nearest neighbour
    return expanded, f"{label}'s palette was read as its colours (RGB). "


SIGNED_LUT = "0:0,127:127,128:-128,255:-1"  # a byte's two's complement, as a VRT lookup table


def _signed_bytes(ds: gdal.Dataset, label: str) -> Tuple[gdal.Dataset, str]:
    """Bands flagged PIXELTYPE=SIGNEDBYTE as Int16 values -128..127 (a lazy VRT): GDAL's own
    reads honour the flag, but a VRT built on the file (alignment's warp) reads 0..255."""
    signed = [b for b in range(1, ds.RasterCount + 1)
              if ds.GetRasterBand(b).DataType == gdal.GDT_Byte
              and ds.GetRasterBand(b).GetMetadataItem("PIXELTYPE", "IMAGE_STRUCTURE") == "SIGNEDBYTE"]
    if not signed:
        return ds, ""
    xml = gdal.Translate("", ds, format="VRT", outputType=gdal.GDT_Int16).GetMetadata("xml:VRT")[0]
    bands = re.split(r"(?=<VRTRasterBand )", xml)
    for b in signed:  # bands[0] is the header; band b follows
        bands[b] = bands[b].replace("<SimpleSource>", "<ComplexSource>").replace(
            "</SimpleSource>", f"<LUT>{SIGNED_LUT}</LUT></ComplexSource>")
    return gdal.Open("".join(bands)), f"{label}'s signed bytes were read as -128 to 127. "


def open_source(path: str, label: str, colours: bool = False) -> Tuple[gdal.Dataset, str]:
    """(dataset, a sentence for the run's alignment note, '' when there is nothing to say).
    colours: a paletted raster is read as its colours (the dates to compare; a reference
    of labels keeps its numbers)."""
    name = check_input_file(path, label)
    try:
        ds = gdal.Open(name, gdal.GA_ReadOnly)
    except RuntimeError as exc:
        if not _gdal_name(path) and _vector_only(name):
            raise InputError(f"{label} file '{path}' holds vector data (points, lines or polygons), not a "
                             f"raster; {CHOOSE}.", code="input_vector", label=label, path=path) from None
        if _gdal_name(path):
            raise InputError(f"{label} raster '{path}' cannot be opened by GDAL ({exc}); check the name "
                             "(e.g. /vsizip/archive.zip/inner.tif or NETCDF:\"file.nc\":variable).",
                             code="input_gdal_name", label=label, path=path, error=str(exc)) from None
        raise InputError(f"{label} raster '{path}' cannot be read by GDAL ({exc}); {CHOOSE}.",
                         code="input_unreadable", label=label, path=path, error=str(exc)) from None
    if ds is not None and ds.RasterCount == 0 and _subdatasets(ds):
        names = _subdatasets(ds)
        shown = ", ".join(names[:3]) + (f" and {len(names) - 3} more" if len(names) > 3 else "")
        raise InputError(f"{label} file '{path}' holds several rasters (subdatasets); choose one of them "
                         f"by name: {shown}.", code="input_subdatasets", label=label, path=path,
                         shown=", ".join(names[:3]), more=max(0, len(names) - 3))
    if ds is None or ds.RasterCount == 0:
        raise InputError(f"{label} file '{path}' is not a raster with bands; choose a raster file.",
                         code="input_not_raster", label=label, path=path)
    ds, signed_note = _signed_bytes(ds, label)
    if not colours:
        return ds, signed_note
    ds, palette_note = _expand_palette(ds, path, label)
    return ds, signed_note + palette_note


def open_raster(path: str, label: str) -> gdal.Dataset:
    return open_source(path, label)[0]


def check_real_bands(ds: gdal.Dataset, bands: Sequence[int], label: str, path: Optional[str] = None) -> None:
    """Complex bands would lose their imaginary part without a word: refused."""
    for b in bands:
        kind = ds.GetRasterBand(b).DataType
        if gdal.DataTypeIsComplex(kind):
            raise InputError(f"{label} band {b} of '{path or ds.GetDescription()}' holds complex numbers "
                             f"({gdal.GetDataTypeName(kind)}); Metric-CD compares real values, so write its "
                             "amplitude to a new raster first (e.g. the Raster Calculator's abs()) and choose that.",
                             code="band_complex", label=label, band=b, path=path or ds.GetDescription(),
                             type=gdal.GetDataTypeName(kind))
