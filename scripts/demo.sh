#!/usr/bin/env bash
# The README's first command, on a fresh Debian 12 machine: install the dependencies,
# build gyrus, then run `gyrus demo`: analyse the shipped BIMT model, compile it for the
# small `mini` chip and for loihi2, check the simulator against the integer reference,
# score the deployed network against the float one, simulate a trial with cycles and
# energy, compare placements, and (when Lava is installed) compare with Lava.
# The report lands in out/demo/report.md (or the directory given as $1).
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/demo}
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target gyrus
build/default/tools/gyrus/gyrus --seed 1 demo --out "$out"
