"""What the dialog tells about a raster layer: a one-line summary and its band labels.
Reads layer metadata only (no pixels), on the main thread."""
from typing import List, Tuple

from qgis.core import QgsRasterLayer, QgsUnitTypes

from .i18n import tr

# Qgis.DataType numbers -> GDAL-style names analysts know
DATA_TYPES = {1: "Byte", 2: "UInt16", 3: "Int16", 4: "UInt32", 5: "Int32", 6: "Float32",
              7: "Float64", 8: "CInt16", 9: "CInt32", 10: "CFloat32", 11: "CFloat64",
              12: "ARGB32", 13: "ARGB32"}


def data_type_name(layer: QgsRasterLayer) -> str:
    return DATA_TYPES.get(int(layer.dataProvider().dataType(1)), tr("unknown type"))


def crs_text(layer: QgsRasterLayer) -> str:
    crs = layer.crs()
    if not crs.isValid():
        return tr("no CRS")
    return f"{crs.authid()} {crs.description()}".strip() if crs.authid() else crs.description()


def pixel_size_text(layer: QgsRasterLayer) -> str:
    unit = QgsUnitTypes.toAbbreviatedString(layer.crs().mapUnits()) if layer.crs().isValid() else ""
    x, y = layer.rasterUnitsPerPixelX(), layer.rasterUnitsPerPixelY()
    return f"{x:.6g} × {y:.6g} {unit}".strip()


def summary(layer: QgsRasterLayer) -> str:
    """e.g. '400 × 400 px, 6 bands, Byte · EPSG:32651 WGS 84 / UTM zone 51N · pixel 30 × 30 m'."""
    if layer is None or not layer.isValid():
        return tr("No raster layer chosen.")
    return tr("{width} × {height} px, {bands} band(s), {dtype} · {crs} · pixel {pixel}").format(
        width=layer.width(), height=layer.height(), bands=layer.bandCount(),
        dtype=data_type_name(layer), crs=crs_text(layer), pixel=pixel_size_text(layer))


def band_labels(layer: QgsRasterLayer) -> List[Tuple[int, str]]:
    """(band number, name as QGIS shows it, e.g. "Band 4: near infrared") for each band."""
    return [(band, layer.dataProvider().displayBandName(band)) for band in range(1, layer.bandCount() + 1)]
