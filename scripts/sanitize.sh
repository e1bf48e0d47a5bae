#!/usr/bin/env bash
# CI's sanitizer job, run by .ci/run after scripts/test.sh:
#  1. the unit tests built with AddressSanitizer + UndefinedBehaviorSanitizer
#     (GCC, Debug at -O1, build-asan/), every report fatal;
#  2. a bounded libFuzzer run (clang, build-fuzz/) of each structure reader, of
#     the EAM file readers and of the config loader, seeded from fuzz/corpus/ (inputs cut from tests/data).
# Environment: FUZZ_SECONDS per target (default 60); SANITIZE_TESTS=0 or
# SANITIZE_FUZZ=0 skips a part; extra arguments go to ctest (e.g. -R io).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh --ci
jobs=$(nproc)
fuzz_seconds=${FUZZ_SECONDS:-60}
flags="-fsanitize=address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer"
export ASAN_OPTIONS=detect_leaks=1:strict_string_checks=1:check_initialization_order=1:detect_stack_use_after_return=0
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1

if [[ "${SANITIZE_TESTS:-1}" != 0 ]]; then
  start=$SECONDS
  cmake -S . -B build-asan -G Ninja -DCMAKE_BUILD_TYPE=Debug -DGLASSLAND_BUILD_BENCH=OFF \
    "-DCMAKE_CXX_FLAGS=-O1 $flags" "-DCMAKE_EXE_LINKER_FLAGS=$flags" >/dev/null
  cmake --build build-asan -j"$jobs"
  echo "sanitize: ASan+UBSan build took $((SECONDS - start)) s"
  start=$SECONDS
  # Tests labelled slow (> 10 s in Release) are run by scripts/test.sh only.
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE slow --timeout 900 "$@"
  echo "sanitize: ASan+UBSan tests took $((SECONDS - start)) s"
fi

if [[ "${SANITIZE_FUZZ:-1}" != 0 ]]; then
  start=$SECONDS
  targets=(lammps_data lammps_dump extxyz eam config)
  cmake -S . -B build-fuzz -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++-14 \
    -DGLASSLAND_FUZZ=ON -DGLASSLAND_BUILD_TESTS=OFF -DGLASSLAND_BUILD_BENCH=OFF >/dev/null
  cmake --build build-fuzz -j"$jobs" --target "${targets[@]/#/fuzz_}"
  echo "sanitize: fuzz build took $((SECONDS - start)) s"
  mkdir -p build-fuzz/artifacts
  for t in "${targets[@]}"; do
    start=$SECONDS
    # New inputs go to a scratch corpus, not into the repository's seeds.
    rm -rf "build-fuzz/corpus/$t"
    mkdir -p "build-fuzz/corpus/$t"
    # Seeds: inputs cut from tests/data, and the inputs of earlier findings (fixed).
    seeds=("fuzz/corpus/$t")
    if [[ -d "fuzz/regressions/$t" ]]; then seeds+=("fuzz/regressions/$t"); fi
    # Bounded: time, input size, memory per allocation and in total, time per input.
    "build-fuzz/fuzz/fuzz_$t" -max_total_time="$fuzz_seconds" -max_len=4096 -timeout=10 \
      -malloc_limit_mb=1024 -rss_limit_mb=2560 -print_final_stats=1 \
      -artifact_prefix="build-fuzz/artifacts/$t-" "build-fuzz/corpus/$t" "${seeds[@]}" \
      >"build-fuzz/fuzz_$t.log" 2>&1 || {
      tail -n 60 "build-fuzz/fuzz_$t.log"
      echo "sanitize: fuzz_$t found a failure; the input is in build-fuzz/artifacts/"
      exit 1
    }
    echo "sanitize: fuzz_$t clean for $((SECONDS - start)) s ($(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "build-fuzz/fuzz_$t.log" | grep -o '[0-9]*$') inputs)"
  done
fi
