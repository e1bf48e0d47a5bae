#!/usr/bin/env bash
# CI: every C++ file of src, include, apps, tests, bench and fuzz is formatted
# as .clang-format says (clang-format 14, Debian 12). To fix: run the same list
# through `clang-format-14 -i`.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --ci
format=$(command -v clang-format-14 || command -v clang-format)
mapfile -t files < <(git ls-files 'src/*' 'include/*' 'apps/*' 'tests/*' 'bench/*' 'fuzz/*' | grep -E '\.(cpp|hpp|h)$')
if ! "$format" --dry-run --Werror "${files[@]}"; then
  echo "check_format: files above are not clang-formatted; run: $format -i FILE" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files formatted"
