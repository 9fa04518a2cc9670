"""What the four change algorithms share: their parameters, derived from the run schema
(core/request via run_parameters.py), read back into the schema's values and run through
core.change.run_change (checks, detection, mask, polygons, all or nothing); progress,
cancel, error messages, the summary outputs and the output styling. A subclass names its
method and family, and may add values the user does not choose in QGIS (run_values())."""
from typing import Any, Dict, List, Optional, Tuple, cast

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean)
from qgis.PyQt.QtGui import QIcon

from .. import naming
from ..core.change import ChangeResult, run_change
from ..core.raster.destinations import POLYGONS, RASTER, REPORT, output_problems
from ..core.request.fields import Field, fields_of
from ..core.request.problems import RequestError
from ..gui.i18n import QT_TR_NOOP, tr
from ..resource_paths import icon_path
from .algorithm_help import help_text
from .core_bridge import (cancel_callback, hand_over, processing_note, progress_callback, readable_errors,
                          steps_callback)
from .layer_places import name_outputs
from .postprocessing import style_on_load
from .raster_inputs import materialise, resolve_raster, same_source, special_file, unloadable_file
from .run_parameters import (advanced, indexes_for_names, parameters_of, processing_text, read_value,
                             unknown_choice)
from .smoothing import qgis_smooth
from .toolbox_names import display_name, group_name
from .summary_report import add_summary_definitions, summary_outputs, write_summary

FIRST = ("t1", "t2", "bands1", "bands2", "extent", "data_kind")  # the rasters, then the method's settings


def _destination(alg: QgsProcessingAlgorithm, parameters: Dict[str, Any], name: str,
                 context: QgsProcessingContext) -> Optional[str]:
    """Destination file path, None when skipped; core.raster.destinations checks it."""
    return alg.parameterAsOutputLayer(parameters, name, context) or None


def _name(f: Field) -> str:
    return cast(str, f.processing)  # run_fields() keeps only the fields Processing names


def push_warning_notes(result: ChangeResult, feedback: QgsProcessingFeedback) -> None:
    """The run's warnings (an unsure data kind, a fallback to random weights) in Processing's
    words, coded: the dialog, which runs the algorithm, shows a short form and offers the
    other data kind (gui/run_words.py, gui/run_manager.py)."""
    for note in result.notes:
        if note.warning:  # chosen random weights are information, said before the run
            feedback.pushWarning(processing_note(note))


class ChangeAlgorithmBase(QgsProcessingAlgorithm):
    ALGORITHM_ID = ""   # set by subclasses
    METHOD = ""         # the schema's method (core/request/fields.METHODS)
    FAMILY = ""         # "deep" or "classical"
    OUTPUT_DESCRIPTION = QT_TR_NOOP("Change probability")  # English in layer names, as Processing names them

    def name(self) -> str:
        return self.ALGORITHM_ID

    def displayName(self) -> str:  # noqa: N802 (Qt API)
        return display_name(self.ALGORITHM_ID)

    def group(self) -> str:
        return group_name(self.groupId())

    def groupId(self) -> str:  # noqa: N802
        return "changedetection"

    def shortHelpString(self) -> str:  # noqa: N802
        return help_text(self.ALGORITHM_ID)

    def icon(self) -> QIcon:
        return QIcon(icon_path())

    def createInstance(self) -> QgsProcessingAlgorithm:  # noqa: N802
        return type(self)()

    def run_fields(self) -> List[Field]:
        """The schema's fields this algorithm offers, in the order the form shows them."""
        offered = [f for f in fields_of(self.FAMILY) if f.processing]
        first = [f for f in offered if f.name in FIRST]
        return first + [f for f in offered if f.name not in FIRST and not f.output] + \
            [f for f in offered if f.output]

    def initAlgorithm(self, config: Optional[Dict[str, Any]] = None) -> None:  # noqa: N802
        for f in self.run_fields():
            if f.output and f.name == "output":  # QGIS's own tool: no core field
                self.addParameter(advanced(QgsProcessingParameterBoolean(
                    "SMOOTH", tr("Smooth polygon outlines (QGIS's Smooth tool, 3 iterations)"), defaultValue=False)))
            for parameter in parameters_of(f, tr(self.OUTPUT_DESCRIPTION)):
                self.addParameter(parameter)
        self.add_method_outputs()
        self.addOutput(QgsProcessingOutputNumber("THRESHOLD_USED", tr("Threshold used")))
        add_summary_definitions(self)

    def add_method_outputs(self) -> None:
        """Subclasses add their own outputs here."""

    def run_values(self, parameters: Dict[str, Any], context: QgsProcessingContext,
                   feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        """Values of schema fields the user does not set in QGIS (or that need QGIS to read)."""
        return {}

    def report(self, result: ChangeResult, feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        """Log what the method has to say; return its own Processing outputs."""
        feedback.pushInfo(result.alignment)
        feedback.pushInfo(f"Data kind: {result.data_kind_reason}")
        return {}

    def checkParameterValues(self, parameters: Dict[str, Any],  # noqa: N802 (Qt API)
                             context: QgsProcessingContext) -> Tuple[bool, str]:
        """A T1/T2 file QGIS cannot load gets the command line's message (what is wrong with
        the file, what to do) instead of QGIS's "Could not load source layer ... not found";
        PRESET and DEVICE pass by name as well as by index."""
        for name in ("T1", "T2"):
            problem = special_file(parameters.get(name), name)  # before QGIS opens it: a pipe would block
            if problem:
                return False, problem
        for name in ("T1", "T2"):
            problem = unloadable_file(parameters.get(name), name,
                                      self.parameterAsRasterLayer(parameters, name, context))
            if problem:
                return False, problem
        layers = [self.parameterAsRasterLayer(parameters, name, context) for name in ("T1", "T2")]
        problem = same_source(layers[0], layers[1], parameters.get("BANDS_T1"), parameters.get("BANDS_T2"))
        if problem:
            return False, problem
        problem = unknown_choice(parameters)
        if problem:
            return False, problem
        problems = output_problems(self._outputs(parameters, context), [layer.source() for layer in layers if layer])
        if problems:  # qgis_process prints a refusal here once; a run's exception three times (QGIS 3.22)
            return False, " ".join(processing_text(p) for p in problems)
        return super().checkParameterValues(indexes_for_names(parameters), context)

    def _outputs(self, parameters: Dict[str, Any],
                 context: QgsProcessingContext) -> List[Tuple[str, Optional[str], Tuple[str, ...]]]:
        """(label, path, extensions) of every file the run writes, as run_change checks them."""
        kinds = {"polygons": POLYGONS}
        found = [(f.label, _destination(self, parameters, _name(f), context), kinds.get(f.name, RASTER))
                 for f in self.run_fields() if f.output]
        return found + [("change summary", self.parameterAsFileOutput(parameters, "OUTPUT_SUMMARY", context) or None,
                         REPORT)]

    def prepareAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> bool:
        # main thread: layers may be read here; non-file layers are cloned for a later export
        self._sources = {name: resolve_raster(self.parameterAsRasterLayer(parameters, name, context),
                                              name, parameters.get(name))
                         for name in ("T1", "T2")}
        t1_layer = self.parameterAsRasterLayer(parameters, "T1", context)
        self._t1_crs = t1_layer.crs() if t1_layer is not None else None
        t2_layer = self.parameterAsRasterLayer(parameters, "T2", context)
        self._group = naming.group_name(t1_layer.name(), t2_layer.name()) if t1_layer and t2_layer else ""
        return True

    def _extent(self, parameters: Dict[str, Any],
                context: QgsProcessingContext) -> Optional[Tuple[float, float, float, float]]:
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

    def _values(self, parameters: Dict[str, Any], context: QgsProcessingContext,
                feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        values: Dict[str, Any] = {"method": self.METHOD}
        for f in self.run_fields():
            if f.output:
                values[f.name] = _destination(self, parameters, _name(f), context)
            elif f.kind == "extent":
                values[f.name] = self._extent(parameters, context)
            elif f.name not in ("t1", "t2"):
                values[f.name] = read_value(self, f, parameters, context)
        values["output"] = values["output"] or ""
        values.update(self.run_values(parameters, context, feedback))
        return values

    def processAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        values = self._values(parameters, context, feedback)
        values["t1"] = materialise(self._sources["T1"], context, feedback)
        values["t2"] = materialise(self._sources["T2"], context, feedback)
        smooth = qgis_smooth if self.parameterAsBool(parameters, "SMOOTH", context) else None
        report = self.parameterAsFileOutput(parameters, "OUTPUT_SUMMARY", context)
        with readable_errors(feedback):
            try:  # the summary is checked with the run's outputs, before the run (again: a model may skip the above)
                result = run_change(values, progress_callback(feedback), cancel_callback(feedback), smooth=smooth,
                                    reports=[("change summary", report or None, REPORT)],
                                    steps=steps_callback(feedback))
            except RequestError as exc:  # every problem at once, each named by its parameter
                hand_over(feedback, exc)
                raise QgsProcessingException(" ".join(processing_text(p) for p in exc.problems)) from None
        feedback.pushInfo(f"Threshold used: {result.threshold:.4f}")
        feedback.pushInfo(result.summary.text())
        if result.polygons:
            feedback.pushInfo(f"Change polygons written: {result.polygon_count}")
        own = self.report(result, feedback)
        push_warning_notes(result, feedback)
        feedback.setProgress(100)
        output = result.output
        results = {"OUTPUT": output, "THRESHOLD_USED": result.threshold, **summary_outputs(result.summary), **own}
        if report:
            write_summary(result.summary, report, output)
            results["OUTPUT_SUMMARY"] = report
        style_on_load(context, output, "probability")
        written = (("OUTPUT_MASK", result.mask, "mask"), ("OUTPUT_POLYGONS", result.polygons, "polygons"))
        for key, path, style in written:
            if path:
                results[key] = path
                style_on_load(context, path, style)
        name_outputs(context, results, self.OUTPUT_DESCRIPTION, self._group)
        return results
