#!/usr/bin/env bash
# Installs every dependency of gyrus from Debian 12 packages, by name.
# Idempotent: packages already present are skipped, so a second run is fast.
set -euo pipefail

packages=(
  # toolchain
  g++ cmake ninja-build ccache pkg-config clang-format
  # compiler: MLIR/LLVM 19, FileCheck and lit come with llvm-19-tools
  libmlir-19-dev mlir-19-tools llvm-19-dev llvm-19-tools
  # numerics, graphs, files
  libeigen3-dev libboost-graph-dev libhdf5-dev libmetis-dev
  # tests and benchmarks
  libgtest-dev libgmock-dev libbenchmark-dev
  # CLI, JSON, formatting, logging
  libcli11-dev nlohmann-json3-dev libfmt-dev libspdlog-dev
  # scale-out
  libopenmpi-dev openmpi-bin
  # scripts, figures and cross-checks (run with /usr/bin/python3)
  python3 python3-numpy python3-h5py python3-matplotlib python3-scipy
  python3-networkx python3-asteval python3-brian
)

missing=()
for pkg in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$pkg")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup.sh: all ${#packages[@]} packages already installed"
  exit 0
fi

sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "setup.sh: installing ${#missing[@]} packages: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
