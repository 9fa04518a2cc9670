"""Raster layer parameters -> files the core can open with GDAL, and the text parameters
(band lists) -> core values.

A layer whose source is an existing file read by the 'gdal' provider is used in place.
Other layers with a native pixel grid (GeoPackage rasters with several tables, /vsi paths,
virtual rasters, PostGIS rasters, WCS...) are exported to a temporary GeoTIFF at their
native size; web map layers (WMS/WMTS/XYZ, ArcGIS map services) serve rendered colours,
not measurements, and have no native grid, so they are rejected with a message."""
import os
from dataclasses import dataclass
from typing import List, Optional

from qgis.core import (QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback, QgsProcessingUtils,
                       QgsRasterFileWriter, QgsRasterLayer, QgsRasterPipe)

from ..qgis_enums import CAPABILITY_SIZE, WRITER_NO_ERROR

RENDERED_PROVIDERS = {"wms", "arcgismapserver"}


@dataclass
class RasterSource:
    """What prepareAlgorithm (main thread) learnt about a layer, used later in processAlgorithm."""
    label: str
    path: Optional[str] = None       # a file GDAL opens directly
    provider: object = None          # a provider clone to export (owned here, not by the layer)
    width: int = 0
    height: int = 0
    extent: object = None
    crs: object = None
    problem: Optional[str] = None    # raised in processAlgorithm, so the message reaches the user


def file_path(layer: QgsRasterLayer) -> Optional[str]:
    """The file GDAL reads the layer from, when it is a plain file used in place."""
    return layer.source() if layer.providerType() == "gdal" and os.path.isfile(layer.source()) else None


def resolve_raster(layer: Optional[QgsRasterLayer], label: str, given: object = None) -> RasterSource:
    if layer is None or not layer.isValid():
        return RasterSource(label, problem=f"{label} raster '{given}' cannot be opened; check that "
                                           "the file exists and is a raster.")
    source, kind = layer.source(), layer.providerType()
    if file_path(layer):
        return RasterSource(label, path=source)
    if kind in RENDERED_PROVIDERS:
        return RasterSource(label, problem=(
            f"{label} layer '{layer.name()}' is a web map ({kind}) of rendered colours without a "
            "native pixel grid; save the area you need as a GeoTIFF of the original bands "
            "and choose that file."))
    provider = layer.dataProvider()
    if not provider.capabilities() & CAPABILITY_SIZE or layer.width() <= 0:
        return RasterSource(label, problem=(
            f"{label} layer '{layer.name()}' ({kind}) has no native pixel size; export it as a "
            "GeoTIFF (Export > Save As...) and choose that file."))
    return RasterSource(label, provider=provider.clone(), width=layer.width(), height=layer.height(),
                        extent=layer.extent(), crs=layer.crs())


def unloadable_file(value: object, label: str, layer: Optional[QgsRasterLayer]) -> Optional[str]:
    """Why a T1/T2 value that is a file path gave no layer (missing, damaged, not a raster),
    in the core's words; None when there is a layer or the value is not a path."""
    if layer is not None or not isinstance(value, str) or not value.strip():
        return None
    from ..core.errors import InputError
    from ..core.raster.sources import open_raster
    try:
        open_raster(value, label)
    except InputError as exc:
        return str(exc)
    return f"{label} raster '{value}' cannot be loaded by QGIS; check that the file is a raster QGIS opens."


def special_file(value: object, label: str) -> Optional[str]:
    """The core's message for a T1/T2 path that is a device, pipe or socket (QGIS would
    wait forever opening a pipe); None otherwise."""
    if not isinstance(value, str) or not os.path.exists(value) or os.path.isfile(value) or os.path.isdir(value):
        return None
    from ..core.errors import InputError
    from ..core.raster.sources import check_input_file
    try:
        check_input_file(value, label)
    except InputError as exc:
        return str(exc)
    return None


def same_source(layer1: Optional[QgsRasterLayer], layer2: Optional[QgsRasterLayer], bands1: object,
                bands2: object) -> Optional[str]:
    """Why T1 and T2 are one raster read with the same bands (an all-zero map), in the
    core's words for files; None when they differ or cannot be told apart yet."""
    if layer1 is None or layer2 is None:
        return None
    from ..core.errors import InputError
    from ..core.request.parse import checked
    try:  # the run schema's one reading of a band list
        list1: Optional[List[int]] = checked("bands1", bands1)
        list2: Optional[List[int]] = checked("bands2", bands2)
    except InputError:  # processAlgorithm says what is wrong with them
        return None
    source1, source2 = file_path(layer1), file_path(layer2)
    if source1 and source2:
        from ..core.raster.pair import same_source_problem
        return same_source_problem(source1, source2, list1, list2)
    if layer1.id() == layer2.id() and list1 == list2:
        return (f"T1 and T2 are the same layer ('{layer1.name()}'); choose the layers of the two dates to "
                "compare (or, for a raster that holds both dates, different bands for each).")
    return None


def materialise(source: RasterSource, context: QgsProcessingContext, feedback: QgsProcessingFeedback) -> str:
    """The GeoTIFF path to give the core; exports a non-file layer first."""
    if source.problem:
        raise QgsProcessingException(source.problem)
    if source.path:
        return source.path
    path = QgsProcessingUtils.generateTempFilename(f"{source.label.lower()}.tif")
    feedback.pushInfo(f"Exporting {source.label} to a temporary GeoTIFF: {path}")
    pipe = QgsRasterPipe()
    if not pipe.set(source.provider):  # the pipe takes ownership of the clone
        raise QgsProcessingException(f"{source.label} cannot be read for export; save it as a GeoTIFF first.")
    source.provider = None
    writer = QgsRasterFileWriter(path)
    writer.setOutputFormat("GTiff")
    error = writer.writeRaster(pipe, source.width, source.height, source.extent, source.crs,
                               context.transformContext())
    if error != WRITER_NO_ERROR:
        raise QgsProcessingException(f"Exporting {source.label} to '{path}' failed (error {int(error)}); "
                                     "save it as a GeoTIFF yourself and choose that file.")
    return path
