#!/usr/bin/env bash
# Installs the Debian 12 packages glassland builds, tests and benchmarks with.
# Idempotent: does nothing when every package is present. Run as root (or with sudo).
#   scripts/setup.sh        what the build, the tests and the demo need
#   scripts/setup.sh --ci   also clang, libFuzzer and clang-format (scripts/sanitize.sh, .ci/run)
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libboost-graph-dev libnlopt-cxx-dev libyaml-cpp-dev libsqlite3-dev
  doctest-dev libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev libbenchmark-dev
  zlib1g-dev
  gnuplot-nox
  lammps lammps-data
  python3 python3-networkx python3-ase
)
if [[ "${1:-}" == "--ci" ]]; then
  # clang-14 with its runtime (libFuzzer, sanitizers) and OpenMP for the fuzz
  # build; clang-format-14 for the formatting check.
  packages+=(clang-14 libclang-rt-14-dev libomp-14-dev clang-format-14)
fi

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "setup: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
