"""The plugin-private package folder: on sys.path at plugin start (after QGIS's own
packages), named in the "not installed" message, left alone when it does not exist."""
import json
import os
import subprocess
import sys

from conftest import REPO
from metric_cd_plugin.core.deep import torch_check
from metric_cd_plugin.dependencies import site_dir

IN_QGIS = '''
import json, sys
from qgis.core import QgsApplication
app = QgsApplication([], False)
app.initQgis()
import metric_cd_plugin
import metric_cd_probe_pkg, numpy
print("REPORT " + json.dumps({"probe": metric_cd_probe_pkg.__file__, "numpy": numpy.__file__,
                              "last": sys.path[-1]}))
'''


def test_plugin_start_appends_the_private_folder_after_qgis_packages(tmp_path):
    config = tmp_path / "config"
    deps = config / "profiles" / "default" / "python" / "metric_cd_deps"
    (deps / "numpy").mkdir(parents=True)  # a stray numpy there must never shadow QGIS's
    (deps / "numpy" / "__init__.py").write_text("raise ImportError('the private numpy was imported')\n")
    (deps / "metric_cd_probe_pkg.py").write_text("VALUE = 1\n")
    done = subprocess.run([sys.executable, "-c", IN_QGIS], capture_output=True, text=True, timeout=60,
                          cwd=REPO, env={**os.environ, "QT_QPA_PLATFORM": "offscreen",
                                         "QGIS_CUSTOM_CONFIG_PATH": str(config)})
    lines = [line for line in done.stdout.splitlines() if line.startswith("REPORT ")]
    assert lines, done.stderr[-2000:]
    report = json.loads(lines[0][len("REPORT "):])
    assert report["probe"] == str(deps / "metric_cd_probe_pkg.py")
    assert not report["numpy"].startswith(str(deps))
    assert report["last"] == str(deps)


def test_missing_folder_is_not_added_but_named_in_qgis_words(tmp_path, monkeypatch):
    """The core raises a coded MissingDependency; QGIS words it with its installer and the
    profile's private folder, the command line with a plain pip command."""
    from metric_cd_plugin.core.errors import MissingDependency
    from metric_cd_plugin.dependencies import torch_words
    monkeypatch.setattr(sys, "path", list(sys.path))
    folder = site_dir.add_private_site(str(tmp_path))
    assert folder == str(tmp_path / "python" / "metric_cd_deps")
    assert folder not in sys.path
    missing = MissingDependency(torch_check.install_message(), "torch_missing", python=sys.executable)
    message = torch_words.qgis_text(missing, folder)
    assert message.startswith("PyTorch is not installed for this QGIS. Use Plugins > Metric-CD > Install PyTorch...")
    assert f"-m pip install --target {folder} torch" in message
    python = message.split("or run: ")[1].split(" -m pip")[0]
    assert os.access(python, os.X_OK)  # the interpreter find_python() chose


def test_the_core_and_the_command_line_name_this_python_and_no_qgis_menu():
    message = torch_check.install_message()
    assert message.startswith(f"PyTorch is not installed for this Python ({sys.executable})")
    assert "Plugins >" not in message and "QGIS" not in message
