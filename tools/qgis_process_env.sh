#!/usr/bin/env bash
# Run qgis_process with the Metric-CD plugin loaded, offscreen, in a throwaway QGIS profile.
#
#   tools/qgis_process_env.sh PLUGIN_PARENT_DIR [qgis_process arguments...]
#
# PLUGIN_PARENT_DIR holds the packaged plugin folder, metric_cd_plugin/ with metadata.txt
# and resources/ inside (`make package` builds it as build/). Example:
#
#   tools/qgis_process_env.sh build --json run metriccd:cva -- T1=a.tif T2=b.tif OUTPUT=score.tif
#
# What a fresh profile needs for qgis_process (QGIS 3.22) to load the provider:
#   1. the plugin folder on QGIS_PLUGINPATH, with hasProcessingProvider=yes in its metadata.txt;
#   2. the plugin enabled in that profile ([PythonPlugins] metric_cd_plugin=true in
#      <profile>/QGIS/QGIS3.ini), which `qgis_process plugins enable metric_cd_plugin` writes;
#   3. torch importable by the Python that qgis_process embeds (the system one, not the
#      venv): the venv's site-packages go on PYTHONPATH;
#   4. qgis_process.bin called directly on Debian: the /usr/bin/qgis_process wrapper passes
#      QGIS_OPTS=--noversioncheck from /etc/default/qgis, which qgis_process rejects
#      ("Command --noversioncheck not known!").
# Environment overrides: METRIC_CD_QGIS_CONFIG (reuse a profile folder instead of a
# temporary one), METRIC_CD_PYTHON (the Python whose site-packages hold torch; default
# .venv/bin/python of this repository), QGIS_PROCESS (the qgis_process executable).
set -euo pipefail

if [ $# -lt 1 ]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
PLUGIN_PARENT="$(cd "$1" && pwd)"
shift
PLUGIN=metric_cd_plugin
REPO="$(cd "$(dirname "$0")/.." && pwd)"

if ! grep -qs '^hasProcessingProvider=yes' "$PLUGIN_PARENT/$PLUGIN/metadata.txt"; then
  echo "qgis_process_env: $PLUGIN_PARENT/$PLUGIN/metadata.txt is missing or lacks hasProcessingProvider=yes;" \
       "give the folder that holds the packaged plugin (run 'make package' and pass build/)." >&2
  exit 2
fi

if [ -z "${QGIS_PROCESS:-}" ]; then
  QGIS_PROCESS="$(command -v qgis_process.bin || command -v qgis_process || true)"
fi
if [ -z "$QGIS_PROCESS" ]; then
  echo "qgis_process_env: qgis_process was not found; install QGIS (apt-get install qgis)." >&2
  exit 2
fi

PY="${METRIC_CD_PYTHON:-$REPO/.venv/bin/python}"
if [ -x "$PY" ]; then
  SITE="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
  export PYTHONPATH="$SITE${PYTHONPATH:+:$PYTHONPATH}"
fi

if [ -n "${METRIC_CD_QGIS_CONFIG:-}" ]; then
  mkdir -p "$METRIC_CD_QGIS_CONFIG"
  CONFIG="$(cd "$METRIC_CD_QGIS_CONFIG" && pwd)"
else
  CONFIG="$(mktemp -d "${TMPDIR:-/tmp}/metric-cd-qgis-profile.XXXXXX")"
  trap 'rm -rf "$CONFIG"' EXIT
fi

export QGIS_CUSTOM_CONFIG_PATH="$CONFIG"
export QGIS_PLUGINPATH="$PLUGIN_PARENT${QGIS_PLUGINPATH:+:$QGIS_PLUGINPATH}"
export QT_QPA_PLATFORM="${QT_QPA_PLATFORM:-offscreen}"

if ! grep -qs "^$PLUGIN=true" "$CONFIG/profiles/default/QGIS/QGIS3.ini"; then
  "$QGIS_PROCESS" plugins enable "$PLUGIN" >/dev/null 2>"$CONFIG/enable.log" || {
    echo "qgis_process_env: 'qgis_process plugins enable $PLUGIN' failed:" >&2
    cat "$CONFIG/enable.log" >&2
    exit 1
  }
fi
"$QGIS_PROCESS" "$@"
