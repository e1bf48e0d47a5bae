#!/usr/bin/env bash
# The README's first command: set up, build, and run glassland on the bundled
# Kob-Andersen glass (data/kob-andersen.yaml). Output goes to out/kob-andersen/.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
scripts/build.sh
build/apps/glassland/glassland run data/kob-andersen.yaml "$@"
