#pragma once
/// \file
/// LAMMPS text dumps (`dump atom`, `dump custom`).
///
/// A frame is `ITEM: TIMESTEP`, `ITEM: NUMBER OF ATOMS`, `ITEM: BOX BOUNDS`
/// (orthorhombic `pp pp pp`, or triclinic `xy xz yz pp pp pp` with the bounding
/// box LAMMPS writes: xlo_bound = xlo + min(0, xy, xz, xy+xz), xhi_bound = xhi +
/// max(0, xy, xz, xy+xz), ylo_bound = ylo + min(0, yz), yhi_bound = yhi + max(0, yz)),
/// and `ITEM: ATOMS` with named columns. The columns must include `id`, `type`
/// or `element` (dump_modify element), and one coordinate triple, used in this
/// order of preference: `x y z`,
/// `xu yu zu` (unwrapped; wrapped on reading), `xs ys zs` (scaled by the cell),
/// `xsu ysu zsu`. Columns may come in any order; others are ignored. Boundary
/// flags `pp` are periodic; any other (`ff`, `fs`, `sm`, ...) is open.
/// Other items (`ITEM: UNITS`, `ITEM: TIME`) are skipped. Dumps carry no
/// masses: every type gets mass 1.

#include <string>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/io/io.hpp"

namespace glassland::io {

/// Reads frame `options.frame` (0 = first, -1 = last) of a LAMMPS text dump,
/// wraps and validates it. Types above the species list's length are an error;
/// with no list the number of types is the largest type in the frame (at most
/// 100000), named by the `element` column when there is one. With `element`
/// and no `type` column, the element names are the species: in the order of
/// `species` when given (a name not in it is an error), else of first appearance.
/// Throws InputError naming the file and line on any problem.
Structure readLammpsDump(const std::string& path, const std::vector<std::string>& species = {},
                         const ReadOptions& options = {});

/// One dump frame (`id type x y z`, LAMMPS's box conventions, boundary flags
/// `pp` or `ff` per dimension), numbers written exactly (std::to_chars).
/// Concatenate frames for a trajectory.
std::string lammpsDumpFrame(const Structure& structure, long timestep = 0);

/// Writes one frame to `path` atomically.
void writeLammpsDump(const std::string& path, const Structure& structure, long timestep = 0);

}  // namespace glassland::io
