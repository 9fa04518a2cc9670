"""What the four change algorithms share: T1/T2 and band parameters, threshold, seed, the
probability/mask/polygon outputs, progress, cancel, error messages and output styling.
A subclass adds its own parameters and implements run_method()."""
import os
from dataclasses import dataclass, field
from typing import Optional

from qgis.core import (QgsProcessingAlgorithm,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean,
                       QgsProcessingParameterDefinition,
                       QgsProcessingParameterEnum, QgsProcessingParameterExtent,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsProcessingParameterVectorDestination, QgsProcessingUtils)

from .. import naming
from ..core.deep.request import check_seed
from ..core.raster.destinations import POLYGONS, RASTER, check_outputs
from ..core.raster.kind import DATA_KINDS
from ..core.raster.polygons import polygonize_mask
from ..core.raster.summary import ChangeSummary
from ..core.thresholds import parse_threshold
from ..qgis_enums import FLAG_ADVANCED, NUMBER_DOUBLE, NUMBER_INTEGER, SOURCE_VECTOR_POLYGON
from ..resource_paths import icon_path
from .core_bridge import cancel_callback, progress_callback, readable_errors
from .layer_places import name_outputs
from .postprocessing import style_on_load
from .raster_inputs import materialise, parse_bands, resolve_raster, same_source, special_file, unloadable_file
from .summary_report import add_summary_definitions, summary_outputs, write_summary
from .smoothing import qgis_smooth

POLYGON_SHARE = 10.0  # percent of the progress bar given to polygonizing, when asked for


@dataclass
class MethodResult:
    """What run_method() hands back."""
    threshold: float           # the threshold applied
    summary: ChangeSummary     # how much changed at it
    outputs: dict = field(default_factory=dict)  # the method's own Processing outputs


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
    parameter.setFlags(parameter.flags() | FLAG_ADVANCED)
    return parameter


def _destination(alg, parameters, name, context) -> Optional[str]:
    """Destination file path, None when skipped; core.raster.destinations checks it."""
    return alg.parameterAsOutputLayer(parameters, name, context) or None


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
        # static strings: qgis_process and models say DATA_KIND=sar, not a number
        self.addParameter(QgsProcessingParameterEnum(
            "DATA_KIND", "Data kind (auto: SAR from polarisation band names, decibels or speckle)", list(DATA_KINDS),
            defaultValue="auto", usesStaticStrings=True))
        self.add_method_parameters()
        self.addParameter(advanced(QgsProcessingParameterString(
            "THRESHOLD", "Threshold ('auto' or a value in [0, 1])", defaultValue="auto")))
        self.addParameter(advanced(QgsProcessingParameterNumber(
            "SEED", "Random seed", NUMBER_INTEGER, defaultValue=0, minValue=0)))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_AREA", "Minimum polygon area (square map units)", NUMBER_DOUBLE,
            defaultValue=0.0, minValue=0.0))
        self.addParameter(advanced(QgsProcessingParameterBoolean(
            "SMOOTH", "Smooth polygon outlines (QGIS's Smooth tool, 3 iterations)", defaultValue=False)))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT", self.OUTPUT_DESCRIPTION))
        self.addParameter(QgsProcessingParameterRasterDestination(
            "OUTPUT_MASK", "Change mask", optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterVectorDestination(
            "OUTPUT_POLYGONS", "Change polygons", SOURCE_VECTOR_POLYGON, optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("THRESHOLD_USED", "Threshold used"))
        add_summary_definitions(self)

    def data_kind(self, parameters, context) -> str:
        return self.parameterAsEnumString(parameters, "DATA_KIND", context) or "auto"

    def add_method_parameters(self):
        """Subclasses add their own parameters here (shown after the band choice)."""

    def run_method(self, job: ChangeJob, parameters, context, feedback, progress, cancel) -> MethodResult:
        """Write job.output (and job.mask when set); return the threshold applied and the summary."""
        raise NotImplementedError

    def extra_inputs(self, parameters, context) -> list:
        """Files besides T1 and T2 that the method reads (and no output may replace)."""
        return []

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """A T1/T2 file QGIS cannot load gets the command line's message (what is wrong with
        the file, what to do) instead of QGIS's "Could not load source layer ... not found"."""
        for name in ("T1", "T2"):
            problem = special_file(parameters.get(name), name)  # before QGIS opens it: a pipe would block
            if problem:
                return False, problem
        for name in ("T1", "T2"):
            problem = unloadable_file(parameters.get(name), name,
                                      self.parameterAsRasterLayer(parameters, name, context))
            if problem:
                return False, problem
        problem = same_source(*(self.parameterAsRasterLayer(parameters, name, context) for name in ("T1", "T2")),
                              parameters.get("BANDS_T1"), parameters.get("BANDS_T2"))
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

    def _seed(self, parameters, context) -> int:
        """As a double first: parameterAsInt wraps 2147483648 round to a valid-looking seed."""
        with readable_errors():
            return check_seed(self.parameterAsDouble(parameters, "SEED", context))

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
        output = _destination(self, parameters, "OUTPUT", context) or ""
        mask = _destination(self, parameters, "OUTPUT_MASK", context)
        polygons = _destination(self, parameters, "OUTPUT_POLYGONS", context)
        with readable_errors():  # before anything is read or written, the polygons' included
            check_outputs([("output", output, RASTER), ("change mask", mask, RASTER),
                           ("polygon output", polygons, POLYGONS)],
                          [self._sources[name].path for name in ("T1", "T2")] + self.extra_inputs(parameters, context))
        mask, polygons = mask or "", polygons or ""
        bands1 = parse_bands(self.parameterAsString(parameters, "BANDS_T1", context), "T1")
        bands2 = parse_bands(self.parameterAsString(parameters, "BANDS_T2", context), "T2")
        with readable_errors():
            threshold = parse_threshold(self.parameterAsString(parameters, "THRESHOLD", context))
        t1 = materialise(self._sources["T1"], context, feedback)
        t2 = materialise(self._sources["T2"], context, feedback)
        polygon_mask = mask or (QgsProcessingUtils.generateTempFilename("change_mask.tif") if polygons else "")
        job = ChangeJob(t1, t2, bands1, bands2, output, polygon_mask, threshold,
                        self._seed(parameters, context), self._extent(parameters, context))
        detect_end = 100.0 - POLYGON_SHARE if polygons else 100.0
        cancel = cancel_callback(feedback)
        with readable_errors():
            outcome = self.run_method(job, parameters, context, feedback,
                                      progress_callback(feedback, 0.0, detect_end), cancel)
            used = outcome.threshold
            feedback.pushInfo(f"Threshold used: {used:.4f}")
            feedback.pushInfo(outcome.summary.text())
            if polygons:
                smooth = qgis_smooth if self.parameterAsBool(parameters, "SMOOTH", context) else None
                self._polygonize(job, polygons, self.parameterAsDouble(parameters, "MIN_AREA", context),
                                 feedback, progress_callback(feedback, detect_end, 100.0), cancel, smooth)
        feedback.setProgress(100)
        results = {"OUTPUT": output, "THRESHOLD_USED": used, **summary_outputs(outcome.summary), **outcome.outputs}
        report = self.parameterAsFileOutput(parameters, "OUTPUT_SUMMARY", context)
        if report:
            write_summary(outcome.summary, report, output)
            results["OUTPUT_SUMMARY"] = report
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
