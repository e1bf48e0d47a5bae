#pragma once
/// \file
/// Small CSV tables (RFC 4180: comma separated, fields with a comma, quote or
/// newline quoted, quotes doubled) with numbers written in their shortest
/// exact form, so a table reads back bit-identical.

#include <string>
#include <vector>

#include "glassland/report/asymmetry.hpp"

namespace glassland::report {

/// A header and rows of text fields.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;

  /// Column index of `name`; throws glassland::Error when absent.
  std::size_t column(const std::string& name) const;
};

/// The number in its shortest round-trip form (std::to_chars); "nan", "inf",
/// "-inf" for non-finite values.
std::string csvNumber(double value);
/// Parses csvNumber's output (and any decimal); throws glassland::Error on bad text.
double parseCsvNumber(const std::string& text);

/// The table as CSV text, one line per row, "\n" line ends.
std::string toCsv(const CsvTable& table);
/// Parses CSV text (first line = header). Throws glassland::Error on an
/// unterminated quote or a row whose field count differs from the header's.
CsvTable parseCsv(const std::string& text);

/// report/transitions.csv: id, from, to, saddle_energy, e_fwd, e_rev, delta_e,
/// species, max_displacement, max_displacement_atom (the structure file's atom
/// id, TransitionRecord::max_displacement_atom_id), depth.
CsvTable transitionsTable(const std::vector<TransitionRecord>& records);
/// Reads transitionsTable's columns back (prefactors are not in the table and read as NaN).
std::vector<TransitionRecord> transitionsFromTable(const CsvTable& table);

}  // namespace glassland::report
