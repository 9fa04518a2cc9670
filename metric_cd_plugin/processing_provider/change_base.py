"""What the four change algorithms share: T1/T2 and band parameters, threshold, seed, the
probability/mask/polygon outputs, progress, cancel, error messages and output styling.
A subclass adds its own parameters and implements run_method()."""
import os
from dataclasses import dataclass
from typing import Optional

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean,
                       QgsProcessingParameterDefinition,
                       QgsProcessingParameterExtent,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsProcessingParameterVectorDestination, QgsProcessingUtils)

from .. import naming
from ..core.raster.polygons import polygonize_mask
from ..resource_paths import icon_path
from .core_bridge import cancel_callback, progress_callback, readable_errors
from .layer_places import name_outputs
from .postprocessing import style_on_load
from .smoothing import qgis_smooth
from .raster_inputs import materialise, parse_bands, parse_threshold, resolve_raster, unloadable_file

POLYGON_SHARE = 10.0  # percent of the progress bar given to polygonizing, when asked for


@dataclass
class ChangeJob:
    """Resolved common parameters handed to run_method()."""
    t1: str
    t2: str
    bands1: Optional[list]
    bands2: Optional[list]
    output: str
    mask: str                  # "" = no mask
    threshold: Optional[float]  # None = the method's automatic rule
    seed: int
    extent: Optional[tuple] = None  # (xmin, ymin, xmax, ymax) in T1's CRS; None = whole overlap


def advanced(parameter: QgsProcessingParameterDefinition) -> QgsProcessingParameterDefinition:
    parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
    return parameter


def _destination(alg, parameters, name, context, extensions, what):
    """Destination file path ('' when skipped). Only plain file names are accepted: the
    writers produce whole GeoTIFF/GeoPackage files (replacing any existing file), so a
    layer inside an existing GeoPackage ('ogr:dbname=...', '|layername=') is refused."""
    value = alg.parameterAsOutputLayer(parameters, name, context) or ""
    if value and (not value.lower().endswith(extensions) or "|" in value):
        raise QgsProcessingException(f"{name} '{value}' is not a {what} file name; Metric-CD writes "
                                     f"whole {what} files, so give a file name ending in {extensions[0]}.")
    return value


class ChangeAlgorithmBase(QgsProcessingAlgorithm):
    ALGORITHM_ID = ""   # set by subclasses
    DISPLAY_NAME = ""
    HELP = ""
    OUTPUT_DESCRIPTION = "Change probability"

    def name(self):
        return self.ALGORITHM_ID

    def displayName(self):  # noqa: N802 (Qt API)
        return self.DISPLAY_NAME

    def group(self):
        return "Change detection"

    def groupId(self):  # noqa: N802
        return "changedetection"

    def shortHelpString(self):  # noqa: N802
        return self.HELP

    def icon(self):
        from qgis.PyQt.QtGui import QIcon
        return QIcon(icon_path())

    def createInstance(self):  # noqa: N802
        return type(self)()

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer("T1", "T1 raster (earlier date)"))
        self.addParameter(QgsProcessingParameterRasterLayer("T2", "T2 raster (later date)"))
        self.addParameter(QgsProcessingParameterString("BANDS_T1", "Bands of T1 (e.g. 4,3,2; empty = all)",
                                                       optional=True, defaultValue=""))
        self.addParameter(QgsProcessingParameterString("BANDS_T2", "Bands of T2 (e.g. 4,3,2; empty = all)",
                                                       optional=True, defaultValue=""))
        self.addParameter(QgsProcessingParameterExtent(
            "EXTENT", "Process only this extent (empty = all of the area both rasters cover)", optional=True))
        self.add_method_parameters()
        self.addParameter(advanced(QgsProcessingParameterString(
            "THRESHOLD", "Threshold ('auto' or a value in [0, 1])", defaultValue="auto")))
        self.addParameter(advanced(QgsProcessingParameterNumber(
            "SEED", "Random seed", QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0)))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_AREA", "Minimum polygon area (square map units)", QgsProcessingParameterNumber.Double,
            defaultValue=0.0, minValue=0.0))
        self.addParameter(advanced(QgsProcessingParameterBoolean(
            "SMOOTH", "Smooth polygon outlines (QGIS's Smooth tool, 3 iterations)", defaultValue=False)))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", self.OUTPUT_DESCRIPTION))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT_MASK", "Change mask", optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterVectorDestination(
            "OUTPUT_POLYGONS", "Change polygons", QgsProcessing.TypeVectorPolygon, optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("THRESHOLD_USED", "Threshold used"))

    def add_method_parameters(self):
        """Subclasses add their own parameters here (shown after the band choice)."""

    def run_method(self, job: ChangeJob, parameters, context, feedback, progress, cancel) -> float:
        """Write job.output (and job.mask when set); return the threshold applied."""
        raise NotImplementedError

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """A T1/T2 file QGIS cannot load gets the command line's message (what is wrong with
        the file, what to do) instead of QGIS's "Could not load source layer ... not found"."""
        for name in ("T1", "T2"):
            problem = unloadable_file(parameters.get(name), name,
                                      self.parameterAsRasterLayer(parameters, name, context))
            if problem:
                return False, problem
        return super().checkParameterValues(parameters, context)

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        # main thread: layers may be read here; non-file layers are cloned for a later export
        self._sources = {name: resolve_raster(self.parameterAsRasterLayer(parameters, name, context),
                                              name, parameters.get(name))
                         for name in ("T1", "T2")}
        t1_layer = self.parameterAsRasterLayer(parameters, "T1", context)
        self._t1_crs = t1_layer.crs() if t1_layer is not None else None
        t2_layer = self.parameterAsRasterLayer(parameters, "T2", context)
        self._group = naming.group_name(t1_layer.name(), t2_layer.name()) if t1_layer and t2_layer else ""
        return True

    def _extent(self, parameters, context):
        """EXTENT reprojected into T1's CRS as (xmin, ymin, xmax, ymax); None when empty."""
        if parameters.get("EXTENT") in (None, ""):
            return None
        if self._t1_crs is not None and self._t1_crs.isValid():
            rect = self.parameterAsExtent(parameters, "EXTENT", context, self._t1_crs)
        else:
            rect = self.parameterAsExtent(parameters, "EXTENT", context)
        if rect.isNull() or rect.isEmpty():
            return None
        return (rect.xMinimum(), rect.yMinimum(), rect.xMaximum(), rect.yMaximum())

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        output = _destination(self, parameters, "OUTPUT", context, (".tif", ".tiff"), "GeoTIFF")
        mask = _destination(self, parameters, "OUTPUT_MASK", context, (".tif", ".tiff"), "GeoTIFF")
        polygons = _destination(self, parameters, "OUTPUT_POLYGONS", context, (".gpkg",), "GeoPackage")
        bands1 = parse_bands(self.parameterAsString(parameters, "BANDS_T1", context), "T1")
        bands2 = parse_bands(self.parameterAsString(parameters, "BANDS_T2", context), "T2")
        threshold = parse_threshold(self.parameterAsString(parameters, "THRESHOLD", context))
        t1 = materialise(self._sources["T1"], context, feedback)
        t2 = materialise(self._sources["T2"], context, feedback)
        polygon_mask = mask or (QgsProcessingUtils.generateTempFilename("change_mask.tif") if polygons else "")
        job = ChangeJob(t1, t2, bands1, bands2, output, polygon_mask, threshold,
                        self.parameterAsInt(parameters, "SEED", context), self._extent(parameters, context))
        detect_end = 100.0 - POLYGON_SHARE if polygons else 100.0
        cancel = cancel_callback(feedback)
        with readable_errors():
            used = self.run_method(job, parameters, context, feedback,
                                   progress_callback(feedback, 0.0, detect_end), cancel)
            feedback.pushInfo(f"Threshold used: {used:.4f}")
            if polygons:
                smooth = qgis_smooth if self.parameterAsBool(parameters, "SMOOTH", context) else None
                self._polygonize(job, polygons, self.parameterAsDouble(parameters, "MIN_AREA", context),
                                 feedback, progress_callback(feedback, detect_end, 100.0), cancel, smooth)
        feedback.setProgress(100)
        results = {"OUTPUT": output, "THRESHOLD_USED": used}
        style_on_load(context, output, "probability")
        if mask:
            results["OUTPUT_MASK"] = mask
            style_on_load(context, mask, "mask")
        if polygons:
            results["OUTPUT_POLYGONS"] = polygons
            style_on_load(context, polygons, "polygons")
        name_outputs(context, results, self.OUTPUT_DESCRIPTION, self._group)
        return results

    @staticmethod
    def _polygonize(job, destination, min_area, feedback, progress, cancel, smooth=None):
        try:
            count = polygonize_mask(job.mask, job.output, destination, min_area, "changes", progress, cancel,
                                    smooth=smooth)
        except BaseException:
            for written in (job.output, job.mask):  # a cancelled or failed run leaves nothing behind
                if written and os.path.exists(written):
                    os.unlink(written)
            raise
        feedback.pushInfo(f"Change polygons written: {count}")
