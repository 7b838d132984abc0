#!/usr/bin/env bash
# make calibrate-edgetpu: fits the Edge TPU timing parameters
# (scripts/calibrate-edgetpu.c) and writes them, with the fit in a comment,
# between the "# calibrate-edgetpu: begin/end" lines of the board YAMLs;
# then prints the prediction table.
#   scripts/calibrate-edgetpu.sh TOOL
set -euo pipefail
tool=${1:?usage: calibrate-edgetpu.sh TOOL}
for board in coralusb coralmicro; do
  f=models/boards/$board.yaml
  grep -q '# calibrate-edgetpu: begin' "$f" || { echo "calibrate-edgetpu: $f: no '# calibrate-edgetpu: begin' line" >&2; exit 1; }
  lines=$("$tool" --yaml usb)
  awk -v lines="$lines" '
    /# calibrate-edgetpu: begin/ { print; print lines; skip = 1; next }
    /# calibrate-edgetpu: end/   { skip = 0 }
    !skip { print }' "$f" > "$f.tmp"
  mv "$f.tmp" "$f"
  echo "calibrate-edgetpu: wrote $f"
done
"$tool"
