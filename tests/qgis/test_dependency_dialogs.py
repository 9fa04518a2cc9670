"""Plugins > Metric-CD: the menu actions, the diagnostics view with its Copy button, and
the PyTorch installer dialog running real processes through QProcess (pip against local
wheels, a cancelled run, a failed run)."""
import sys
import time

import numpy
import pytest
import torch
from osgeo import gdal
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop
from qgis.PyQt.QtGui import QGuiApplication

from fake_wheel import build_wheel
from metric_cd_plugin.dependencies.pip_command import CPU, InstallPlan
from metric_cd_plugin.dependencies.python_interpreter import find_python
from metric_cd_plugin.gui.diagnostics_dialog import DiagnosticsDialog
from metric_cd_plugin.gui.install_dialog import InstallTorchDialog


def wait_until(condition, seconds=120):
    """Run the Qt event loop until condition() holds (bounded; not a timing check)."""
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        time.sleep(0.02)
    return condition()


def test_menu_actions_open_the_dialogs_and_go_away_on_unload(qgis_processing, plugin_iface):
    from metric_cd_plugin import classFactory
    plugin = classFactory(plugin_iface)
    plugin.initGui()
    try:
        actions = plugin_iface.plugin_menus["Metric-CD"]
        assert [a.text() for a in actions] == ["Install PyTorch...", "About / diagnostics..."]
        actions[1].trigger()
        diagnostics = plugin._dependency_dialogs["diagnostics"]
        assert diagnostics.isVisible() and f"PyTorch: {torch.__version__}" in diagnostics.text
        actions[0].trigger()
        installer = plugin._dependency_dialogs["installer"]
        assert installer.isVisible() and installer.target.endswith("metric_cd_deps") and installer.python
    finally:
        plugin.unload()  # also on failure: a provider left registered would break later tests
    assert plugin_iface.plugin_menus["Metric-CD"] == [] and not installer.isVisible()


def test_diagnostics_lists_versions_and_copy_puts_them_on_the_clipboard(qgis_app, tmp_path):
    dialog = DiagnosticsDialog("3.22.16-Białowieża", str(tmp_path / "cache"), str(tmp_path / "deps"))
    lines = dialog.text.splitlines()
    for expected in ("QGIS: 3.22.16-Białowieża", f"GDAL: {gdal.__version__}", f"numpy: {numpy.__version__} (",
                     f"PyTorch: {torch.__version__} (", f"Weights cache: {tmp_path / 'cache'}",
                     f"Private package folder: {tmp_path / 'deps'} (not created yet)"):
        assert any(line.startswith(expected) for line in lines), expected
    assert any(line.startswith("ImageNet VGG16 weights: not yet downloaded") for line in lines)
    if not torch.cuda.is_available():
        assert "CUDA: not available (CPU-only build)" in lines
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == dialog.text


def test_installer_runs_pip_into_the_target_and_asks_for_a_restart(qgis_app, tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    build_wheel(wheels, "metric_cd_fake_dep", "1.0")
    (tmp_path / "constraints.txt").write_text(f"numpy=={numpy.__version__}\n")
    target = tmp_path / "metric_cd_deps"
    dialog = InstallTorchDialog(str(target), python=find_python(), nvidia_smi_text="")
    dialog.start(InstallPlan(dialog.python, str(target), "metric_cd_fake_dep==1.0",
                             str(tmp_path / "constraints.txt"), index_url=None, find_links=str(wheels)))
    assert wait_until(lambda: not dialog.is_running())
    log = dialog.log.toPlainText()
    assert f"$ {dialog.python} -m pip install --target {target}" in log
    assert "Successfully installed metric_cd_fake_dep-1.0" in log
    assert dialog.status.text() == f"PyTorch was installed into {target}. Restart QGIS to use it."
    assert (target / "metric_cd_fake_dep" / "__init__.py").is_file()


@pytest.mark.parametrize("existed_before", [False, True])
def test_cancel_kills_the_process_and_removes_only_a_folder_it_created(qgis_app, tmp_path, existed_before):
    target = tmp_path / "metric_cd_deps"
    if existed_before:
        target.mkdir()
    dialog = InstallTorchDialog(str(target), python=sys.executable, nvidia_smi_text="")
    slow_install = (f"import os, time; os.makedirs({str(target)!r}, exist_ok=True); "
                    f"open(os.path.join({str(target)!r}, 'half.whl'), 'w').close(); "
                    "print('started', flush=True); time.sleep(120)")
    dialog.run_command(sys.executable, ["-c", slow_install])
    assert wait_until(lambda: "started" in dialog.log.toPlainText())
    dialog.cancel_button.click()
    assert not dialog.is_running() and dialog.status.text().startswith("Cancelled.")
    assert target.exists() == existed_before
    assert dialog.install_button.isEnabled()


def test_a_failing_pip_says_so(qgis_app, tmp_path):
    (tmp_path / "constraints.txt").write_text("")
    (tmp_path / "no_wheels").mkdir()
    dialog = InstallTorchDialog(str(tmp_path / "deps"), python=find_python(), nvidia_smi_text="")
    dialog.start(InstallPlan(dialog.python, str(tmp_path / "deps"), "metric_cd_absent==1.0",
                             str(tmp_path / "constraints.txt"), index_url=None,
                             find_links=str(tmp_path / "no_wheels")))
    assert wait_until(lambda: not dialog.is_running())
    assert dialog.status.text().startswith("pip failed (exit code 1)")
    assert "metric_cd_absent" in dialog.log.toPlainText() and not (tmp_path / "deps").exists()


@pytest.mark.parametrize("smi, enabled, tag", [("550.54.14, NVIDIA GeForce RTX 3090\n", True, "cu118"),
                                               ("580.95.05, NVIDIA H100 80GB HBM3\n", True, "cu130"),
                                               ("470.82.01, Tesla K80\n", False, "cpu"), ("", False, "cpu")])
def test_cuda_is_offered_only_with_a_driver_that_runs_a_build(qgis_app, tmp_path, smi, enabled, tag):
    dialog = InstallTorchDialog(str(tmp_path / "deps"), python=sys.executable, nvidia_smi_text=smi)
    assert dialog.cuda.isEnabled() == enabled and dialog.chosen_index() is CPU
    dialog.cuda.setChecked(True)
    assert dialog.chosen_index().tag == tag
