#pragma once
/// \file
/// Internal to the io module: what every reader does once a file is parsed
/// (species names, sorting by id, wrapping, validation), and exact number output.

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/io/io.hpp"
#include "text_reader.hpp"

namespace glassland::io::detail {

/// The most atom types a file may declare or use: type counts size arrays, so
/// they are bounded before anything is allocated (LAMMPS has no such limit,
/// but no simulation has this many species).
constexpr long kMaxAtomTypes = 100000;

/// How many atoms to reserve room for when a header announces `announced`: at
/// most what a file of `bytes` bytes can hold (an atom line has at least 10
/// bytes), so a corrupt count cannot allocate without limit.
inline std::size_t atomsToReserve(long announced, std::size_t bytes) {
  return std::min(static_cast<std::size_t>(std::max(announced, 0L)), bytes / 10);
}

/// Atoms as parsed, in file order.
struct ParsedAtoms {
  std::vector<long> ids;
  std::vector<int> types;   ///< 0-based
  std::vector<double> xyz;  ///< x, y, z per atom
  std::vector<int> lines;   ///< file line of each atom

  void reserve(std::size_t n) {
    // The header's atom count is a claim (1e12 in a broken file), the lines
    // are the proof: reserve a bounded amount, the vectors grow with the lines.
    n = std::min<std::size_t>(n, std::size_t{1} << 20);
    ids.reserve(n);
    types.reserve(n);
    xyz.reserve(3 * n);
    lines.reserve(n);
  }
  std::size_t size() const { return ids.size(); }
};

/// Names separated by ", " (species lists in messages).
std::string joinNames(const std::vector<std::string>& names);

/// Species names for a LAMMPS file with `file_types` types: `given` when not
/// empty (an error at `line` when it is shorter than `file_types`), else
/// `labels` when it names every type, else "1", "2", ....
std::vector<std::string> lammpsSpecies(const std::vector<std::string>& given, int file_types,
                                       const std::vector<std::string>& labels, const TextReader& reader,
                                       int line);

/// The 0-based index of frame `requested` (negative: counted from the end) of
/// a file with `nframes` frames; InputError on `path` when there is no such
/// frame. `file_kind` names the file in the message ("dump", "file").
int frameIndex(const std::string& path, int requested, int nframes, const std::string& file_kind);

/// The position of atom `id` from its three coordinate tokens; an error at the
/// current line when one is not a finite number.
Eigen::Vector3d parseCoordinates(const TextReader& reader, const std::array<std::string_view, 3>& tokens,
                                 long id);

/// Builds the structure: applies options.periodic, sorts atoms by id (duplicate
/// ids are an error naming both lines), wraps atoms outside periodic
/// dimensions, checks coordinates are finite, then validateStructure.
/// `masses` is per species (resized to species.size() with 1.0).
Structure assemble(ParsedAtoms atoms, const Cell& cell, std::vector<std::string> species,
                   std::vector<double> masses, const TextReader& reader, const ReadOptions& options);

/// Appends `value` in the shortest form that reads back to the same double.
void appendNumber(std::string& out, double value);
/// Appends an integer.
void appendNumber(std::string& out, long value);
/// Appends one line "id type x y z" per atom (ids 1..N when the structure has
/// none; types 1-based), as LAMMPS data and dump files both list atoms.
void appendAtomLines(std::string& out, const Structure& s);

}  // namespace glassland::io::detail
