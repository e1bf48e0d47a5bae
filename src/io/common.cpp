#include "common.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <numeric>

#include "glassland/core/error.hpp"

namespace glassland::io::detail {

std::string joinNames(const std::vector<std::string>& names) {
  std::string list;
  for (const auto& name : names) list += (list.empty() ? "" : ", ") + name;
  return list;
}

std::vector<std::string> lammpsSpecies(const std::vector<std::string>& given, int file_types,
                                       const std::vector<std::string>& labels, const TextReader& reader,
                                       int line) {
  if (!given.empty()) {
    if (static_cast<int>(given.size()) < file_types) {
      reader.failAt(line, "the file has " + std::to_string(file_types) + " atom types but only " +
                              std::to_string(given.size()) + " species names were given [" +
                              joinNames(given) + "]");
    }
    return given;
  }
  bool all_labelled =
      static_cast<int>(labels.size()) == file_types &&
      std::none_of(labels.begin(), labels.end(), [](const std::string& s) { return s.empty(); });
  if (all_labelled) return labels;
  std::vector<std::string> names;
  for (int t = 1; t <= file_types; ++t) names.push_back(std::to_string(t));
  return names;
}

int frameIndex(const std::string& path, int requested, int nframes, const std::string& file_kind) {
  const int frame = requested < 0 ? nframes + requested : requested;
  if (frame < 0 || frame >= nframes) {
    throw InputError(path, 0,
                     "frame " + std::to_string(requested) + " requested, but the " + file_kind + " has " +
                         std::to_string(nframes) + " frames (0.." + std::to_string(nframes - 1) +
                         ", or -1 for the last)");
  }
  return frame;
}

Eigen::Vector3d parseCoordinates(const TextReader& reader, const std::array<std::string_view, 3>& tokens,
                                 long id) {
  static const char* const kCoord[3] = {"x coordinate", "y coordinate", "z coordinate"};
  Eigen::Vector3d x;
  for (int d = 0; d < 3; ++d) {
    x[d] = reader.toDouble(tokens[d], kCoord[d]);
    if (!std::isfinite(x[d])) {
      reader.fail("non-finite " + std::string(kCoord[d]) + " " + quoted(tokens[d]) + " for atom id " +
                  std::to_string(id) + ": expected a finite number");
    }
  }
  return x;
}

Structure assemble(ParsedAtoms atoms, const Cell& cell, std::vector<std::string> species,
                   std::vector<double> masses, const TextReader& reader, const ReadOptions& options) {
  const std::size_t n = atoms.size();
  Structure s;
  s.cell = options.periodic
               ? Cell::triclinic(cell.lo(), cell.hi(), cell.xy(), cell.xz(), cell.yz(), *options.periodic)
               : cell;
  masses.resize(species.size(), 1.0);
  s.species = std::move(species);
  s.masses = std::move(masses);

  // Sort by id so that the atom order does not depend on how LAMMPS happened
  // to order its output (processors, dump_modify sort).
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return atoms.ids[a] < atoms.ids[b]; });

  s.positions.resize(3, static_cast<Eigen::Index>(n));
  s.types.resize(n);
  s.ids.resize(n);
  std::vector<int> lines(n);
  for (std::size_t k = 0; k < n; ++k) {
    const std::size_t i = order[k];
    if (k > 0 && atoms.ids[i] == s.ids[k - 1]) {
      reader.failAt(std::max(atoms.lines[i], lines[k - 1]),
                    "duplicate atom id " + std::to_string(atoms.ids[i]) + " (also on line " +
                        std::to_string(std::min(atoms.lines[i], lines[k - 1])) + ")");
    }
    s.ids[k] = atoms.ids[i];
    s.types[k] = atoms.types[i];
    lines[k] = atoms.lines[i];
    Cell::Vec r(atoms.xyz[3 * i], atoms.xyz[3 * i + 1], atoms.xyz[3 * i + 2]);
    if (!r.allFinite()) {
      reader.failAt(lines[k], "non-finite coordinate for atom id " + std::to_string(s.ids[k]) +
                                  ": expected finite x y z");
    }
    // Wrap only atoms that are outside: toCartesian(toFractional(r)) is not
    // bit-exact, and atoms already inside must keep their coordinates.
    const Cell::Vec f = s.cell.toFractional(r);
    // 1e300 is finite but no position: wrapping it would silently give a
    // random point of the box (every digit lost).
    if (f.allFinite() && f.array().abs().maxCoeff() > 1.0e6) {
      reader.failAt(lines[k],
                    "atom id " + std::to_string(s.ids[k]) +
                        " lies more than 10^6 box lengths outside the box: expected a position in or "
                        "near the box");
    }
    bool outside = false;
    for (int d = 0; d < 3; ++d) outside |= s.cell.periodic(d) && (f[d] < 0.0 || f[d] >= 1.0);
    if (outside) r = s.cell.wrap(r);
    s.positions.col(static_cast<Eigen::Index>(k)) = r;
  }
  validateStructure(s, options.min_distance, reader.path(), lines);
  return s;
}

void appendNumber(std::string& out, double value) {
  char buffer[32];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ptr);
}

void appendNumber(std::string& out, long value) {
  char buffer[24];
  auto [ptr, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  out.append(buffer, ptr);
}

void appendAtomLines(std::string& out, const Structure& s) {
  for (int a = 0; a < s.size(); ++a) {
    appendNumber(out, s.ids.empty() ? static_cast<long>(a + 1) : s.ids[a]);
    out += ' ';
    appendNumber(out, static_cast<long>(s.types[a] + 1));
    for (int d = 0; d < 3; ++d) {
      out += ' ';
      appendNumber(out, s.positions(d, a));
    }
    out += '\n';
  }
}

}  // namespace glassland::io::detail
