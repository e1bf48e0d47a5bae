#!/usr/bin/env bash
# Installs the Debian 12 packages glassland builds, tests and benchmarks with.
# Idempotent: does nothing when every package is present. Run as root (or with sudo).
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libeigen3-dev libboost-graph-dev libnlopt-cxx-dev libyaml-cpp-dev libsqlite3-dev
  doctest-dev libcli11-dev libfmt-dev libspdlog-dev nlohmann-json3-dev libbenchmark-dev
  gnuplot-nox
  lammps lammps-data
  python3 python3-networkx python3-ase
)

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
