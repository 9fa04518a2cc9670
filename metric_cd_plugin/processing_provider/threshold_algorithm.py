"""metriccd:threshold: a change mask (and polygons) from an existing change probability at
another threshold, without fitting again (core.raster.rethreshold)."""
import os
from typing import Any, Dict, Optional, Tuple

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback,
                       QgsProcessingOutputNumber, QgsProcessingOutputString, QgsProcessingParameterBoolean,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterDestination,
                       QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsProcessingParameterVectorDestination, QgsProject, QgsRasterLayer)
from qgis.PyQt.QtGui import QIcon

from .. import naming
from ..core.errors import InputError
from ..core.raster.rethreshold import rethreshold
from ..core.thresholds import parse_threshold
from ..core.raster.polygons import MIN_PIXELS
from ..gui.i18n import tr
from ..qgis_enums import NUMBER_DOUBLE, NUMBER_INTEGER, SOURCE_VECTOR_POLYGON
from ..resource_paths import icon_path
from .algorithm_help import help_text
from .change_base import _destination
from .run_parameters import advanced
from .core_bridge import cancel_callback, progress_callback, readable_errors
from .postprocessing import style_on_load
from .layer_places import name_outputs
from .raster_inputs import materialise, resolve_raster, unloadable_file
from .smoothing import qgis_smooth
from .toolbox_names import display_name, group_name

LABEL = "Change probability"


class ThresholdAlgorithm(QgsProcessingAlgorithm):
    def name(self) -> str:
        return "threshold"

    def displayName(self) -> str:  # noqa: N802
        return display_name(self.name())

    def group(self) -> str:
        return group_name(self.groupId())

    def groupId(self) -> str:  # noqa: N802
        return "changedetection"

    def shortHelpString(self) -> str:  # noqa: N802
        return help_text(self.name())

    def icon(self) -> QIcon:
        return QIcon(icon_path())

    def createInstance(self) -> QgsProcessingAlgorithm:  # noqa: N802
        return ThresholdAlgorithm()

    def initAlgorithm(self, config: Optional[Dict[str, Any]] = None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(
            "INPUT", tr("Change probability (or change score) of an earlier run")))
        self.addParameter(QgsProcessingParameterString(
            "THRESHOLD", tr("Threshold ('auto' = the run's own, or a value in [0, 1])"), defaultValue="auto"))
        self.addParameter(QgsProcessingParameterNumber(
            "MIN_PIXELS", tr("Smallest polygon (pixels)"), NUMBER_INTEGER,
            defaultValue=MIN_PIXELS, minValue=0))
        self.addParameter(advanced(QgsProcessingParameterNumber(
            "MIN_AREA", tr("Minimum polygon area (square map units)"), NUMBER_DOUBLE,
            defaultValue=0.0, minValue=0.0)))
        self.addParameter(QgsProcessingParameterBoolean(
            "SMOOTH", tr("Smooth polygon outlines (QGIS's Smooth tool, 3 iterations)"), defaultValue=False))
        self.addParameter(QgsProcessingParameterRasterDestination("OUTPUT_MASK", tr("Change mask")))
        self.addParameter(QgsProcessingParameterVectorDestination(
            "OUTPUT_POLYGONS", tr("Change polygons"), SOURCE_VECTOR_POLYGON, optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber("THRESHOLD_USED", tr("Threshold used")))
        self.addOutput(QgsProcessingOutputString("THRESHOLD_ORIGIN", tr("Where the threshold came from")))
        self.addOutput(QgsProcessingOutputNumber("CHANGED_PIXELS", tr("Changed pixels")))

    def checkParameterValues(self, parameters: Dict[str, Any],  # noqa: N802 (Qt API)
                             context: QgsProcessingContext) -> Tuple[bool, str]:
        problem = unloadable_file(parameters.get("INPUT"), LABEL,
                                  self.parameterAsRasterLayer(parameters, "INPUT", context))
        if problem:
            return False, problem
        try:  # a bad threshold is refused before anything runs
            parse_threshold(self.parameterAsString(parameters, "THRESHOLD", context))
        except InputError as exc:
            return False, str(exc)
        return super().checkParameterValues(parameters, context)

    def prepareAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> bool:
        layer = self.parameterAsRasterLayer(parameters, "INPUT", context)
        self._source = resolve_raster(layer, LABEL, parameters.get("INPUT"))
        self._group = run_group(layer, context.project())
        return True

    def processAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        mask = _destination(self, parameters, "OUTPUT_MASK", context)
        polygons = _destination(self, parameters, "OUTPUT_POLYGONS", context)
        if not mask:
            raise QgsProcessingException("No change mask file was given; choose where to write it.")
        probability = materialise(self._source, context, feedback)
        smooth = qgis_smooth if self.parameterAsBool(parameters, "SMOOTH", context) else None
        with readable_errors():
            result = rethreshold(probability, mask, self.parameterAsString(parameters, "THRESHOLD", context),
                                 polygons or None, self.parameterAsDouble(parameters, "MIN_AREA", context),
                                 self.parameterAsInt(parameters, "MIN_PIXELS", context), smooth,
                                 progress_callback(feedback), cancel_callback(feedback))
        share = 100.0 * result.changed_pixels / max(result.valid_pixels, 1)
        feedback.pushInfo(f"Threshold used: {result.threshold:.4f} ({result.origin}); "
                          f"{result.changed_pixels} changed pixels ({share:.2f} % of the valid ones)")
        if polygons:
            feedback.pushInfo(f"Change polygons written: {result.polygon_count}")
        feedback.setProgress(100)
        results = {"OUTPUT_MASK": mask, "THRESHOLD_USED": result.threshold, "THRESHOLD_ORIGIN": result.origin,
                   "CHANGED_PIXELS": result.changed_pixels}
        style_on_load(context, mask, "mask")
        if polygons:
            results["OUTPUT_POLYGONS"] = polygons
            style_on_load(context, polygons, "polygons")
        name_outputs(context, results, "", self._group, own_group=False)  # joins the probability's group
        return results


def run_group(layer: Optional[QgsRasterLayer], project: Optional[QgsProject]) -> str:
    """The group of the probability's layer in the project, else one named after the run's
    dates as its metadata record them (main thread: reads the layer tree)."""
    if layer is None:
        return ""
    node = project.layerTreeRoot().findLayer(layer.id()) if project is not None else None
    if node is not None and node.parent() is not None and node.parent().parent() is not None:
        return node.parent().name()  # a group, not the root
    meta = naming.read_metadata(layer.source())
    if meta.get("t1") and meta.get("t2"):
        return naming.group_name(*(os.path.splitext(os.path.basename(str(meta[k])))[0] for k in ("t1", "t2")))
    return ""
