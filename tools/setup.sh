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

if [ -f "$STAMP" ] && [ "$STAMP" -nt requirements-dev.txt ] && "$VENV/bin/python" -c "import torch, pytest, hypothesis, bandit, flake8, detect_secrets, distributed" >/dev/null 2>&1; then
  exit 0
fi
[ -x "$VENV/bin/python" ] || "$SYS_PY" -m venv --system-site-packages "$VENV"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements-dev.txt
touch "$STAMP"
echo "setup: done ($("$VENV/bin/python" -c 'import torch; print("torch", torch.__version__)'))"
