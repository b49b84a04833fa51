#!/usr/bin/env bash
# The most complete job gyrus can do today, from a fresh Debian 12 machine:
# install dependencies, build, sample every task of both suites and plot them.
# (`gyrus demo` replaces this once training and compilation land.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/demo}
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target gyrus
gyrus=build/default/tools/gyrus/gyrus

mkdir -p "$out"
"$gyrus" tasks list
for suite in cog20 modcog; do
  "$gyrus" tasks sample --task all --suite "$suite" --batch 16 --seed 1 --out "$out/$suite-trials"
  /usr/bin/python3 scripts/plot_trial.py "$out/$suite-trials" --out "$out/$suite-figures" \
    --overview "$out/$suite-overview.png"
done
echo
echo "demo: batches in $out/*-trials (HDF5), one figure per task in $out/*-figures,"
echo "      overviews in $out/cog20-overview.png and $out/modcog-overview.png"
