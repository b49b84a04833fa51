#!/usr/bin/env bash
# The most complete job gyrus can do today, from a fresh Debian 12 machine:
# install dependencies, build, then
#   1. sample every task of both suites and plot them;
#   2. train a BIMT network briefly, to show the trainer at work;
#   3. analyse the shipped BIMT model (examples/models): functional clusters,
#      modularity, locality, wiring cost, with figures.
# (`gyrus demo` replaces this once compilation and simulation land.)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-out/demo}
bash scripts/setup.sh
cmake --preset default >/dev/null
cmake --build --preset default --target gyrus
gyrus=build/default/tools/gyrus/gyrus
model=examples/models/cog20_bimt_20x20.gnet.h5

mkdir -p "$out"
echo "== 1/3 task suites"
"$gyrus" tasks list --suite cog20
for suite in cog20 modcog; do
  "$gyrus" tasks sample --task all --suite "$suite" --batch 16 --seed 1 --out "$out/$suite-trials"
  /usr/bin/python3 scripts/plot_trial.py "$out/$suite-trials" --out "$out/$suite-figures" \
    --overview "$out/$suite-overview.png"
done

echo "== 2/3 a short BIMT training run (300 of the 24000 steps the shipped model took)"
"$gyrus" --seed 1 train --reg bimt --lambda 1e-5 --steps 300 --eval-every 100 --eval-trials 32 \
  --final-eval-trials 64 --out "$out/short.gnet.h5" --log "$out/short.jsonl"

echo "== 3/3 analysis of the shipped model $model"
"$gyrus" analyze "$model" --figures "$out/analysis"

echo
echo "demo outputs in $out/:"
echo "  cog20-overview.png, modcog-overview.png, *-figures/   one trial per task"
echo "  short.gnet.h5, short.jsonl                            the short training run"
echo "  analysis/grid.png, task_variance.png, performance.png the shipped model's clusters"
