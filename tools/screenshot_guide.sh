#!/usr/bin/env bash
# The user guide's screenshots (docs/user_guide.md) from the real QGIS desktop under Xvfb:
#
#   tools/screenshot_guide.sh [PLUGIN_PARENT_DIR [OUTPUT_FOLDER]]
#
# PLUGIN_PARENT_DIR holds the packaged plugin folder metric_cd_plugin/ (`make package` builds it
# as build/, the default); OUTPUT_FOLDER defaults to docs/. Two change detections from the dialog
# (the bundled Landsat pair, then the same pair without georeference), seeded random D-FE weights,
# the dialog's default iterations (METRIC_CD_SCREENSHOT_ITERATIONS=N for fewer); a few minutes
# on a 2-core CPU. tools/screenshot_guide.py lists the PNGs; METRIC_CD_REPORT=path.json gets
# what it saw (groups, layer names, messages, saved files).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
OUT_DIR="$(realpath -m "${2:-$REPO/docs}")"
export METRIC_CD_SCREENSHOT_CODE="$REPO/tools/screenshot_guide.py"
export METRIC_CD_SCREENSHOT_TIMEOUT="${METRIC_CD_SCREENSHOT_TIMEOUT:-900}"
export OMP_NUM_THREADS="${OMP_NUM_THREADS:-1}"  # modest CPU use beside the desktop
exec bash "$REPO/tools/screenshot_dialog.sh" "${1:-$REPO/build}" "$OUT_DIR/dialog.png"
