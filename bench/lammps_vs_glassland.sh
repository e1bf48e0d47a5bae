#!/usr/bin/env bash
# glassland's force call against LAMMPS's pair force, serial, on the identical
# structure, in the same run. Prints ns per atom-step for both and the ratio
# glassland / LAMMPS (<= 1.0 means glassland is no slower).
#
#   bench/lammps_vs_glassland.sh [BUILD_DIR] [STEPS] [ROUNDS]
#
# BUILD_DIR (default build/) must hold bench/bench_potentials
# (cmake --build BUILD_DIR --target bench_potentials). LAMMPS (`lmp`) runs STEPS
# NVE steps (default 1000) and its "Pair" line of the timing breakdown is read;
# glassland times one energy + forces call with the neighbour list reused (the
# MD steady state; each call still runs the skin check). Both sides run ROUNDS
# times (default 3), alternating, and the best round of each is kept.
#
# The machines we run on are shared: besides wall time, CPU time is compared
# (LAMMPS: `timer full` reports the CPU share of each section; glassland:
# Google Benchmark's CPU time), which other processes disturb much less.
#
# Each potential is one `compare` call at the bottom; add new cases there.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
build=$(cd "${1:-$root/build}" && pwd)
steps=${2:-1000}
rounds=${3:-3}
bench="$build/bench/bench_potentials"
[[ -x "$bench" ]] || { echo "error: $bench missing; run: cmake --build $build --target bench_potentials" >&2; exit 1; }
command -v lmp > /dev/null || { echo "error: lmp not found (Debian package lammps)" >&2; exit 1; }
command -v python3 > /dev/null || { echo "error: python3 not found" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export OMP_NUM_THREADS=1

echo "machine: $(lscpu | sed -n 's/^Model name: *//p' | head -1), $(nproc --all) cores; $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); lammps: $(lmp -h | sed -n 's|^Large-scale Atomic/Molecular Massively Parallel Simulator - ||p' | head -1)"
echo "glassland: $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"

# lammps_run INPUT NATOMS VARS...: one LAMMPS run; prints "wall_ns cpu_ns energy"
# (Pair time per atom-step, and the initial total energy the input prints).
lammps_run() {
  local input=$1 natoms=$2
  shift 2
  (cd "$work" && lmp -in "$input" -var steps "$steps" "$@" -log "$work/log.lammps" -screen none)
  # With `timer full` the Pair line reads: Pair | min | avg | max | %varavg | %CPU | %total
  awk -v n="$natoms" -v s="$steps" '
    $1 == "INITIAL_ENERGY" { e = $2 }
    $1 == "Pair" && $2 == "|" { wall = $5; cpu = $5 * $11 / 100 }
    END { printf "%.2f %.2f %s\n", wall / (n * s) * 1e9, cpu / (n * s) * 1e9, e }' "$work/log.lammps"
}

# glassland_run FILTER NATOMS: prints "wall_ns cpu_ns energy_per_atom" per atom-call.
glassland_run() {
  local filter=$1 natoms=$2
  "$bench" --benchmark_filter="^${filter}\$" --benchmark_format=json --benchmark_min_time=1 \
    > "$work/bench.json" 2> /dev/null
  python3 - "$work/bench.json" "$natoms" << 'PY'
import json, sys
run = json.load(open(sys.argv[1]))["benchmarks"][0]
scale = {"ns": 1.0, "us": 1e3, "ms": 1e6, "s": 1e9}[run["time_unit"]]
n = float(sys.argv[2])
print(f'{run["real_time"] * scale / n:.2f} {run["cpu_time"] * scale / n:.2f} {run.get("energy_per_atom", float("nan"))!r}')
PY
}

# compare NAME LAMMPS_INPUT NATOMS BENCH_FILTER LAMMPS_VARS...
compare() {
  local name=$1 input=$2 natoms=$3 filter=$4
  shift 4
  local best_lw=inf best_lc=inf best_gw=inf best_gc=inf e_lmp="" e_gl=""
  for ((r = 1; r <= rounds; ++r)); do
    read -r lw lc e_lmp < <(lammps_run "$input" "$natoms" "$@")
    read -r gw gc e_gl < <(GLASSLAND_BENCH_KA8000="$work/ka8000.data" glassland_run "$filter" "$natoms")
    echo "  round $r: LAMMPS pair ${lw} ns wall, ${lc} ns CPU; glassland ${gw} ns wall, ${gc} ns CPU (per atom-step)"
    best_lw=$(python3 -c "print(min(float('$best_lw'), $lw))")
    best_lc=$(python3 -c "print(min(float('$best_lc'), $lc))")
    best_gw=$(python3 -c "print(min(float('$best_gw'), $gw))")
    best_gc=$(python3 -c "print(min(float('$best_gc'), $gc))")
  done
  python3 - "$name" "$natoms" "$best_lw" "$best_lc" "$best_gw" "$best_gc" "$e_lmp" "$e_gl" << 'PY'
import sys
name, n = sys.argv[1], int(sys.argv[2])
lw, lc, gw, gc = map(float, sys.argv[3:7])
e_lmp, e_gl = float(sys.argv[7]), float(sys.argv[8])
print(f"{name} (N = {n}), best of rounds, ns per atom-step:")
print(f"  LAMMPS pair  : {lw:8.1f} wall  {lc:8.1f} CPU")
print(f"  glassland    : {gw:8.1f} wall  {gc:8.1f} CPU")
print(f"  ratio glassland/LAMMPS: {gw / lw:.3f} wall, {gc / lc:.3f} CPU")
print(f"  energy per atom: LAMMPS {e_lmp / n:.12f}, glassland {e_gl:.12f} (rel. diff {abs(e_gl - e_lmp / n) / abs(e_lmp / n):.1e})")
PY
}

# --- Lennard-Jones: Kob-Andersen N = 8000 (ka1000_quenched replicated 2x2x2 by
# LAMMPS and written to ka8000.data, which glassland then reads). -------------
compare "LJ Kob-Andersen lj/cut (shift: energy)" "$root/bench/lammps/in.ka8000" 8000 \
  "ljKobAndersen/LJ_KobAndersen8000_shift_energy" \
  -var src "$root/tests/data/ka1000_quenched.data" -var out "$work/ka8000.data"

# Neighbour-list rebuilds (not part of the ratio above): LAMMPS's Neigh section
# per build in the last LAMMPS run vs glassland building its list from scratch.
lammps_build=$(awk '$1 == "Neigh" && $2 == "|" { cpu = $5 * $11 / 100 }
                    /^Neighbor list builds/ { b = $NF } END { if (b > 0) printf "%.2f", cpu / b * 1e3; else print "nan" }' \
  "$work/log.lammps")
read -r _ gl_build _ < <(GLASSLAND_BENCH_KA8000="$work/ka8000.data" glassland_run "LJ_KobAndersen8000_neighbor_build" 1)
echo "  neighbour list build: LAMMPS $lammps_build ms CPU per build; glassland $(python3 -c "print(f'{$gl_build / 1e6:.2f}')") ms CPU"

# --- EAM section: Cu64Zr36 N = 2000, eam/fs with Mendelev's CuZr_mm.eam.fs
# (tests/data/cuzr2000_quenched.data read by both; skin 1.0 Angstrom on both). --
compare "EAM Cu-Zr eam/fs" "$root/bench/lammps/in.cuzr2000" 2000 "EAM_CuZr2000_fs" \
  -var data "$root/tests/data/cuzr2000_quenched.data"
