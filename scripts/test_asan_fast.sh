#!/usr/bin/env bash
# CI's sanitizer stage: builds the asan preset (ASan + UBSan at -O1, assertions on) and
# runs the unit, compiler, lit and fuzz-replay tests under it, a few minutes on two
# cores. The e2e tests, slower under ASan, run in `PRESET=asan bash scripts/test.sh`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/ccache_env.sh
cmake --preset asan
cmake --build --preset asan
ctest --preset asan -j "$(nproc)" -L '^(unit|compiler|lit|fuzz)$'
