"""T1 and T2 from one raster read with the same bands (the toolbox pre-fills both with one
layer) would give an all-zero map: refused with one sentence, before anything is written,
in Processing (same file, through a symbolic or hard link, or the same layer) and on the
command line. Different bands of one file (both dates stacked) still run."""
import os
import subprocess
import sys

import numpy as np
import pytest
from qgis.core import QgsProcessingException, QgsProject

from conftest import REPO, write_raster

from dialog_fixtures import virtual_raster
from test_processing_runs import TINY_DEEP

SAME = "T1 and T2 are the same raster"


def refusal(processing_api, algorithm_id, parameters) -> str:
    """The message of a refused run. Only the text is kept: a kept traceback (pytest.raises)
    left the run's Processing objects to the cyclic garbage collector, which crashed Python
    at the end of the session when a successful run had followed."""
    try:
        processing_api.run(algorithm_id, parameters)
    except QgsProcessingException as exc:
        return str(exc)
    pytest.fail(f"{algorithm_id} ran with {parameters}")


@pytest.fixture()
def stacked(tmp_path):
    """One 6-band file holding both dates (bands 1-3 and 4-6), and links to it."""
    rng = np.random.default_rng(3)
    t1 = rng.integers(0, 200, (3, 32, 32)).astype(np.uint8)
    path = write_raster(tmp_path / "both dates.tif", np.concatenate([t1, t1 + 20]))
    os.symlink(path, tmp_path / "link.tif")
    os.link(path, tmp_path / "hard_link.tif")
    return path, str(tmp_path / "link.tif"), str(tmp_path / "hard_link.tif")


@pytest.mark.parametrize("algorithm_id", ["metriccd:cva", "metriccd:changedetection"])
def test_processing_refuses_one_file_for_both_dates(processing_api, stacked, tmp_path, algorithm_id):
    path, link, hard_link = stacked
    extra = TINY_DEEP if algorithm_id.endswith("changedetection") else {}
    for t2 in (path, link, hard_link):
        message = refusal(processing_api, algorithm_id, {"T1": path, "T2": t2, "OUTPUT": str(tmp_path / "out.tif"),
                                                         **extra})
        assert SAME in message and "choose the rasters of the two dates" in message
        assert "Traceback" not in message
    assert not os.path.exists(tmp_path / "out.tif")
    done = processing_api.run(algorithm_id, {"T1": path, "T2": link, "BANDS_T1": "1,2,3", "BANDS_T2": "4,5,6",
                                             "OUTPUT": str(tmp_path / "out.tif"), **extra})
    assert os.path.isfile(done["OUTPUT"])  # two dates stacked in one file: different bands run


def test_processing_refuses_one_layer_for_both_dates(processing_api, square_pair, tmp_path):
    layer = virtual_raster(square_pair[0])  # not a file: compared as a layer
    QgsProject.instance().addMapLayer(layer)
    try:
        message = refusal(processing_api, "metriccd:cva", {"T1": layer.id(), "T2": layer.id(),
                                                           "OUTPUT": str(tmp_path / "out.tif")})
        assert "T1 and T2 are the same layer ('t1_virtual')" in message
    finally:
        QgsProject.instance().removeMapLayer(layer.id())
    assert not os.path.exists(tmp_path / "out.tif")


@pytest.mark.parametrize("command", [["classical", "cva"], ["detect", "--weights", "random", "--iterations", "2"]])
def test_the_command_line_refuses_one_file_for_both_dates(stacked, tmp_path, command):
    path, link, _ = stacked
    out = str(tmp_path / "out.tif")
    done = subprocess.run([sys.executable, "-m", "metric_cd_plugin", command[0], *command[1:], path, link, "-o", out],
                          cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 1 and done.stderr.startswith(f"error: {SAME}"), done.stderr
    assert len(done.stderr.strip().splitlines()) == 1 and not os.path.exists(out)
