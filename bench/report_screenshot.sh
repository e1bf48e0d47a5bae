#!/usr/bin/env bash
# Headless-Chromium screenshot of a glassland report, to check that
# OUTPUT/report/index.html opens offline and shows its plots.
#
#   bench/report_screenshot.sh OUTPUT [screenshot.png] [height]
#
# OUTPUT is the run's output directory (the one holding report/index.html).
# Installs Debian's chromium when it is missing (needs root or sudo). The page
# is loaded from file:// with networking features off, so a report that needed
# the network would show it. Also checks that index.html names no external
# URL in a src or href attribute.
set -euo pipefail

output=${1:?usage: report_screenshot.sh OUTPUT [screenshot.png] [height]}
shot=${2:-$output/report/screenshot.png}
height=${3:-4000}
page=$(realpath "$output/report/index.html")

if grep -Eq '(src|href)=["'"'"']https?://' "$page"; then
  echo "report_screenshot: $page refers to an external URL" >&2
  exit 1
fi

browser=$(command -v chromium || command -v chromium-browser || true)
if [[ -z $browser ]]; then
  echo "report_screenshot: installing chromium"
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO=sudo; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get install -y -qq --no-install-recommends chromium > /dev/null
  browser=$(command -v chromium)
fi

profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
shot=$(realpath -m "$shot")
"$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --hide-scrollbars --user-data-dir="$profile" --screenshot="$shot" \
  --window-size=1280,"$height" "file://$page" > "$profile/log" 2>&1 || {
  cat "$profile/log" >&2
  exit 1
}
[[ -s $shot ]] || { echo "report_screenshot: no screenshot written" >&2; cat "$profile/log" >&2; exit 1; }
echo "report_screenshot: $shot ($(stat -c %s "$shot") bytes)"
