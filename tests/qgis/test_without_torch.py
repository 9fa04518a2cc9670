"""A QGIS whose Python has no torch (hidden from the import system in a subprocess by a
sitecustomize on PYTHONPATH): the plugin and its provider load, the classical methods
run, the deep method fails with the install message, diagnostics say "not installed"."""
import json
import os
import subprocess
import sys

import pytest

from conftest import REPO
from test_processing_provider import ALGORITHM_IDS

HIDE_TORCH = '''
import sys


class HideTorch:
    """Makes `import torch` fail as it does where torch is not installed."""

    def find_spec(self, name, path=None, target=None):
        if name == "torch" or name.startswith("torch."):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, HideTorch())
'''

IN_QGIS = '''
import json, os, sys
from qgis.core import QgsApplication, QgsProcessingException
app = QgsApplication([], False)
app.initQgis()
sys.path.append(os.path.join(QgsApplication.pkgDataPath(), "python", "plugins"))
from processing.core.Processing import Processing
Processing.initialize()
import processing
from metric_cd_plugin import classFactory
plugin = classFactory(None)
plugin.initProcessing()
t1, t2, out = sys.argv[1:4]
provider = QgsApplication.processingRegistry().providerById("metriccd")
report = {"algorithms": sorted(a.id() for a in provider.algorithms())}
cva = processing.run("metriccd:cva", {"T1": t1, "T2": t2, "OUTPUT": os.path.join(out, "cva.tif")})
report["cva_output"] = cva["OUTPUT"]
try:
    processing.run("metriccd:changedetection", {"T1": t1, "T2": t2, "OUTPUT": os.path.join(out, "deep.tif"),
                                                "WEIGHTS": "random", "ITERATIONS": 3, "DEVICE": 1})
except QgsProcessingException as exc:
    report["deep_error"] = str(exc)
from metric_cd_plugin.dependencies.diagnostics import collect
report["diagnostics"] = collect()["PyTorch"]
report["torch_imported"] = "torch" in sys.modules
print("REPORT " + json.dumps(report))
'''


@pytest.fixture
def no_torch_env(tmp_path):
    site = tmp_path / "hide_torch"
    site.mkdir()
    (site / "sitecustomize.py").write_text(HIDE_TORCH)
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(site), REPO]), "QT_QPA_PLATFORM": "offscreen",
            "QGIS_CUSTOM_CONFIG_PATH": str(tmp_path / "qgis_config")}


def test_torch_is_really_hidden(no_torch_env):
    done = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True, text=True,
                          env=no_torch_env, timeout=60)
    assert done.returncode == 1 and "No module named 'torch'" in done.stderr


def test_plugin_loads_classical_runs_and_deep_says_how_to_install(no_torch_env, square_pair, tmp_path):
    t1, t2, _ = square_pair
    done = subprocess.run([sys.executable, "-c", IN_QGIS, t1, t2, str(tmp_path)], capture_output=True,
                          text=True, env=no_torch_env, timeout=120, cwd=str(tmp_path))
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, done.stderr[-3000:]
    report = json.loads(lines[0][len("REPORT "):])
    assert len(report["algorithms"]) == len(ALGORITHM_IDS)
    assert os.path.isfile(report["cva_output"])
    message = report["deep_error"]
    assert message.startswith("PyTorch is not installed for this QGIS. Use Plugins > Metric-CD > Install PyTorch...")
    profile_deps = os.path.join(str(tmp_path / "qgis_config"), "profiles", "default", "python", "metric_cd_deps")
    assert f"-m pip install --target {profile_deps} torch" in message
    assert report["diagnostics"].startswith("not installed")
    assert not report["torch_imported"]
    assert not os.path.exists(tmp_path / "deep.tif")


def test_cli_without_torch_runs_classical_and_explains_detect(no_torch_env, square_pair, tmp_path):
    t1, t2, _ = square_pair

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "metric_cd_plugin", *args], capture_output=True,
                              text=True, env=no_torch_env, timeout=120, cwd=str(tmp_path))
    assert cli("classical", "cva", t1, t2, "-o", str(tmp_path / "cva.tif")).returncode == 0
    done = cli("detect", t1, t2, "-o", str(tmp_path / "deep.tif"), "--weights", "random")
    assert done.returncode == 1
    assert done.stderr.startswith("error: PyTorch is not installed for this Python")
    assert f"{sys.executable} -m pip install torch" in done.stderr
