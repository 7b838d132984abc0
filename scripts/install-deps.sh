#!/usr/bin/env bash
# Installs ttemu's build and test dependencies from Debian's packages, only
# those that are missing, so repeated `make` runs cost nothing.
set -euo pipefail
PKGS="build-essential pkg-config libelf-dev libcapstone-dev libcmocka-dev libyaml-dev
gcc-arm-none-eabi libnewlib-arm-none-eabi gdb-multiarch qemu-system-arm libunicorn-dev gtkwave
libcairo2-dev libxml2-utils python3 python3-yaml parallel slurm-wlm munge"
# Node.js with npm runs the LiteRT oracle; a machine whose node came from
# elsewhere (with its own npm) keeps it: Debian's npm would conflict.
command -v npm >/dev/null 2>&1 || PKGS="$PKGS nodejs npm"
missing=()
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
# apt's own output goes to a log, not the screen: one line says where.
LOG=${TTEMU_DEPS_LOG:-build/install-deps.log}
mkdir -p "$(dirname "$LOG")"
echo "install-deps: installing ${missing[*]} (apt's output: $LOG)" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
if ! { $SUDO apt-get update -qq && $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"; } >"$LOG" 2>&1; then
  echo "install-deps: apt-get failed; the last lines of $LOG:" >&2
  tail -n 20 "$LOG" >&2
  exit 1
fi
