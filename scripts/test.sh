#!/usr/bin/env bash
# The whole test suite on a fresh Debian 12 machine: install dependencies,
# configure, build, run ctest. PRESET=asan runs it under ASan + UBSan.
set -euo pipefail
cd "$(dirname "$0")/.."
preset=${PRESET:-default}
bash scripts/setup.sh
source scripts/ccache_env.sh
cmake --preset "$preset"
cmake --build --preset "$preset"
ctest --preset "$preset" -j "$(nproc)"
