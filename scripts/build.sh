#!/usr/bin/env bash
# Configures and builds glassland (Release) into build/. Used by the README commands.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
