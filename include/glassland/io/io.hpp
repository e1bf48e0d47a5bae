#pragma once
/// \file
/// Reading and writing atomistic structures: one entry point that dispatches
/// on the file extension, and the checks every structure passes after reading.
///
/// Formats (see the per-format headers for details):
/// - `.data`, `.lmp`: LAMMPS data file, atom_style atomic, charge or full (lammps_data.hpp);
/// - `.dump`, `.lammpstrj`: LAMMPS text dump, `dump atom` / `dump custom` (lammps_dump.hpp);
/// - `.xyz`, `.extxyz`: extended XYZ as ASE and OVITO read and write it (extxyz.hpp).
/// A trailing `.gz` is looked through (`glass.data.gz`), and gzip-compressed
/// files are read whatever their name; ReadOptions::format overrides the extension.
///
/// Conventions common to all readers:
/// - atoms are stored sorted by id, whatever the order in the file, so the same
///   configuration read from a data file, a dump or an extxyz file gives the same
///   atom order;
/// - file type t (1-based) becomes type index t-1, named `species[t-1]`; with no
///   species list, LAMMPS types are named "1", "2", ... (or by an `Atom Type
///   Labels` section) and extxyz species keep their names in order of first
///   appearance;
/// - atoms outside a periodic dimension are wrapped into the cell (atoms inside
///   keep their coordinates bit for bit); atoms outside an open dimension stay;
/// - every problem a user can cause throws glassland::InputError naming the
///   file, the 1-based line and what was expected versus found.

#include <array>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/structure.hpp"

namespace glassland::io {

/// The structure file formats glassland reads and writes.
enum class StructureFormat { LammpsData, LammpsDump, Extxyz };

/// The format's name in configs: lammps-data, lammps-dump, extxyz.
std::string formatName(StructureFormat format);

/// How to read a structure file (all fields optional).
struct ReadOptions {
  /// The file's format; unset = from the extension (see readStructure).
  std::optional<StructureFormat> format = std::nullopt;
  /// Frame of a multi-frame file (dump, extxyz): 0 = first, -1 = last, k = k-th (0-based).
  int frame = 0;
  /// Two atoms closer than this (length units, minimum image) are an error:
  /// "two atoms at the same place". 0 disables the check.
  double min_distance = 1e-2;
  /// Periodicity per dimension, overriding the file's. LAMMPS data files do not
  /// record boundaries, so they read as periodic in x, y, z unless set here.
  std::optional<std::array<bool, 3>> periodic;

  /// Reads keys `format` (lammps-data | lammps-dump | extxyz), `frame`,
  /// `min_distance`, `periodic` ([true, true, false]) of
  /// `reader`'s section; the caller calls finish() to reject unknown keys.
  static ReadOptions fromYaml(OptionsReader& reader);
};

/// Reads the structure in `path`, in the format options.format or else the one
/// its extension names (.data/.lmp, .dump/.lammpstrj, .xyz/.extxyz, each
/// optionally followed by .gz), then wraps and validates it (validateStructure).
/// `species` names the file's types 1..K in order (as LAMMPS `pair_coeff * *`
/// maps them); a list shorter than the file's number of types is an error, a
/// longer one is fine (extra types simply have no atoms, mass 1).
/// Throws InputError on any problem.
Structure readStructure(const std::string& path, const std::vector<std::string>& species = {},
                        const ReadOptions& options = {});

/// Writes `structure` to `path` in the format given by its extension (as
/// readStructure; `.gz` is not written). Written atomically (a temporary file
/// renamed into place). Throws InputError for an unknown extension, Error when
/// the file cannot be written.
void writeStructure(const std::string& path, const Structure& structure);

/// Checks a structure: consistent array sizes, types in range, finite
/// coordinates, unique ids, and no two atoms closer than `min_distance` under
/// the minimum-image convention (an O(N) cell-grid search; 0 disables it).
/// Errors are InputError naming `source` (a file name, may be empty), the atom
/// ids involved and, when `atom_lines` (per atom, same order as the structure)
/// is given, the file line of the offending atom.
void validateStructure(const Structure& structure, double min_distance = 1e-2, const std::string& source = "",
                       std::span<const int> atom_lines = {});

}  // namespace glassland::io
