#pragma once
/// \file
/// LAMMPS data files (`read_data` / `write_data`); written as atom_style atomic.
///
/// Read: the header counts `N atoms` and `K atom types` (K <= 100000), the
/// bounds `xlo xhi`, `ylo yhi`, `zlo zhi`, the optional tilt line `xy xz yz`;
/// zero counts of bonds, angles, ... are accepted, non-zero ones are an error
/// (glassland has no bonded interactions). Sections: `Atoms` (`# atomic` or
/// unnamed: `id type x y z`; `# charge`: `id type q x y z`; `# molecular`:
/// `id mol type x y z`; `# full`: `id mol type q x y z`; each with optional
/// image flags `ix iy iz`, which are ignored: positions are taken as written;
/// charges and molecule ids are read and ignored), `Masses`
/// (optional; absent types get mass 1), `Atom Type Labels` (names the types
/// when no species list is given); `Velocities`, `Pair Coeffs` and `PairIJ
/// Coeffs` are skipped. `#` starts a comment; blank lines are ignored.
/// Boundaries are not part of a data file: the cell is periodic in x, y, z
/// unless ReadOptions::periodic says otherwise.

#include <string>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/io/io.hpp"

namespace glassland::io {

/// Reads a LAMMPS data file (see the file comment), wraps and validates the
/// structure. Throws InputError naming the file and line on any problem.
Structure readLammpsData(const std::string& path, const std::vector<std::string>& species = {},
                         const ReadOptions& options = {});

/// The text of a LAMMPS data file (atom_style atomic, `Atoms # atomic` with
/// `id type x y z`, tilt line when the cell is triclinic, Masses) that LAMMPS
/// `read_data` reads back. Numbers are written in the shortest form that reads
/// back to the same double (std::to_chars), so a round trip is bit-exact.
/// The periodicity is noted in the title line only (LAMMPS takes it from the
/// `boundary` command).
std::string lammpsDataText(const Structure& structure);

/// Writes lammpsDataText(structure) to `path` atomically.
void writeLammpsData(const std::string& path, const Structure& structure);

}  // namespace glassland::io
