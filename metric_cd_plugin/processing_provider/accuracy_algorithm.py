"""metriccd:accuracy: a change map against a reference raster (core.accuracy.assess.assess_files)."""
import math
from typing import Any, Dict, Optional

from qgis.core import (QgsProcessingAlgorithm, QgsProcessingContext, QgsProcessingFeedback,
                       QgsProcessingOutputNumber, QgsProcessingParameterEnum,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterLayer)
from qgis.PyQt.QtGui import QIcon

from ..core.accuracy.assess import assess_files
from ..core.raster.destinations import CSV, HTML, check_outputs
from ..core.raster.metadata import stored_threshold
from ..gui.i18n import QT_TR_NOOP, tr
from ..qgis_enums import NUMBER_DOUBLE
from ..resource_paths import icon_path
from .algorithm_help import help_text
from .accuracy_report import write_csv, write_html
from .core_bridge import readable_errors
from .raster_inputs import materialise, resolve_raster
from .toolbox_names import display_name, group_name

KINDS = ["labels", "binary"]
# output name -> (Accuracy field, description)
NUMBER_OUTPUTS = {"F1": ("f1", QT_TR_NOOP("F1 score")), "PRECISION": ("precision", QT_TR_NOOP("Precision")),
                  "RECALL": ("recall", QT_TR_NOOP("Recall")), "KAPPA": ("kappa", QT_TR_NOOP("Cohen's kappa")),
                  "OA": ("overall_accuracy", QT_TR_NOOP("Overall accuracy")),
                  "IOU": ("iou", QT_TR_NOOP("IoU of change")),
                  "AUC": ("auc", QT_TR_NOOP("ROC AUC"))}


def _number(value: Optional[float]) -> Optional[float]:
    """None for undefined figures (NaN kappa, AUC of a 0/1 map) rather than NaN."""
    return None if value is None or (isinstance(value, float) and math.isnan(value)) else value


class AccuracyAlgorithm(QgsProcessingAlgorithm):
    def name(self) -> str:
        return "accuracy"

    def displayName(self) -> str:  # noqa: N802
        return display_name(self.name())

    def group(self) -> str:
        return group_name(self.groupId())

    def groupId(self) -> str:  # noqa: N802
        return "assessment"

    def shortHelpString(self) -> str:  # noqa: N802
        return help_text(self.name())

    def icon(self) -> QIcon:
        return QIcon(icon_path())

    def createInstance(self) -> "AccuracyAlgorithm":  # noqa: N802
        return AccuracyAlgorithm()

    def initAlgorithm(self, config: Optional[Dict[str, Any]] = None) -> None:  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer("INPUT", tr("Change raster (probability, score or mask)")))
        self.addParameter(QgsProcessingParameterRasterLayer("REFERENCE", tr("Reference raster")))
        self.addParameter(QgsProcessingParameterEnum("REFERENCE_KIND", tr("Reference kind"), KINDS, defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(
            "THRESHOLD", tr("Threshold for a continuous change raster (empty = stored in the file, else 0.5)"),
            NUMBER_DOUBLE, optional=True, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_HTML", tr("Accuracy report (HTML)"), "HTML files (*.html)", optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            "OUTPUT_CSV", tr("Accuracy table (CSV)"), "CSV files (*.csv)", optional=True, createByDefault=False))
        for name, (_, description) in NUMBER_OUTPUTS.items():
            self.addOutput(QgsProcessingOutputNumber(name, tr(description)))

    def prepareAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> bool:
        self._sources = {name: resolve_raster(self.parameterAsRasterLayer(parameters, name, context),
                                              label, parameters.get(name))
                         for name, label in (("INPUT", "Change"), ("REFERENCE", "Reference"))}
        return True

    def processAlgorithm(self, parameters: Dict[str, Any], context: QgsProcessingContext,  # noqa: N802 (Qt API)
                         feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        html_path = self.parameterAsFileOutput(parameters, "OUTPUT_HTML", context) or None
        csv_path = self.parameterAsFileOutput(parameters, "OUTPUT_CSV", context) or None
        with readable_errors():  # before anything is read or written
            check_outputs([("HTML report", html_path, HTML), ("CSV table", csv_path, CSV)],
                          [path for path in (self._sources[name].path for name in ("INPUT", "REFERENCE")) if path])
        score = materialise(self._sources["INPUT"], context, feedback)
        reference = materialise(self._sources["REFERENCE"], context, feedback)
        if parameters.get("THRESHOLD") not in (None, ""):
            threshold = self.parameterAsDouble(parameters, "THRESHOLD", context)
        else:
            threshold = stored_threshold(score)
        kind = KINDS[self.parameterAsEnum(parameters, "REFERENCE_KIND", context)]
        with readable_errors():
            figures = assess_files(score, reference, threshold, kind).as_dict()
        results = {name: _number(figures[key]) for name, (key, _) in NUMBER_OUTPUTS.items()}
        feedback.pushInfo(", ".join(f"{name} {value}" for name, value in results.items()))
        if html_path:
            write_html(figures, html_path, score, reference)
            results["OUTPUT_HTML"] = html_path
        if csv_path:
            write_csv(figures, csv_path)
            results["OUTPUT_CSV"] = csv_path
        feedback.setProgress(100)
        return results
