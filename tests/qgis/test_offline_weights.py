"""The default VGG16 weights choice ('auto') on a machine without network: the run goes on
with seeded random weights and says so (log, command line, output metadata), each front end
naming the choices as its user sees them (the command line its flags, Processing its
parameters; the file a sentence of no front end); an explicit 'imagenet' still fails cleanly. No mock of the
fallback: the cache and torch's hub are empty folders and the download address (the
METRIC_CD_WEIGHTS_URL setting) is a closed port on this machine."""
import os
import socket
import subprocess
import sys

import pytest
from osgeo import gdal

from conftest import REPO, messages
from test_processing_runs import RecordingFeedback

FALLBACK = "Seeded random VGG16 weights were used instead"


def closed_port_url():
    with socket.socket() as sock:  # a port nothing listens on: "no network"
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"https://127.0.0.1:{port}/vgg16-397923af.pth"


@pytest.fixture()
def offline(tmp_path, monkeypatch):
    """Empty cache and torch hub, the download address unreachable: (environment, cache)."""
    cache, torch_home = tmp_path / "weights_cache", tmp_path / "torch_home"
    cache.mkdir()
    env = {"METRIC_CD_WEIGHTS_URL": closed_port_url(), "TORCH_HOME": str(torch_home)}
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return env, cache


def cli(*args, env):
    return subprocess.run([sys.executable, "-m", "metric_cd_plugin", *args], cwd=REPO, capture_output=True,
                          text=True, timeout=600, env={**os.environ, "OMP_NUM_THREADS": "1", **env})


def assert_no_front_end_words(meta):
    """The output's metadata words the weights note for no front end, and its request holds no
    front end's names for the choices."""
    for words in ("--weights", "WEIGHTS=", "Advanced settings", "Pretrained file"):
        assert words not in meta["weights_note"] and words not in meta["request"], words
    assert "choose it with the VGG16 weights file setting" in meta["weights_note"]
    assert "controls" not in meta["request"]


def test_the_command_line_default_falls_back_to_random_weights_with_a_warning(square_pair, tmp_path, offline):
    env, cache = offline
    t1, t2, _ = square_pair
    out = str(tmp_path / "prob.tif")
    done = cli("detect", t1, t2, "-o", out, "--iterations", "3", "--device", "cpu", "--cache-dir", str(cache), env=env)
    assert done.returncode == 0, done.stderr
    [warning] = messages(done.stderr)
    assert warning.startswith("warning: Could not download")
    assert FALLBACK in warning and "choose it with --weights PATH" in warning
    assert "Changed: " in done.stdout and " patch" in done.stdout  # how much changed
    meta = gdal.Open(out).GetMetadata("METRIC_CD")
    assert (meta["weights"], meta["weights_used"]) == ("auto", "random") and FALLBACK in meta["weights_note"]
    assert_no_front_end_words(meta)
    refused = cli("detect", t1, t2, "-o", str(tmp_path / "other.tif"), "--weights", "imagenet", "--cache-dir",
                  str(cache), env=env)
    assert refused.returncode == 1 and refused.stderr.startswith("error: Could not download"), refused.stderr
    assert "--weights PATH" in refused.stderr and "--weights random" in refused.stderr and str(cache) in refused.stderr
    assert "WEIGHTS=" not in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1 and not os.path.exists(tmp_path / "other.tif")
    assert os.listdir(cache) == []


def test_processing_default_falls_back_to_random_weights_with_a_warning(processing_api, square_pair, tmp_path,
                                                                        offline, monkeypatch):
    from qgis.core import QgsProcessingException
    from metric_cd_plugin.processing_provider import change_algorithms
    _, cache = offline
    monkeypatch.setattr(change_algorithms, "weights_cache_dir", lambda: str(cache))  # not the real profile's
    t1, t2, _ = square_pair
    params = {"T1": t1, "T2": t2, "ITERATIONS": 3, "DEVICE": 1, "OUTPUT": str(tmp_path / "prob.tif")}
    feedback = RecordingFeedback()
    results = processing_api.run("metriccd:changedetection", params, feedback=feedback)  # WEIGHTS left as is
    warnings = [i for i in feedback.infos if i.startswith("WARNING ") and FALLBACK in i]
    assert warnings and "VGG16 weights = file and the .pth as VGG16 weights file (WEIGHTS=file" in warnings[0]
    assert "--weights" not in warnings[0] and str(cache) in warnings[0]
    assert results["WEIGHTS_USED"] == "random"
    meta = gdal.Open(results["OUTPUT"]).GetMetadata("METRIC_CD")
    assert meta["weights_used"] == "random" and FALLBACK in meta["weights_note"]
    assert_no_front_end_words(meta)
    try:
        processing_api.run("metriccd:changedetection", {**params, "WEIGHTS": "imagenet",
                                                        "OUTPUT": str(tmp_path / "other.tif")})
        pytest.fail("imagenet ran offline")
    except QgsProcessingException as exc:
        message = str(exc)
    assert message.startswith("Could not download") and "(WEIGHTS=file WEIGHTS_FILE=PATH)" in message
    assert "(WEIGHTS=random)" in message and "--weights" not in message
    assert "Traceback" not in message and not os.path.exists(tmp_path / "other.tif")
