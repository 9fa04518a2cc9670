"""PRESET and DEVICE keep their names and their index values (what the form and saved models
hold) and also take the choice's name (qgis_process ... PRESET=fast DEVICE=cpu, scripts,
models built in code): through the real Processing registry."""
import pytest
from qgis.core import QgsApplication, QgsProcessingContext

from metric_cd_plugin.core.raster.metadata import read_run_metadata
from metric_cd_plugin.core.request.fields import BY_NAME
from metric_cd_plugin.processing_provider.run_parameters import read_value


@pytest.fixture()
def deep(metriccd_provider):
    return QgsApplication.processingRegistry().createAlgorithmById("metriccd:changedetection")


@pytest.mark.parametrize("preset, device, meant", [
    (0, 1, ("fast", "cpu")),            # indexes, as the form and saved models hold them
    ("1", "2", ("paper", "cuda")),      # indexes as text (qgis_process PRESET=1)
    ("fast", "cpu", ("fast", "cpu")),   # names
    (" Paper", "CUDA", ("paper", "cuda")),
])
def test_names_and_indexes_pass_the_checks_and_read_as_the_same_choice(deep, square_pair, tmp_path,
                                                                       preset, device, meant):
    t1, t2, _ = square_pair
    context = QgsProcessingContext()
    parameters = {"T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "p.tif"), "PRESET": preset, "DEVICE": device}
    ok, message = deep.checkParameterValues(parameters, context)
    assert ok, message
    assert read_value(deep, BY_NAME["preset"], parameters, context) == meant[0]
    assert read_value(deep, BY_NAME["device"], parameters, context) == meant[1]


@pytest.mark.parametrize("name, value", [("PRESET", "fastest"), ("DEVICE", "gpu"), ("PRESET", 2)])
def test_an_unknown_choice_is_refused_naming_the_parameter(deep, square_pair, tmp_path, name, value):
    t1, t2, _ = square_pair
    ok, message = deep.checkParameterValues({"T1": t1, "T2": t2, "OUTPUT": str(tmp_path / "p.tif"), name: value},
                                            QgsProcessingContext())
    choices = "fast, paper (or their index 0 to 1)" if name == "PRESET" else "auto, cpu, cuda (or their index 0 to 2)"
    assert not ok and message == f"{name.title()}: '{value}' is not one of {choices}; give one of these."


def test_a_run_given_names_uses_those_choices(processing_api, square_pair, tmp_path):
    t1, t2, _ = square_pair
    out = str(tmp_path / "p.tif")
    processing_api.run("metriccd:changedetection", {"T1": t1, "T2": t2, "OUTPUT": out, "PRESET": "fast",
                                                    "DEVICE": "cpu", "ITERATIONS": 3, "WEIGHTS": "random"})
    meta = read_run_metadata(out)
    assert meta["preset"]["name"] == "fast" and meta["device"].startswith("cpu")
