"""The four change algorithms: Metric-CD (deep, via core.deep.run) and the classical
CVA, PCA-KMeans and IR-MAD (via core.classical.output), on the shared ChangeAlgorithmBase."""
import json
from dataclasses import asdict

from qgis.core import (QgsProcessingException, QgsProcessingOutputString,
                       QgsProcessingParameterEnum, QgsProcessingParameterFile, QgsProcessingParameterNumber,
                       QgsProcessingParameterString)

from ..core.classical.output import write_classical
from ..core.classical.request import ClassicalRequest
from ..core.deep.request import DEVICE_NAMES, LEAVE_ONE_CORE, MAX_SHIFT, PRESET_NAMES, SHIFT_AUTO
from ..core.deep.weights import WeightsControls, random_note
from ..dependencies.site_dir import weights_cache_dir
from ..qgis_enums import FILE_BEHAVIOUR_FILE, FLAG_HIDDEN, NUMBER_INTEGER
from . import algorithm_help
from .change_base import ChangeAlgorithmBase, ChangeJob, MethodResult, advanced

PRESETS = list(PRESET_NAMES)
DEVICES = list(DEVICE_NAMES)
SHIFT_CHOICES = [SHIFT_AUTO] + [str(px) for px in range(MAX_SHIFT + 1)]
WEIGHTS = ["auto", "imagenet", "random", "file"]
# how Processing shows the weights choices: messages name them so (the dialog passes its own)
PROCESSING_CONTROLS = WeightsControls(
    imagenet="VGG16 weights = imagenet (WEIGHTS=imagenet)", random="VGG16 weights = random (WEIGHTS=random)",
    file="VGG16 weights = file and the .pth as VGG16 weights file (WEIGHTS=file WEIGHTS_FILE=PATH)")


class ChangeDetectionAlgorithm(ChangeAlgorithmBase):
    ALGORITHM_ID = "changedetection"
    DISPLAY_NAME = "Metric-CD change detection (deep, unsupervised)"
    HELP = algorithm_help.CHANGE_DETECTION

    def add_method_parameters(self):
        self.addParameter(QgsProcessingParameterEnum("PRESET", "Preset", PRESETS, defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum("DEVICE", "Device", DEVICES, defaultValue=0))
        self.addParameter(advanced(QgsProcessingParameterNumber(
            "ITERATIONS", "Fitting iterations (0 = the preset's default)",
            NUMBER_INTEGER, defaultValue=0, optional=True, minValue=0)))
        # static strings: qgis_process and models say WEIGHTS=random, not a number
        self.addParameter(advanced(QgsProcessingParameterEnum(
            "WEIGHTS", "VGG16 weights", WEIGHTS, defaultValue="auto", usesStaticStrings=True)))
        self.addParameter(advanced(QgsProcessingParameterFile(
            "WEIGHTS_FILE", "VGG16 weights file (.pth), used when VGG16 weights is 'file'",
            FILE_BEHAVIOUR_FILE, fileFilter="PyTorch weights (*.pth *.pt)", optional=True)))
        names = QgsProcessingParameterString(  # the dialog's own names for the weights choices (JSON)
            "WEIGHTS_CONTROLS", "How messages name the weights choices", optional=True)
        names.setFlags(names.flags() | FLAG_HIDDEN)
        self.addParameter(names)
        self.addOutput(QgsProcessingOutputString("WEIGHTS_USED", "VGG16 weights used"))
        self.addParameter(advanced(QgsProcessingParameterEnum(  # static strings: SHIFT_TOLERANCE=2, not an index
            "SHIFT_TOLERANCE", "Shift tolerance in pixels (auto: chosen from the data, see the help)",
            SHIFT_CHOICES, defaultValue=SHIFT_AUTO, usesStaticStrings=True)))

    def extra_inputs(self, parameters, context) -> list:
        return [self.parameterAsFile(parameters, "WEIGHTS_FILE", context)]

    def run_method(self, job: ChangeJob, parameters, context, feedback, progress, cancel) -> MethodResult:
        from ..core.deep.decision import describe_margin
        from ..core.deep.run import DetectionRequest, detect_change  # torch loads only when run
        iterations = self.parameterAsInt(parameters, "ITERATIONS", context)
        controls = weights_controls(self.parameterAsString(parameters, "WEIGHTS_CONTROLS", context))
        weights = chosen_weights(self.parameterAsEnumString(parameters, "WEIGHTS", context),
                                 self.parameterAsFile(parameters, "WEIGHTS_FILE", context), feedback, controls)
        request = DetectionRequest(
            job.t1, job.t2, job.output, job.mask or None, job.bands1, job.bands2,
            preset=PRESETS[self.parameterAsEnum(parameters, "PRESET", context)],
            device=DEVICES[self.parameterAsEnum(parameters, "DEVICE", context)], seed=job.seed,
            iterations=iterations or None, weights=weights,
            threshold=job.threshold, cache_dir=weights_cache_dir(),
            extent=job.extent, threads=LEAVE_ONE_CORE,  # the canvas stays smooth
            data_kind=self.data_kind(parameters, context), weights_controls=asdict(controls),
            shift_tolerance=self.parameterAsEnumString(parameters, "SHIFT_TOLERANCE", context) or SHIFT_AUTO)
        result = detect_change(request, progress, cancel)
        if weights != "random" and result.metadata.get("weights_note"):  # "auto" fell back to random weights
            feedback.pushWarning(result.metadata["weights_note"])
        feedback.pushInfo(result.alignment)
        feedback.pushInfo(f"Data kind: {result.metadata['data_kind_reason']}")
        feedback.pushInfo(f"Shift tolerance: {result.metadata['shift_tolerance_reason']}")
        decision = describe_margin(result.metadata)
        if decision:
            feedback.pushInfo(f"Decision: {decision}")
        timings = ", ".join(f"{k} {v:.1f} s" for k, v in result.seconds.items())
        feedback.pushInfo(f"Device: {result.device}; threshold rule: {result.threshold_rule}; {timings}")
        return MethodResult(result.threshold, result.summary, {"WEIGHTS_USED": result.metadata["weights_used"]})


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
    return choice


class ClassicalAlgorithm(ChangeAlgorithmBase):
    METHOD = ""            # core.classical method name
    THRESHOLD_RULE = ""    # the method's automatic rule, for the file metadata
    OUTPUT_DESCRIPTION = "Change score"

    def group(self):
        return "Classical change detection"

    def groupId(self):  # noqa: N802
        return "classical"

    def run_method(self, job: ChangeJob, parameters, context, feedback, progress, cancel) -> MethodResult:
        rule = self.THRESHOLD_RULE if job.threshold is None else "user value"
        metadata = {"method": self.DISPLAY_NAME, "threshold_rule": rule}
        request = ClassicalRequest(self.METHOD, job.t1, job.t2, job.output, job.mask or None, job.bands1,
                                   job.bands2, job.seed, job.extent, job.threshold, metadata,
                                   data_kind=self.data_kind(parameters, context))
        result = write_classical(request, progress, cancel)
        feedback.pushInfo(result.grid.alignment_note)
        feedback.pushInfo(f"Data kind: {result.data_kind_reason}")
        return MethodResult(result.threshold, result.summary)


class CvaAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "cva"
    DISPLAY_NAME = "Change Vector Analysis (CVA)"
    THRESHOLD_RULE = "Otsu"
    HELP = algorithm_help.CVA


class PcaKmeansAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "pcakmeans"
    DISPLAY_NAME = "PCA-KMeans"
    THRESHOLD_RULE = "k-means boundary"
    HELP = algorithm_help.PCAKMEANS


class IrmadAlgorithm(ClassicalAlgorithm):
    ALGORITHM_ID = METHOD = "irmad"
    DISPLAY_NAME = "IR-MAD"
    THRESHOLD_RULE = "Kittler-Illingworth"
    HELP = algorithm_help.IRMAD


CHANGE_ALGORITHMS = [ChangeDetectionAlgorithm, CvaAlgorithm, PcaKmeansAlgorithm, IrmadAlgorithm]
