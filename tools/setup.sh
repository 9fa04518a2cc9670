#!/usr/bin/env bash
# Idempotent set-up: Debian QGIS/GDAL packages (when missing and root), a venv on the
# system Python with access to QGIS's bindings, and the pinned Python packages.
set -euo pipefail
cd "$(dirname "$0")/.."
SYS_PY=/usr/bin/python3
VENV=.venv
STAMP="$VENV/.setup-done-v1"

if ! "$SYS_PY" -c "import qgis.core, osgeo.gdal" >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing QGIS and GDAL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq python3-qgis qgis qgis-providers python3-gdal gdal-bin \
      python3-venv python3-pip xvfb pyqt5-dev-tools qttools5-dev-tools >/dev/null
  else
    echo "setup: QGIS/GDAL Python bindings are missing; install as root:" >&2
    echo "  apt-get install python3-qgis qgis qgis-providers python3-gdal gdal-bin python3-venv xvfb" >&2
    exit 1
  fi
fi

# translation tools for `make transup` / `make transcompile` (the package compiles .qm files)
if ! command -v lrelease >/dev/null 2>&1 || ! command -v pylupdate5 >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ]; then
    echo "setup: installing the Qt translation tools (pylupdate5, lrelease)"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq pyqt5-dev-tools qttools5-dev-tools >/dev/null 2>&1 \
      || { apt-get update -qq && apt-get install -y -qq pyqt5-dev-tools qttools5-dev-tools >/dev/null; }
  else
    echo "setup: pylupdate5/lrelease are missing (needed by make package); as root:" >&2
    echo "  apt-get install pyqt5-dev-tools qttools5-dev-tools" >&2
  fi
fi

# PyQt6, only for the test that resolves every Qt name the plugin uses against Qt 6 (QGIS 4)
if ! "$SYS_PY" -c "import PyQt6.QtWidgets" >/dev/null 2>&1 && [ "$(id -u)" = 0 ]; then
  echo "setup: installing python3-pyqt6 (the Qt 6 name check)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-pyqt6 >/dev/null 2>&1 \
    || echo "setup: python3-pyqt6 could not be installed; the Qt 6 name test will be skipped" >&2
fi

# torch's version has one source, the plugin's installer (what users get is what is tested here).
# Its wheel here is a CPU build for Debian 12's Python 3.11. For another system Python (Debian 13:
# 3.13) PyPI's torch is a CUDA build (2.7 GB with its nvidia-* wheels), so Debian's python3-torch
# (a CPU build on the system numpy) is used instead, through the venv's system site-packages.
TORCH_PIN=$(sed -n 's/^TORCH_VERSION = "\([^"]*\)".*/\1/p' metric_cd_plugin/dependencies/pip_command.py)
TORCH_REQ="torch==$TORCH_PIN"
if [ "$("$SYS_PY" -c 'import sys; print("%d.%d" % sys.version_info[:2])')" != 3.11 ]; then
  if ! "$SYS_PY" -c "import torch" >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then
      echo "setup: installing Debian's PyTorch (python3-torch, CPU)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3-torch >/dev/null
    else
      echo "setup: PyTorch is missing; install as root: apt-get install python3-torch" >&2
      exit 1
    fi
  fi
  TORCH_PIN=$("$SYS_PY" -c 'import torch; print(torch.__version__.split("+")[0])')
  TORCH_REQ=""
fi
if [ -f "$STAMP" ] && [ "$STAMP" -nt requirements-dev.txt ] && "$VENV/bin/python" -c "import torch, pytest, hypothesis, bandit, flake8, detect_secrets, distributed; assert torch.__version__.split('+')[0] == '$TORCH_PIN'" >/dev/null 2>&1; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$SYS_PY" -m venv --system-site-packages "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt ${TORCH_REQ:+"$TORCH_REQ"}
touch "$STAMP"
echo "setup: done ($("$VENV/bin/python" -c 'import torch; print("torch", torch.__version__)'))"
