#pragma once
/// \file
/// Extended XYZ, as ASE (`ase.io.read/write`) and OVITO read and write it.
///
/// A frame is: the atom count; a comment line of key=value pairs with at least
/// `Lattice="ax ay az bx by bz cx cy cz"` (the cell vectors a, b, c) and
/// `Properties=name:T:n:...` (T = S string, R real, I integer, L logical; n
/// columns); then one line per atom. Reading needs the `species:S:1` and
/// `pos:R:3` columns; `id:I:1` gives atom ids (else 1..N in file order),
/// `type_name:S:1` the species names (else `species` is the name) and
/// `masses:R:1` the masses per species (else 1); other columns are skipped.
/// `pbc="T T F"` sets the periodicity (default: periodic, as in ASE when a
/// Lattice is given); `Origin="x y z"` (written by OVITO) the cell origin.
///
/// Cell orientation: glassland's Cell is in LAMMPS's restricted form (a along
/// x, b in the xy plane, c with positive z). A Lattice in any other orientation
/// is rotated into that form, positions with it (about the origin), which keeps
/// every distance; a left-handed lattice (a x b . c <= 0) is an error.
///
/// Species names: ASE accepts only chemical symbols in `species` (a
/// Kob-Andersen "A" is a KeyError), so glassland writes an element symbol
/// there (elementSymbols) and its own species name in `type_name:S:1`, which
/// glassland reads back as the species. OVITO reads both columns.

#include <Eigen/Core>
#include <string>
#include <utility>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/io/io.hpp"

namespace glassland::io {

/// An extra per-atom column for writing: `values` has one row per component
/// (1 for a scalar, 3 for a vector) and one column per atom, in structure order.
/// Written as `name:R:rows` (e.g. a displacement as `disp:R:3`, which OVITO
/// shows as a vector property).
struct AtomColumn {
  std::string name;
  Eigen::MatrixXd values;
};

/// The element symbol written in the `species` column for each species name:
/// the names themselves when every one is a chemical symbol (Cu, Zr);
/// otherwise the elements of atomic number 1, 2, ... in type order
/// (Kob-Andersen A, B -> H, He: its "B" is a label, not boron), and "X"
/// (ASE's dummy element) past 118 species. The mapping is a label only: masses
/// come from the `masses` column, and `type_name` keeps the real name.
std::vector<std::string> elementSymbols(const std::vector<std::string>& species);

/// Reads frame `options.frame` (0 = first, -1 = last) of an extended XYZ file,
/// wraps and validates it. Species names map to type indices in the order of
/// `species` when given (a name not in it is an error), else in order of first
/// appearance. Throws InputError naming the file and line on any problem.
Structure readExtxyz(const std::string& path, const std::vector<std::string>& species = {},
                     const ReadOptions& options = {});

/// One extxyz frame: Lattice, Origin (when non-zero), pbc, Properties =
/// species:S:1:pos:R:3:id:I:1:type_name:S:1[:masses:R:1 when some mass differs
/// from 1] (species: elementSymbols; type_name: the species name)
/// followed by the extra `columns`; `info` pairs are appended to the comment
/// line as key=value (values containing blanks are quoted). Numbers exact
/// (std::to_chars). Concatenate frames for a trajectory.
/// Throws InputError when a column has the wrong number of atoms or a name or
/// species contains blanks.
std::string extxyzFrame(const Structure& structure, const std::vector<AtomColumn>& columns = {},
                        const std::vector<std::pair<std::string, std::string>>& info = {});

/// Writes one extxyzFrame to `path` atomically.
void writeExtxyz(const std::string& path, const Structure& structure,
                 const std::vector<AtomColumn>& columns = {},
                 const std::vector<std::pair<std::string, std::string>>& info = {});

}  // namespace glassland::io
