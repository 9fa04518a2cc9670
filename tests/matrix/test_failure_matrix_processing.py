"""The failure matrix through the Processing algorithm (metriccd:changedetection), run by
processing.run in this QGIS as the toolbox runs it: a problem is a QgsProcessingException
whose message names it and the fix (no traceback), QGIS goes on, nothing is left behind."""
import pytest
from qgis.core import QgsProcessingException, QgsProcessingFeedback

from failure_cases import CASES, ITERATIONS, case_ids
from failure_inputs import good_pair
from failure_checks import Before, assert_readable, file_size_limit

ALGORITHM = "metriccd:changedetection"
pytestmark = pytest.mark.usefixtures("one_torch_thread")
POLYGON_ROOM = 40_000  # bytes: a 16 x 16 GeoTIFF needs a few, a GeoPackage about 100 000


class Feedback(QgsProcessingFeedback):
    """Keeps what the toolbox's log would show."""

    def __init__(self):
        super().__init__()
        self.shown = []

    def reportError(self, error, fatalError=False):  # noqa: N802,N803
        self.shown.append(error)
        super().reportError(error, fatalError)

    def pushInfo(self, info):  # noqa: N802
        self.shown.append(info)
        super().pushInfo(info)


def parameters(inputs, **extra):
    return {"T1": inputs.t1, "T2": inputs.t2, "OUTPUT": inputs.output, "OUTPUT_MASK": inputs.mask,
            "PRESET": 0, "DEVICE": 1, "ITERATIONS": ITERATIONS, "WEIGHTS": "random", **inputs.params, **extra}


def run_toolbox(processing_api, inputs, **extra):
    feedback = Feedback()
    with file_size_limit(inputs.file_size_limit):
        try:
            return processing_api.run(ALGORITHM, parameters(inputs, **extra), feedback=feedback), None, feedback
        except QgsProcessingException as exc:
            return None, str(exc), feedback


@pytest.mark.parametrize("case", CASES, ids=case_ids())
def test_processing_algorithm(case, case_folder, processing_api):
    inputs = case.make(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    results, error, feedback = run_toolbox(processing_api, inputs)
    assert not any("Traceback" in text for text in feedback.shown)
    if case.fails:
        assert error is not None, "the run should have failed"
        assert_readable(error, *case.expected("toolbox"))
        before.assert_nothing_written()
    else:
        assert error is None, error
        assert results["OUTPUT"] == inputs.output and results["OUTPUT_MASK"] == inputs.mask
        assert any(case.says in text for text in feedback.shown)
        probability = before.assert_outputs_only()
        if case.check:
            case.check(probability)


def test_disk_full_while_writing_the_polygons(case_folder, processing_api):
    """Room for the two small rasters but not for the GeoPackage: the run fails as a whole,
    the rasters already written are removed too."""
    inputs = good_pair(case_folder)
    inputs.file_size_limit = POLYGON_ROOM
    inputs.params["OUTPUT_POLYGONS"] = str(case_folder / "out" / "changes.gpkg")
    before = Before(case_folder, inputs, in_qgis=True)
    _, error, _ = run_toolbox(processing_api, inputs)
    assert_readable(error, "changes.gpkg' failed", "free some space or choose another folder")
    before.assert_nothing_written()


def test_qgis_goes_on_after_the_matrix(case_folder, processing_api):
    """Last in this module: after every failure above, a run in the same QGIS succeeds."""
    inputs = good_pair(case_folder)
    before = Before(case_folder, inputs, in_qgis=True)
    results, error, _ = run_toolbox(processing_api, inputs)
    assert error is None, error
    before.assert_outputs_only()
