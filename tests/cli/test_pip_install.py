"""The project installs as a Python package (issue 28, item 5): `pip install .` into a fresh
venv made beside the system's Python (QGIS's, with GDAL and numpy) gives the `metric-cd`
command and an importable package with no PYTHONPATH, as Dask schedulers and workers need;
the wheel `make package` writes holds the package and the command. Offline: the build uses
the system's setuptools (--no-build-isolation) and pip may not download (--no-index), so
PyTorch is never pulled in (it is installed separately)."""
import os
import shutil
import subprocess
import zipfile

import numpy as np
import pytest
from osgeo import gdal

from conftest import REPO
from synthetic import change_pair

SYSTEM_PYTHON = "/usr/bin/python3"
OFFLINE = ["--no-build-isolation", "--no-index", "--disable-pip-version-check", "--quiet"]


def _source_copy(folder):
    """What `pip install .` reads, copied so that the build leaves nothing in the repository."""
    src = folder / "src"
    src.mkdir()
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        shutil.copy(os.path.join(REPO, name), src / name)
    shutil.copytree(os.path.join(REPO, "metric_cd_plugin"), src / "metric_cd_plugin",
                    ignore=shutil.ignore_patterns("__pycache__"))
    return src


@pytest.fixture(scope="module")
def venv(tmp_path_factory):
    folder = tmp_path_factory.mktemp("venv")
    made = subprocess.run([SYSTEM_PYTHON, "-m", "venv", "--system-site-packages", str(folder / "env")],
                          capture_output=True, text=True, timeout=120) if os.path.exists(SYSTEM_PYTHON) else None
    if made is None or made.returncode != 0:
        pytest.skip(f"no venv can be made from {SYSTEM_PYTHON} here ({made.stderr.strip() if made else 'missing'})")
    return folder, folder / "env" / "bin"


def _clean_env():
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return {**env, "OMP_NUM_THREADS": "1"}


def test_pip_install_gives_the_metric_cd_command_without_pythonpath(venv):
    folder, bin_dir = venv
    src = _source_copy(folder)
    wheels = folder / "wheels"
    built = subprocess.run([str(bin_dir / "pip"), "wheel", *OFFLINE, "--no-deps", "-w", str(wheels), str(src)],
                           capture_output=True, text=True, timeout=120, env=_clean_env(), cwd=folder)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("metric_cd_qgis-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "metric_cd_plugin/cli.py" in names and "metric_cd_plugin/core/raster/pair.py" in names
    entry_points = next(n for n in names if n.endswith("entry_points.txt"))
    assert "metric-cd = metric_cd_plugin.cli:main" in zipfile.ZipFile(wheel).read(entry_points).decode()

    installed = subprocess.run([str(bin_dir / "pip"), "install", *OFFLINE, str(src)], capture_output=True,
                               text=True, timeout=120, env=_clean_env(), cwd=folder)
    assert installed.returncode == 0, installed.stderr

    work = folder / "work"
    work.mkdir()
    helped = subprocess.run([str(bin_dir / "metric-cd"), "--help"], capture_output=True, text=True, timeout=60,
                            env=_clean_env(), cwd=work)
    assert helped.returncode == 0, helped.stderr
    assert "detect" in helped.stdout and "batch" in helped.stdout
    assert helped.stdout.startswith("usage: metric-cd ")  # the command's own name, not `python -m`
    where = subprocess.run([str(bin_dir / "python"), "-c", "import metric_cd_plugin; print(metric_cd_plugin.__file__)"],
                           capture_output=True, text=True, timeout=60, env=_clean_env(), cwd=work)
    assert where.stdout.strip().startswith(str(folder / "env")), where.stdout + where.stderr

    t1, t2, _ = change_pair(work, size=32)  # and the installed command runs a real comparison
    ran = subprocess.run([str(bin_dir / "metric-cd"), "classical", "cva", t1, t2, "-o", "score.tif"],
                         capture_output=True, text=True, timeout=120, env=_clean_env(), cwd=work)
    assert ran.returncode == 0, ran.stderr
    score = gdal.Open(str(work / "score.tif")).ReadAsArray()
    assert score.shape == (32, 32) and np.isfinite(score).all()


def test_pip_never_has_to_download_torch_or_build_gdal():
    """PyTorch (its CPU or CUDA build, from its own index) and GDAL's bindings (built against
    the system's libgdal) are installed separately: pip must not try to fetch them. The
    version is metric_cd_plugin.core.__version__, kept equal to metadata.txt's."""
    tomllib = pytest.importorskip("tomllib")
    with open(os.path.join(REPO, "pyproject.toml"), "rb") as f:
        project = tomllib.load(f)
    required = [d.split(";")[0].split("[")[0].split(">")[0].split("=")[0].strip().lower()
                for d in project["project"]["dependencies"]]
    assert "torch" not in required and "gdal" not in required
    assert project["project"]["scripts"] == {"metric-cd": "metric_cd_plugin.cli:main"}
    assert project["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "metric_cd_plugin.core.__version__"}
