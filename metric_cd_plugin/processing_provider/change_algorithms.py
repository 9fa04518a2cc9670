"""The four change algorithms: Metric-CD (deep) and the classical CVA, PCA-KMeans and IR-MAD,
on the shared ChangeAlgorithmBase (parameters from the run schema, run by core.change)."""
from typing import Any, Dict

from qgis.core import QgsProcessingContext, QgsProcessingException, QgsProcessingFeedback, QgsProcessingOutputString

from ..core.change import ChangeResult
from ..core.deep.request import LEAVE_ONE_CORE
from ..core.deep.weights import random_note
from ..dependencies.site_dir import weights_cache_dir
from ..gui.i18n import QT_TR_NOOP, tr
from .change_base import ChangeAlgorithmBase
from .core_bridge import processing_note
from .run_parameters import WEIGHTS_FILE
from .toolbox_names import group_name


class ChangeDetectionAlgorithm(ChangeAlgorithmBase):
    ALGORITHM_ID = "changedetection"
    METHOD, FAMILY = "metric-cd", "deep"

    def add_method_outputs(self) -> None:
        self.addOutput(QgsProcessingOutputString("WEIGHTS_USED", tr("VGG16 weights used")))

    def run_values(self, parameters: Dict[str, Any], context: QgsProcessingContext,
                   feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        weights = chosen_weights(self.parameterAsEnumString(parameters, "WEIGHTS", context),
                                 self.parameterAsFile(parameters, WEIGHTS_FILE, context), feedback)
        # the canvas stays smooth; the weights live in the QGIS profile
        return {"weights": weights, "threads": LEAVE_ONE_CORE, "cache_dir": weights_cache_dir()}

    def report(self, result: ChangeResult, feedback: QgsProcessingFeedback) -> Dict[str, Any]:
        from ..core.deep.decision import describe_margin
        feedback.pushInfo(result.alignment)
        feedback.pushInfo(f"Data kind: {result.data_kind_reason}")
        feedback.pushInfo(f"Shift tolerance: {result.shift_tolerance_reason}")
        feedback.pushInfo(f"Networks: {result.metadata['networks_reason']}")
        decision = describe_margin(result.metadata)
        if decision:
            feedback.pushInfo(f"Decision: {decision}")
        timings = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        feedback.pushInfo(f"Device: {result.device}; threshold rule: {result.threshold_rule}; {timings}")
        return {"WEIGHTS_USED": result.weights_used}


def chosen_weights(choice: str, path: str, feedback: QgsProcessingFeedback) -> str:
    """The core's weights value for the WEIGHTS choice and WEIGHTS_FILE; the random note
    goes to the log before the run, where the user sees it."""
    if choice == "file":
        if not path:
            raise QgsProcessingException("VGG16 weights is 'file' but no VGG16 weights file was given; "
                                         "choose a .pth file, or 'auto'.")
        return path
    if path:
        feedback.pushInfo(f"VGG16 weights file ignored: VGG16 weights is '{choice}', not 'file'.")
    if choice == "random":
        feedback.pushWarning(processing_note(random_note()))
    return choice or "auto"


class ClassicalAlgorithm(ChangeAlgorithmBase):
    OUTPUT_DESCRIPTION = QT_TR_NOOP("Change score")
    FAMILY = "classical"

    def group(self) -> str:
        return group_name(self.groupId())

    def groupId(self) -> str:  # noqa: N802
        return "classical"


class CvaAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "cva"


class PcaKmeansAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "pcakmeans"


class IrmadAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "irmad"


CHANGE_ALGORITHMS = [ChangeDetectionAlgorithm, CvaAlgorithm, PcaKmeansAlgorithm, IrmadAlgorithm]
