#!/usr/bin/env bash
# Installs ttemu's build and test dependencies from Debian's packages, only
# those that are missing, so repeated `make` runs cost nothing.
set -euo pipefail
PKGS="build-essential pkg-config libelf-dev libcapstone-dev libcmocka-dev libyaml-dev
gcc-arm-none-eabi libnewlib-arm-none-eabi gdb-multiarch qemu-system-arm libunicorn-dev gtkwave"
missing=()
for p in $PKGS; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
