#!/usr/bin/env bash
# Screenshot of the Metric-CD dialog in the real QGIS desktop, under Xvfb.
#
#   tools/screenshot_dialog.sh [PLUGIN_PARENT_DIR [OUTPUT_PNG]]
#
# PLUGIN_PARENT_DIR holds the packaged plugin folder metric_cd_plugin/ (`make package`
# builds it as build/, the default); OUTPUT_PNG defaults to docs/dialog.png. QGIS starts in
# a throwaway profile with the plugin enabled, runs tools/screenshot_dialog.py (loads the
# bundled Landsat pair, opens the dialog from the Raster menu, grabs it, unloads the plugin)
# and exits. Optional: METRIC_CD_SCREEN_PNG=path also saves the whole screen (at the end);
# METRIC_CD_SCREENSHOT_RUN=1 also runs a short change detection from the dialog (3 fitting
# steps; METRIC_CD_SCREENSHOT_ITERATIONS=N for more, METRIC_CD_SCREENSHOT_DEADLINE=seconds,
# default 150), then saves METRIC_CD_SCREENSHOT_AFTER=path (the dialog's threshold box,
# previewing 0.65) and METRIC_CD_SCREENSHOT_MAP=path (the styled results over T2) when set;
# METRIC_CD_REPORT=path.json gets what the script saw (menu entry, toolbar, checks...);
# METRIC_CD_SCREENSHOT_CODE=script.py runs another script in QGIS (tools/screenshot_labelling.py).
set -euo pipefail
REPO="$(cd "$(dirname "$0")/.." && pwd)"
PLUGIN_PARENT="$(cd "${1:-$REPO/build}" && pwd)"
OUT="$(realpath -m "${2:-$REPO/docs/dialog.png}")"

for tool in xvfb-run qgis; do
  command -v "$tool" >/dev/null || { echo "screenshot_dialog: $tool is not installed (apt-get install xvfb qgis)" >&2; exit 2; }
done
if [ ! -f "$PLUGIN_PARENT/metric_cd_plugin/metadata.txt" ]; then
  echo "screenshot_dialog: no packaged plugin in $PLUGIN_PARENT; run 'make package' first." >&2
  exit 2
fi

PROFILES="$(mktemp -d "${TMPDIR:-/tmp}/metric-cd-screenshot.XXXXXX")"
trap 'rm -rf "$PROFILES"' EXIT
mkdir -p "$PROFILES/profiles/default/QGIS"
cat > "$PROFILES/profiles/default/QGIS/QGIS3.ini" <<INI
[PythonPlugins]
metric_cd_plugin=true

[qgis]
checkVersion=false
INI

# torch for QGIS's embedded (system) Python: the venv's site-packages, as for qgis_process
PY="${METRIC_CD_PYTHON:-$REPO/.venv/bin/python}"
if [ -x "$PY" ]; then
  SITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
fi
export PYTHONPATH="$REPO/tools${PYTHONPATH:+:$PYTHONPATH}"  # desktop_report.py for the scripts
export QGIS_PLUGINPATH="$PLUGIN_PARENT"
export QT_QPA_PLATFORM=xcb          # a real (virtual) screen, whatever the caller set
export GDAL_PAM_ENABLED=NO          # no .aux.xml written beside the bundled sample
export METRIC_CD_SCREENSHOT="$OUT"
export METRIC_CD_SAMPLE="${METRIC_CD_SAMPLE:-$REPO/resources/sample_data/landsat_taizhou}"  # a pair folder (t1.tif, t2.tif)
mkdir -p "$(dirname "$OUT")"
rm -f "$OUT"

timeout "${METRIC_CD_SCREENSHOT_TIMEOUT:-240}" xvfb-run -a -s "-screen 0 1600x1000x24" \
  qgis --nologo --profiles-path "$PROFILES" --code "${METRIC_CD_SCREENSHOT_CODE:-$REPO/tools/screenshot_dialog.py}" \
  > "$PROFILES/qgis.log" 2>&1 || true
if [ ! -s "$OUT" ]; then
  echo "screenshot_dialog: QGIS did not write $OUT; its output:" >&2
  tail -40 "$PROFILES/qgis.log" >&2
  exit 1
fi
echo "screenshot_dialog: wrote $OUT"
