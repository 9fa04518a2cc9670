#!/usr/bin/env bash
# `make test-lts`: the test suite on QGIS 3.40 LTR (Debian 13: Python 3.13, numpy 2, GDAL 3.10),
# in a Debian 13 chroot built once with debootstrap and kept outside the repository.
#
#   tools/test_lts.sh [pytest arguments]      (default: -q -rfEs tests)
#
# First run: debootstrap + QGIS + Debian's CPU PyTorch (python3-torch), about 3 GB and 8-10 min on
# 2 cores; later runs reuse it. The project's tracked and untracked (not ignored) files are copied
# into the chroot on each run; the chroot never writes into the repository. Root is needed.
# Environment: METRIC_CD_LTS_ROOT (the chroot; default /var/cache/metric-cd/trixie),
# METRIC_CD_LTS_MIRROR (the Debian mirror; default the host's apt mirror, else deb.debian.org),
# METRIC_CD_LTS_LOG (also write the run's header and pytest's last lines to this file).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=${METRIC_CD_LTS_ROOT:-/var/cache/metric-cd/trixie}
STAMP="$ROOT/.metric-cd-lts-v1"
# Debian's packages only: PyPI's torch for Python 3.13 is a CUDA build (2.7 GB with its nvidia-*
# wheels), Debian 13's python3-torch a 157 MB CPU build of torch 2.6 on the system numpy.
PACKAGES="python3-qgis qgis qgis-providers python3-gdal gdal-bin python3-venv python3-pip python3-pytest"
PACKAGES="$PACKAGES python3-torch python3-pyqt6 xvfb xauth make pyqt5-dev-tools qttools5-dev-tools ca-certificates"
PACKAGES="$PACKAGES e2fsprogs"  # chattr: the read-only folder of the failure matrix, which root could write
PACKAGES="$PACKAGES python3-cryptography"  # the tests' local HTTPS server makes its certificate with it
PACKAGES="$PACKAGES python3-setuptools"  # the offline `pip install .` test builds the wheel without isolation
VENV=/opt/metric-cd-venv   # inside the chroot: pytest-qgis and the check tools, on the system packages

[ "$(id -u)" = 0 ] || { echo "test-lts: needs root (debootstrap, chroot, mount)" >&2; exit 1; }
mkdir -p "$(dirname "$ROOT")"
exec 9>"$ROOT.lock"
flock -n 9 || { echo "test-lts: another run holds $ROOT.lock" >&2; exit 1; }

MOUNTED=()
mount_into() {  # the kernel file systems a chroot needs, unmounted on any exit
  local dir=$1
  mount -t proc proc "$dir/proc" && MOUNTED+=("$dir/proc")
  mount -t sysfs sysfs "$dir/sys" && MOUNTED+=("$dir/sys")
  mount --bind /dev "$dir/dev" && MOUNTED+=("$dir/dev")
  mount --bind /dev/pts "$dir/dev/pts" && MOUNTED+=("$dir/dev/pts")  # os.openpty (the Ctrl-C test)
  mount -t tmpfs tmpfs "$dir/dev/shm" && MOUNTED+=("$dir/dev/shm")  # torch's shared memory
}
unmount_all() {
  local i
  for ((i = ${#MOUNTED[@]} - 1; i >= 0; i--)); do umount "${MOUNTED[i]}" || umount -l "${MOUNTED[i]}"; done
  MOUNTED=()
}
trap unmount_all EXIT
in_root() {  # a clean environment: none of the host's pip or Python settings leak in
  chroot "$1" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
    DEBIAN_FRONTEND=noninteractive QT_QPA_PLATFORM=offscreen "${@:2}"
}

if [ ! -f "$STAMP" ]; then
  # the host's own Debian mirror (its first active, non-security apt source)
  mirror=${METRIC_CD_LTS_MIRROR:-$( (grep -rhE '^(URIs:|deb )' /etc/apt/sources.list /etc/apt/sources.list.d 2>/dev/null || true) \
    | grep -oE 'https?://[^ ]*debian/?' | grep -v security | head -1)}
  mirror=${mirror:-http://deb.debian.org/debian}
  command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
  echo "test-lts: building the Debian 13 chroot in $ROOT from $mirror (once; about 10 min)"
  if [ ! -f "$ROOT.tmp/.debootstrap-done" ]; then  # a failed apt-get step resumes from here
    rm -rf "$ROOT.tmp"
    debootstrap --variant=minbase trixie "$ROOT.tmp" "$mirror" >"$ROOT.build.log" 2>&1 \
      || { echo "test-lts: debootstrap failed, see $ROOT.build.log" >&2; exit 1; }
    touch "$ROOT.tmp/.debootstrap-done"
  fi
  # the host's own CA certificates (e.g. a proxy's), so pip in the chroot reaches PyPI as the host does
  # (the folder first: a minbase system has none until ca-certificates is installed, and cp would fail quietly)
  mkdir -p "$ROOT.tmp/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$ROOT.tmp/usr/local/share/ca-certificates/" 2>/dev/null || true
  mount_into "$ROOT.tmp"
  # shellcheck disable=SC2086  # the package list splits on purpose
  in_root "$ROOT.tmp" sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES" \
    >>"$ROOT.build.log" 2>&1 || { echo "test-lts: apt-get failed, see $ROOT.build.log" >&2; exit 1; }
  in_root "$ROOT.tmp" update-ca-certificates >>"$ROOT.build.log" 2>&1
  in_root "$ROOT.tmp" python3 -m venv --system-site-packages "$VENV"
  unmount_all
  rm -rf "$ROOT" && mv "$ROOT.tmp" "$ROOT" && touch "$STAMP"
fi

# A chroot built before a package joined the list gets it now (apt-get only when one is missing).
# (dpkg-query -W alone succeeds for a package dpkg merely knows of, state "un": read each status)
# shellcheck disable=SC2086
status=$(in_root "$ROOT" dpkg-query -W -f='${Status}\n' $PACKAGES 2>&1 || true)
if printf '%s\n' "$status" | grep -qv '^install ok installed$'; then
  mount_into "$ROOT"
  in_root "$ROOT" sh -c "apt-get update -qq && apt-get install -y -qq --no-install-recommends $PACKAGES" \
    >>"$ROOT.build.log" 2>&1 || { echo "test-lts: apt-get failed, see $ROOT.build.log" >&2; exit 1; }
  unmount_all
fi

# The project, fresh: tracked and untracked-but-not-ignored files (no .venv, build/ or caches).
rm -rf "$ROOT/work/metric-cd" && mkdir -p "$ROOT/work/metric-cd"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$ROOT/work/metric-cd"
ln -s "$VENV" "$ROOT/work/metric-cd/.venv"
mount_into "$ROOT"

# The same pins as `make setup` (torch, as there on Python 3.13: Debian's python3-torch, not a pin).
grep -vE '^torch([=<>~ ]|$)' requirements-dev.txt >"$ROOT/work/requirements-lts.txt"
if ! cmp -s "$ROOT/work/requirements-lts.txt" "$ROOT$VENV/.requirements-lts.txt"; then
  in_root "$ROOT" "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r /work/requirements-lts.txt
  cp "$ROOT/work/requirements-lts.txt" "$ROOT$VENV/.requirements-lts.txt"
fi

header=$(in_root "$ROOT" "$VENV/bin/python" -c '
import sys, numpy, torch
from osgeo import gdal
from qgis.core import Qgis
print(f"QGIS {Qgis.QGIS_VERSION}, Python {sys.version.split()[0]}, numpy {numpy.__version__}, "
      f"GDAL {gdal.__version__}, torch {torch.__version__}")')
echo "test-lts: Debian 13 chroot: $header"
args=("$@")
[ ${#args[@]} -gt 0 ] || args=(-q -rfEs tests)
start=$(date +%s)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo 'an unknown commit')  # the tree as the run starts
set +e
# -X faulthandler: a crash (in QGIS's, GDAL's or torch's C++), during the tests or at the exit after
# them, prints each thread's Python stack instead of only the shell's "Segmentation fault"
in_root "$ROOT" sh -c 'cd /work/metric-cd && exec .venv/bin/python -X faulthandler -m pytest "$@"' pytest "${args[@]}" 2>&1 \
  | tee "$ROOT/work/pytest.log"
rc=${PIPESTATUS[0]}
set -e
if [ -n "${METRIC_CD_LTS_LOG:-}" ]; then
  # the new record on top, the earlier ones kept below it (the file is the history of these runs)
  { echo "$(date -u +%Y-%m-%d) Debian 13 chroot: $header"
    echo "at $commit, pytest ${args[*]}: exit $rc" \
         "after $(( $(date +%s) - start )) s on $(nproc) cores"
    grep -E '^(FAILED|ERROR|SKIPPED)|[0-9]+ (passed|failed)' "$ROOT/work/pytest.log" | tail -40
    if [ -f "$METRIC_CD_LTS_LOG" ]; then echo; cat "$METRIC_CD_LTS_LOG"; fi; } >"$METRIC_CD_LTS_LOG.new"
  mv "$METRIC_CD_LTS_LOG.new" "$METRIC_CD_LTS_LOG"
fi
exit "$rc"
