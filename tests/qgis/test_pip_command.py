"""The PyTorch installer's Qt-free part: the real interpreter, the NVIDIA driver and its
CUDA build, the pip command and constraints, and that command actually run by pip
against local wheels into a target folder."""
import hashlib
import importlib.metadata
import os
import re
import subprocess
import sys

import numpy
import pytest

from conftest import REPO
from fake_wheel import build_wheel
from metric_cd_plugin.core.errors import MissingDependency
from metric_cd_plugin.dependencies import pip_command
from metric_cd_plugin.dependencies.pip_command import (CPU_INDEX, TORCH_VERSION, InstallPlan,
                                                       cuda_index_for_driver, parse_driver_version)
from metric_cd_plugin.dependencies.python_interpreter import find_python

VERSION = "%d.%d" % sys.version_info[:2]


def runs_as_this_python(path):
    done = subprocess.run([path, "-c", "import sys; print('%d.%d' % sys.version_info[:2])"],
                          capture_output=True, text=True, timeout=30)
    return done.returncode == 0 and done.stdout.strip() == VERSION


def test_find_python_here_returns_an_interpreter_that_runs():
    assert runs_as_this_python(find_python())


def test_find_python_when_the_executable_is_qgis_itself():
    # Linux/macOS QGIS: sys.executable is the QGIS binary; <exec_prefix>/bin/python3.X is the interpreter
    found = find_python(executable="/opt/qgis/bin/qgis", base_executable="", exec_prefix=sys.base_exec_prefix,
                        windows=False)
    assert found.startswith(os.path.join(sys.base_exec_prefix, "bin")) and runs_as_this_python(found)


def test_find_python_windows_layout_python_exe_beside_qgis_bin(tmp_path):
    beside = tmp_path / "python.exe"
    beside.symlink_to(os.path.realpath(sys.executable))  # a real interpreter under the Windows name
    found = find_python(executable=str(tmp_path / "qgis-bin.exe"), base_executable="",
                        exec_prefix=str(tmp_path / "apps" / "Python311"), windows=True)
    assert found == str(beside)


def test_find_python_refuses_an_interpreter_of_another_version(tmp_path):
    # this interpreter is found, and refused: pip would choose wheels for another Python
    with pytest.raises(MissingDependency, match=r"No Python 2\.7 interpreter was found beside QGIS "
                                                r"\(looked for " + re.escape(sys.executable)):
        find_python(executable=str(tmp_path / "qgis-bin.exe"), base_executable=sys.executable,
                    exec_prefix=sys.base_exec_prefix, windows=False, version="2.7")


@pytest.mark.parametrize("text, version", [
    ("550.54.14, NVIDIA GeForce RTX 3090\n", (550, 54, 14)),                       # Linux query form
    ("537.58, NVIDIA RTX A2000 Laptop GPU\n537.58, NVIDIA RTX A2000\n", (537, 58)),  # Windows, 2 GPUs
    ("| NVIDIA-SMI 535.104.05   Driver Version: 535.104.05   CUDA Version: 12.2 |", (535, 104, 5)),
    ("NVIDIA-SMI has failed because it couldn't communicate with the NVIDIA driver.", None),
    ("", None),
])
def test_driver_version_is_parsed_from_nvidia_smi_output(text, version):
    assert parse_driver_version(text) == version


@pytest.mark.parametrize("driver, windows, tag", [
    ((580, 95, 5), False, "cu130"), ((575, 57, 8), False, "cu129"), ((560, 35, 3), False, "cu126"),
    ((550, 54, 14), False, "cu118"), ((560, 28, 3), False, "cu126"), ((560, 28, 2), False, "cu118"),
    ((566, 36), True, "cu126"), ((572, 16), True, "cu126"), ((576, 2), True, "cu129"),
    ((575, 51, 2), False, "cu126"), ((520, 6), True, "cu118"),
    ((470, 82), False, None), (None, False, None),
])
def test_cuda_build_follows_the_driver_minimum(driver, windows, tag):
    index = cuda_index_for_driver(driver, windows)
    assert (index.tag if index else None) == tag


def test_cpu_plan_is_the_exact_pip_command(tmp_path):
    versions = {"numpy": "1.24.2", "sympy": "1.14.0"}
    plan = pip_command.torch_plan("/usr/bin/python3.11", "/profile/python/metric_cd_deps", pip_command.CPU,
                                  str(tmp_path), versions)
    constraints = str(tmp_path / "metric_cd_constraints.txt")
    assert plan.command() == [
        "/usr/bin/python3.11", "-m", "pip", "install", "--target", "/profile/python/metric_cd_deps", "--upgrade",
        "--only-binary", ":all:", "--constraint", constraints, "--disable-pip-version-check", "--no-input",
        "--progress-bar", "off", "--index-url", CPU_INDEX, "--extra-index-url", "https://pypi.org/simple",
        f"torch=={TORCH_VERSION}"]
    with open(constraints, encoding="utf-8") as stream:
        assert stream.read().splitlines()[1:] == ["numpy==1.24.2", "sympy==1.14.0"]


def test_cuda_plan_uses_the_driver_s_index_and_its_torch(tmp_path):
    index = cuda_index_for_driver(parse_driver_version("561.09, NVIDIA GeForce RTX 4070\n"), windows=True)
    plan = pip_command.torch_plan("C:/OSGeo4W/apps/Python312/python.exe", "C:/deps", index, str(tmp_path), {})
    args = plan.arguments()
    assert args[args.index("--index-url") + 1] == "https://download.pytorch.org/whl/cu126"
    assert args[-1] == f"torch=={TORCH_VERSION}"
    old = cuda_index_for_driver(parse_driver_version("Driver Version: 525.147.05"), windows=False)
    assert pip_command.torch_plan("python3", "/d", old, str(tmp_path), {}).requirement == "torch==2.7.1"


def test_constraints_pin_what_this_python_has_and_skip_the_rest():
    versions = pip_command.installed_versions(["numpy", "sympy", "metric-cd-no-such-package"])
    assert versions == {"numpy": numpy.__version__, "sympy": importlib.metadata.version("sympy")}
    text = pip_command.constraints_text(pip_command.installed_versions())
    assert f"numpy=={numpy.__version__}" in text.splitlines() and "torch" not in text


def _numpy_files_digest():
    """Names, sizes and times of every file of the numpy this Python imports."""
    digest, root = hashlib.sha256(), os.path.dirname(numpy.__file__)
    for folder, _, names in sorted(os.walk(root)):
        for name in sorted(names):
            stat = os.stat(os.path.join(folder, name))
            digest.update(f"{folder}/{name} {stat.st_size} {stat.st_mtime_ns}".encode())
    return digest.hexdigest()


def test_built_command_really_installs_into_the_target_and_honours_constraints(tmp_path):
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    build_wheel(wheels, "metric_cd_fake_dep", "1.0", requires=["metric_cd_fake_pin"])
    build_wheel(wheels, "metric_cd_fake_pin", "1.0")
    build_wheel(wheels, "metric_cd_fake_pin", "2.0")  # newer, but the constraints pin 1.0
    target = tmp_path / "metric_cd_deps"
    numpy_before = _numpy_files_digest()
    plan = pip_command.torch_plan(find_python(), str(target), pip_command.CPU, str(tmp_path),
                                  {"metric_cd_fake_pin": "1.0", "numpy": numpy.__version__})
    plan = InstallPlan(plan.python, plan.target, "metric_cd_fake_dep==1.0", plan.constraints,
                       index_url=None, find_links=str(wheels))
    done = subprocess.run(plan.command(), capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stdout + done.stderr
    assert (target / "metric_cd_fake_dep" / "__init__.py").is_file()
    assert (target / "metric_cd_fake_pin" / "__init__.py").read_text() == 'VERSION = "1.0"\n'
    assert not [name for name in os.listdir(target) if name.lower().startswith("numpy")]
    assert _numpy_files_digest() == numpy_before
    probe = subprocess.run([plan.python, "-c", "import metric_cd_fake_dep, metric_cd_fake_pin; "
                            "print(metric_cd_fake_pin.VERSION)"], capture_output=True, text=True, timeout=30,
                           env={**os.environ, "PYTHONPATH": str(target)})
    assert probe.stdout.strip() == "1.0"


def test_failed_install_removes_only_a_target_this_run_created(tmp_path):
    created, existing = tmp_path / "created", tmp_path / "existing"
    for folder in (created, existing):
        (folder / "half").mkdir(parents=True)
    assert pip_command.remove_failed_install(str(created), existed_before=False) and not created.exists()
    assert not pip_command.remove_failed_install(str(existing), existed_before=True)
    assert (existing / "half").is_dir()


def test_installer_and_weights_modules_import_no_qt_qgis_or_torch():
    code = ("import sys\n"
            "import metric_cd_plugin.dependencies.pip_command, metric_cd_plugin.dependencies.diagnostics\n"
            "import metric_cd_plugin.dependencies.site_dir, metric_cd_plugin.core.deep.weights\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('qgis', 'PyQt5', 'torch')))")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60,
                          cwd=REPO)
    assert done.stdout.strip() == "[]", done.stderr


def test_the_shown_command_can_be_pasted_into_a_shell():
    """The installer's log shows the command it runs: a profile path with spaces or quotes
    must come out of the shell as the same arguments."""
    import shlex
    from metric_cd_plugin.dependencies.pip_command import shell_text
    command = ["/opt/QGIS 3.22/bin/python3", "-m", "pip", "install", "--target", "/home/Anne-Marie O'Neil/deps",
               "torch==2.13.0"]
    assert shlex.split(shell_text(command)) == command
