"""metriccd:samplingdesign and metriccd:areaestimate: thin adapters over core.accuracy's
sampling design and area estimation (good practice of Olofsson et al. 2014)."""
from typing import Any, Callable, Dict, Optional, Tuple

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback,
                       QgsProcessingOutputNumber,
                       QgsProcessingOutputString, QgsProcessingParameterEnum, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterLayer,
                       QgsProcessingParameterVectorDestination, QgsProcessingParameterVectorLayer, QgsVectorLayer)
from qgis.PyQt.QtGui import QIcon

from ..core.accuracy import sampling
from ..core.accuracy.area import CHANGE, NO_CHANGE, AreaReport, estimate_area
from ..core.accuracy.area_report import METHOD, summary_line, write_csv, write_html
from ..core.accuracy.sample_points import write_points
from ..core.raster.destinations import CSV, HTML, check_outputs
from ..gui.i18n import QT_TR_NOOP, tr
from ..qgis_enums import NUMBER_DOUBLE, NUMBER_INTEGER, SOURCE_VECTOR_POINT
from ..resource_paths import icon_path
from .algorithm_help import help_text
from .change_base import _destination, advanced
from .core_bridge import cancel_callback, progress_callback, readable_errors
from .raster_inputs import materialise, resolve_raster
from .toolbox_names import display_name, group_name

ALLOCATIONS = list(sampling.ALLOCATIONS)


def stratum_names() -> Dict[str, str]:
    """The sampling strata (core/accuracy/sampling.STRATA) in the user's language."""
    return {"change": tr("change"), "possible": tr("possible change"), "stable": tr("stable")}


def _icon() -> QIcon:
    return QIcon(icon_path())


class _AreaAlgorithm(QgsProcessingAlgorithm):
    def group(self) -> str:
        return group_name(self.groupId())

    def groupId(self) -> str:  # noqa: N802
        return "assessment"

    def icon(self) -> QIcon:
        return _icon()

    def createInstance(self) -> QgsProcessingAlgorithm:  # noqa: N802
        return type(self)()


class SamplingDesignAlgorithm(_AreaAlgorithm):
    def name(self) -> str:
        return "samplingdesign"

    def displayName(self) -> str:  # noqa: N802
        return display_name(self.name())

    def shortHelpString(self) -> str:  # noqa: N802
        return help_text(self.name())

    def initAlgorithm(self, config: Optional[Dict[str, Any]] = None) -> None:  # noqa: N802
        strata = stratum_names()
        self.addParameter(QgsProcessingParameterRasterLayer("INPUT", tr("Change mask (1 change, 0 no change)")))
        self.addParameter(QgsProcessingParameterRasterLayer("PROBABILITY", tr("Change probability (optional)"),
                                                            optional=True))
        self.addParameter(QgsProcessingParameterNumber("RING", tr("Ring of possible change around mapped change "
                                                       "(pixels, 0 = none)"), NUMBER_INTEGER, sampling.DEFAULT_RING,
                                                       minValue=0))
        self.addParameter(QgsProcessingParameterNumber("POSSIBLE_LOW", tr("Possible change from this probability "
                                                       "(empty = none)"), NUMBER_DOUBLE, optional=True,
                                                       minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterNumber("SAMPLE_SIZE", tr("Number of points (0 = from the target "
                                                       "standard error)"), NUMBER_INTEGER, 0, minValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "TARGET_SE", tr("Target standard error of the change-area proportion"), NUMBER_DOUBLE,
            sampling.DEFAULT_TARGET_SE, minValue=0.0001, maxValue=0.49))
        for h in sampling.STRATA:
            self.addParameter(advanced(QgsProcessingParameterNumber(
                f"UA_{h.upper()}", tr("Anticipated user's accuracy of the {stratum} stratum").format(stratum=strata[h]),
                NUMBER_DOUBLE,
                sampling.DEFAULT_USERS[h], minValue=0.01, maxValue=0.99)))
        self.addParameter(QgsProcessingParameterEnum("ALLOCATION", tr("Allocation"), ALLOCATIONS, defaultValue=0))
        for h in sampling.STRATA:
            self.addParameter(advanced(QgsProcessingParameterNumber(
                f"N_{h.upper()}", tr("Points in the {stratum} stratum (custom allocation)").format(
                    stratum=strata[h]), NUMBER_INTEGER, 0, minValue=0)))
        self.addParameter(QgsProcessingParameterNumber("MIN_PER_STRATUM", tr("Minimum points per stratum"),
                                                       NUMBER_INTEGER, sampling.DEFAULT_MIN, minValue=0))
        self.addParameter(QgsProcessingParameterNumber("SEED", tr("Seed"), NUMBER_INTEGER, 0, minValue=0))
        self.addParameter(QgsProcessingParameterVectorDestination("OUTPUT", tr("Sample points"), SOURCE_VECTOR_POINT))
        self.addOutput(QgsProcessingOutputNumber("SAMPLE_SIZE_USED", tr("Number of points")))
        for h in sampling.STRATA:
            self.addOutput(QgsProcessingOutputNumber(f"POINTS_{h.upper()}",
                                                     tr("Points in the {stratum} stratum").format(stratum=strata[h])))
            self.addOutput(QgsProcessingOutputNumber(f"PIXELS_{h.upper()}",
                                                     tr("Pixels of the {stratum} stratum").format(stratum=strata[h])))

    def prepareAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> bool:
        self._mask = resolve_raster(self.parameterAsRasterLayer(parameters, "INPUT", context), "Change mask",
                                    parameters.get("INPUT"))
        prob = self.parameterAsRasterLayer(parameters, "PROBABILITY", context)
        self._prob = resolve_raster(prob, "Change probability", parameters.get("PROBABILITY")) if prob else None
        return True

    def processAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        out = _destination(self, parameters, "OUTPUT", context)
        mask = materialise(self._mask, context, feedback)
        prob = materialise(self._prob, context, feedback) if self._prob else None
        given = parameters.get("POSSIBLE_LOW")
        low = self.parameterAsDouble(parameters, "POSSIBLE_LOW", context) if given not in (None, "") else None
        ring = self.parameterAsInt(parameters, "RING", context)
        method = ALLOCATIONS[self.parameterAsEnum(parameters, "ALLOCATION", context)]
        per = {h: self.parameterAsInt(parameters, f"N_{h.upper()}", context) for h in sampling.STRATA}
        with readable_errors():
            if not out:
                raise QgsProcessingException("No sample points file was given; choose where to write it.")
            grid = sampling.count_strata(mask, prob, ring, low, progress_callback(feedback, 0, 45),
                                         cancel_callback(feedback))
            size = self.parameterAsInt(parameters, "SAMPLE_SIZE", context)
            if method == "custom":
                size = sum(per.values())
            elif not size:
                users = {h: self.parameterAsDouble(parameters, f"UA_{h.upper()}", context) for h in sampling.STRATA}
                target = self.parameterAsDouble(parameters, "TARGET_SE", context)
                size = sampling.design_sample_size(grid, users, target)
            alloc = sampling.allocate(grid.counts, size, method,
                                      self.parameterAsInt(parameters, "MIN_PER_STRATUM", context), per)
            seed = self.parameterAsInt(parameters, "SEED", context)
            points = sampling.select_points(mask, alloc, seed, prob, ring, low, grid,
                                            progress_callback(feedback, 45, 95), cancel_callback(feedback))
            write_points(out, sampling.shuffled(points, seed), grid, [mask] + ([prob] if prob else []))
        feedback.pushInfo("Strata (pixels): " + ", ".join(f"{h} {n}" for h, n in grid.counts.items()))
        feedback.pushInfo("Points: " + ", ".join(f"{h} {n}" for h, n in alloc.items()))
        feedback.setProgress(100)
        results = {"OUTPUT": out, "SAMPLE_SIZE_USED": len(points)}
        for h in sampling.STRATA:
            results[f"POINTS_{h.upper()}"] = alloc.get(h, 0)
            results[f"PIXELS_{h.upper()}"] = grid.counts[h]
        return results


# output name -> (description, figure of the report)
ESTIMATE_OUTPUTS: Dict[str, Tuple[str, Callable[[AreaReport], Optional[float]]]] = {
    "CHANGE_AREA": (QT_TR_NOOP("Estimated change area"), lambda r: r.area(CHANGE).value),
    "CHANGE_AREA_SE": (QT_TR_NOOP("Standard error of the change area"), lambda r: r.area(CHANGE).se),
    "CHANGE_AREA_LOW": (QT_TR_NOOP("Change area, 95 % interval, low"), lambda r: r.area(CHANGE).low),
    "CHANGE_AREA_HIGH": (QT_TR_NOOP("Change area, 95 % interval, high"), lambda r: r.area(CHANGE).high),
    "MAPPED_CHANGE_AREA": (QT_TR_NOOP("Mapped change area"), lambda r: r.mapped_area(CHANGE)),
    "NO_CHANGE_AREA": (QT_TR_NOOP("Estimated no-change area"), lambda r: r.area(NO_CHANGE).value),
    "OA": (QT_TR_NOOP("Overall accuracy"), lambda r: r.estimates.overall.value),
    "OA_SE": (QT_TR_NOOP("Standard error of the overall accuracy"), lambda r: r.estimates.overall.se),
    "UA_CHANGE": (QT_TR_NOOP("User's accuracy of change"), lambda r: r.estimates.users[CHANGE].value),
    "UA_CHANGE_SE": (QT_TR_NOOP("Standard error of the user's accuracy of change"),
                     lambda r: r.estimates.users[CHANGE].se),
    "PA_CHANGE": (QT_TR_NOOP("Producer's accuracy of change"), lambda r: r.estimates.producers[CHANGE].value),
    "PA_CHANGE_SE": (QT_TR_NOOP("Standard error of the producer's accuracy of change"),
                     lambda r: r.estimates.producers[CHANGE].se),
    "UNSURE": (QT_TR_NOOP("Unsure points (left out)"), lambda r: r.unsure),
    "UNLABELLED": (QT_TR_NOOP("Points not labelled (left out)"), lambda r: r.unlabelled),
}


def points_file(layer: Optional[QgsVectorLayer]) -> str:
    """The GeoPackage behind a saved point layer."""
    if layer is None or not layer.isValid():
        raise QgsProcessingException("The sample points layer cannot be read; choose the GeoPackage of the "
                                     "sampling design.")
    if layer.isEditable() and layer.isModified():
        raise QgsProcessingException(f"The layer '{layer.name()}' has unsaved edits; save them (Toggle Editing) "
                                     "and run again.")
    return layer.source().split("|")[0]


class AreaEstimateAlgorithm(_AreaAlgorithm):
    def name(self) -> str:
        return "areaestimate"

    def displayName(self) -> str:  # noqa: N802
        return display_name(self.name())

    def shortHelpString(self) -> str:  # noqa: N802
        return help_text(self.name())

    def initAlgorithm(self, config: Optional[Dict[str, Any]] = None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterVectorLayer("INPUT", tr("Labelled sample points"),
                                                            [SOURCE_VECTOR_POINT]))
        self.addParameter(QgsProcessingParameterRasterLayer(
            "MASK", tr("Change mask read at the points (empty = the class stored with each point)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_HTML", tr("Area report (HTML)"), "HTML files (*.html)", optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_CSV", tr("Area table (CSV)"), "CSV files (*.csv)", optional=True, createByDefault=False))
        for name, (description, _) in ESTIMATE_OUTPUTS.items():
            self.addOutput(QgsProcessingOutputNumber(name, tr(description)))
        self.addOutput(QgsProcessingOutputString("AREA_UNIT", tr("Area unit (ha, or px without a metric CRS)")))
        self.addOutput(QgsProcessingOutputString("ESTIMATORS", tr("Estimators used")))

    def prepareAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> bool:
        self._points = points_file(self.parameterAsVectorLayer(parameters, "INPUT", context))
        mask = self.parameterAsRasterLayer(parameters, "MASK", context)
        self._mask = resolve_raster(mask, "Change mask", parameters.get("MASK")) if mask else None
        return True

    def processAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        html_path = self.parameterAsFileOutput(parameters, "OUTPUT_HTML", context) or None
        csv_path = self.parameterAsFileOutput(parameters, "OUTPUT_CSV", context) or None
        mask = materialise(self._mask, context, feedback) if self._mask else None
        with readable_errors():
            check_outputs([("HTML report", html_path, HTML), ("CSV table", csv_path, CSV)],
                          [self._points] + ([mask] if mask else []))
            report = estimate_area(self._points, mask)
            for note in report.notes:
                feedback.pushWarning(note)
            feedback.pushInfo(summary_line(report))
            results: Dict[str, Any] = {name: fn(report) for name, (_, fn) in ESTIMATE_OUTPUTS.items()}
            results.update(AREA_UNIT=report.unit, ESTIMATORS=METHOD[report.estimates.method])
            if html_path:
                results["OUTPUT_HTML"] = write_html(report, html_path, self._points)
            if csv_path:
                results["OUTPUT_CSV"] = write_csv(report, csv_path)
        feedback.setProgress(100)
        return results


AREA_ALGORITHMS = [SamplingDesignAlgorithm, AreaEstimateAlgorithm]
