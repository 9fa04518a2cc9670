"""The four change algorithms: Metric-CD (deep) and the classical CVA, PCA-KMeans and IR-MAD,
on the shared ChangeAlgorithmBase (parameters from the run schema, run by core.change)."""
import json
from dataclasses import asdict
from typing import Any, Dict

from qgis.core import QgsProcessingException, QgsProcessingOutputString, QgsProcessingParameterString

from ..core.change import ChangeResult
from ..core.classical.output import NAMES
from ..core.deep.request import LEAVE_ONE_CORE
from ..core.deep.weights import WeightsControls, random_note
from ..dependencies.site_dir import weights_cache_dir
from ..qgis_enums import FLAG_HIDDEN
from . import algorithm_help
from .change_base import ChangeAlgorithmBase
from .run_parameters import WEIGHTS_FILE

# how Processing shows the weights choices: messages name them so (the dialog passes its own)
PROCESSING_CONTROLS = WeightsControls(
    imagenet="VGG16 weights = imagenet (WEIGHTS=imagenet)", random="VGG16 weights = random (WEIGHTS=random)",
    file="VGG16 weights = file and the .pth as VGG16 weights file (WEIGHTS=file WEIGHTS_FILE=PATH)")


class ChangeDetectionAlgorithm(ChangeAlgorithmBase):
    ALGORITHM_ID = "changedetection"
    DISPLAY_NAME = "Metric-CD change detection (deep, unsupervised)"
    HELP = algorithm_help.CHANGE_DETECTION
    METHOD, FAMILY = "metric-cd", "deep"

    def add_method_outputs(self):
        names = QgsProcessingParameterString(  # the dialog's own names for the weights choices (JSON)
            "WEIGHTS_CONTROLS", "How messages name the weights choices", optional=True)
        names.setFlags(names.flags() | FLAG_HIDDEN)
        self.addParameter(names)
        self.addOutput(QgsProcessingOutputString("WEIGHTS_USED", "VGG16 weights used"))

    def engine_extra(self, parameters, context) -> Dict[str, Any]:
        controls = weights_controls(self.parameterAsString(parameters, "WEIGHTS_CONTROLS", context))
        return {"weights_controls": asdict(controls)}

    def run_values(self, parameters, context, feedback) -> Dict[str, Any]:
        controls = weights_controls(self.parameterAsString(parameters, "WEIGHTS_CONTROLS", context))
        weights = chosen_weights(self.parameterAsEnumString(parameters, "WEIGHTS", context),
                                 self.parameterAsFile(parameters, WEIGHTS_FILE, context), feedback, controls)
        # the canvas stays smooth; the weights live in the QGIS profile
        return {"weights": weights, "threads": LEAVE_ONE_CORE, "cache_dir": weights_cache_dir()}

    def report(self, result: ChangeResult, feedback) -> Dict[str, Any]:
        from ..core.deep.decision import describe_margin
        for note in result.notes:
            if note.warning:  # "auto" fell back to random weights (chosen random ones were said before)
                feedback.pushWarning(note.text)
        feedback.pushInfo(result.alignment)
        feedback.pushInfo(f"Data kind: {result.data_kind_reason}")
        feedback.pushInfo(f"Shift tolerance: {result.shift_tolerance_reason}")
        decision = describe_margin(result.metadata)
        if decision:
            feedback.pushInfo(f"Decision: {decision}")
        timings = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        feedback.pushInfo(f"Device: {result.device}; threshold rule: {result.threshold_rule}; {timings}")
        return {"WEIGHTS_USED": result.weights_used}


def weights_controls(text: str) -> WeightsControls:
    """The names the caller gives the weights choices (the dialog's JSON), else Processing's."""
    try:
        names = json.loads(text) if text else {}
        return WeightsControls(**names) if isinstance(names, dict) and names else PROCESSING_CONTROLS
    except (ValueError, TypeError):
        return PROCESSING_CONTROLS


def chosen_weights(choice: str, path: str, feedback, controls: WeightsControls = PROCESSING_CONTROLS) -> str:
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
        feedback.pushWarning(random_note(controls))
    return choice or "auto"


class ClassicalAlgorithm(ChangeAlgorithmBase):
    OUTPUT_DESCRIPTION = "Change score"
    FAMILY = "classical"

    def group(self):
        return "Classical change detection"

    def groupId(self):  # noqa: N802
        return "classical"


class CvaAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "cva"
    DISPLAY_NAME = NAMES["cva"]
    HELP = algorithm_help.CVA


class PcaKmeansAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "pcakmeans"
    DISPLAY_NAME = NAMES["pcakmeans"]
    HELP = algorithm_help.PCAKMEANS


class IrmadAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "irmad"
    DISPLAY_NAME = NAMES["irmad"]
    HELP = algorithm_help.IRMAD


CHANGE_ALGORITHMS = [ChangeDetectionAlgorithm, CvaAlgorithm, PcaKmeansAlgorithm, IrmadAlgorithm]
