#include "glassland/io/io.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <numeric>

#include "glassland/io/extxyz.hpp"
#include "glassland/io/lammps_data.hpp"
#include "glassland/io/lammps_dump.hpp"

namespace glassland::io {

namespace {

using Format = StructureFormat;

constexpr const char* kFormatNames[] = {"lammps-data", "lammps-dump", "extxyz"};

Format formatOf(const std::string& path) {
  std::filesystem::path p(path);
  auto lower = [](std::string ext) {
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
    return ext;
  };
  // glass.data.gz: the format is the extension under the compression's.
  if (lower(p.extension().string()) == ".gz") p = p.stem();
  const std::string ext = lower(p.extension().string());
  if (ext == ".data" || ext == ".lmp") return Format::LammpsData;
  if (ext == ".dump" || ext == ".lammpstrj") return Format::LammpsDump;
  if (ext == ".xyz" || ext == ".extxyz") return Format::Extxyz;
  throw InputError(path, 0,
                   "unknown structure file extension '" + ext +
                       "': expected .data or .lmp (LAMMPS data), .dump or .lammpstrj (LAMMPS dump), "
                       ".xyz or .extxyz (extended XYZ), optionally followed by .gz, or the format named by "
                       "`structure: {file: ..., format: lammps-data | lammps-dump | extxyz}`");
}

}  // namespace

std::string formatName(StructureFormat format) { return kFormatNames[static_cast<int>(format)]; }

namespace {

std::string atLine(std::span<const int> lines, int atom) {
  if (lines.empty()) return "";
  return " (line " + std::to_string(lines[static_cast<std::size_t>(atom)]) + ")";
}

std::string number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.6g", x);
  return buffer;
}

int lineOf(std::span<const int> lines, int atom) {
  return lines.empty() ? 0 : lines[static_cast<std::size_t>(atom)];
}

// Pairs closer than min_distance via a grid in fractional coordinates: bins at
// least min_distance wide (measured across the faces, so any close pair lies
// in the same or adjacent bins) and about one atom per bin, hence O(N).
void checkClosePairs(const Structure& s, double min_distance, const std::string& source,
                     std::span<const int> lines) {
  const int n = s.size();
  if (n < 2 || !(min_distance > 0.0)) return;
  const Cell& cell = s.cell;
  const double spacing = std::max(min_distance, std::cbrt(std::abs(cell.volume()) / n));
  std::array<int, 3> bins{};
  for (int d = 0; d < 3; ++d) {
    bins[d] = std::max(1, static_cast<int>(std::min(cell.perpendicularWidth(d) / spacing, 1.0e4)));
  }
  std::vector<int> bin_of(static_cast<std::size_t>(n));
  auto index = [&](int i, int j, int k) { return (i * bins[1] + j) * bins[2] + k; };
  std::vector<std::array<int, 3>> coords(static_cast<std::size_t>(n));
  for (int a = 0; a < n; ++a) {
    Cell::Vec f = cell.toFractional(s.positions.col(a));
    for (int d = 0; d < 3; ++d) {
      double x = cell.periodic(d) ? f[d] - std::floor(f[d]) : f[d];
      // Atoms outside an open dimension go to the edge bin: clamping keeps
      // close pairs in adjacent bins. Clamped as a double: an atom far
      // outside would not fit an int.
      coords[a][d] = static_cast<int>(std::clamp(std::floor(x * bins[d]), 0.0, bins[d] - 1.0));
    }
    bin_of[a] = index(coords[a][0], coords[a][1], coords[a][2]);
  }
  const int nbins = bins[0] * bins[1] * bins[2];
  std::vector<int> start(static_cast<std::size_t>(nbins) + 1, 0);
  for (int a = 0; a < n; ++a) ++start[bin_of[a] + 1];
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<int> members(static_cast<std::size_t>(n));
  std::vector<int> fill(start.begin(), start.end() - 1);
  for (int a = 0; a < n; ++a) members[fill[bin_of[a]]++] = a;

  // Neighbouring bin offsets per dimension, without duplicates when a
  // periodic dimension has fewer than three bins.
  std::array<std::vector<int>, 3> offsets;
  for (int d = 0; d < 3; ++d) {
    if (!cell.periodic(d) || bins[d] >= 3)
      offsets[d] = {-1, 0, 1};
    else if (bins[d] == 2)
      offsets[d] = {0, 1};
    else
      offsets[d] = {0};
  }
  const double limit2 = min_distance * min_distance;
  for (int a = 0; a < n; ++a) {
    for (int dx : offsets[0]) {
      for (int dy : offsets[1]) {
        for (int dz : offsets[2]) {
          std::array<int, 3> c{coords[a][0] + dx, coords[a][1] + dy, coords[a][2] + dz};
          bool inside = true;
          for (int d = 0; d < 3; ++d) {
            if (cell.periodic(d))
              c[d] = (c[d] + bins[d]) % bins[d];
            else
              inside &= c[d] >= 0 && c[d] < bins[d];
          }
          if (!inside) continue;
          const int b = index(c[0], c[1], c[2]);
          for (int m = start[b]; m < start[b + 1]; ++m) {
            const int j = members[m];
            if (j <= a) continue;
            const Cell::Vec d = cell.minimumImage(s.positions.col(j) - s.positions.col(a));
            if (d.squaredNorm() < limit2) {
              const long id_a = s.ids.empty() ? a + 1 : s.ids[a];
              const long id_b = s.ids.empty() ? j + 1 : s.ids[j];
              throw InputError(source, std::max(lineOf(lines, a), lineOf(lines, j)),
                               "atoms with ids " + std::to_string(id_a) + atLine(lines, a) + " and " +
                                   std::to_string(id_b) + atLine(lines, j) + " are " + number(d.norm()) +
                                   " apart (minimum image): two atoms at (almost) the same place; expected a "
                                   "distance of at least min_distance = " +
                                   number(min_distance));
            }
          }
        }
      }
    }
  }
}

}  // namespace

ReadOptions ReadOptions::fromYaml(OptionsReader& reader) {
  ReadOptions o;
  if (reader.has("format")) {
    std::string name;
    reader.get("format", name);
    const auto* it = std::find(std::begin(kFormatNames), std::end(kFormatNames), name);
    if (it == std::end(kFormatNames)) {
      reader.failAt("format",
                    "unknown structure format '" + name + "'; expected lammps-data, lammps-dump or extxyz");
    }
    o.format = static_cast<StructureFormat>(it - std::begin(kFormatNames));
  }
  reader.get("frame", o.frame).get("min_distance", o.min_distance);
  if (!(o.min_distance >= 0.0)) reader.failAt("min_distance", "must be a length >= 0 (0 disables the check)");
  if (o.frame < -1) reader.failAt("frame", "must be >= 0, or -1 for the last frame");
  if (reader.has("periodic")) {
    std::vector<bool> p;
    reader.get("periodic", p);
    if (p.size() != 3) reader.failAt("periodic", "expected three true/false values for x, y, z");
    o.periodic = std::array<bool, 3>{p[0], p[1], p[2]};
  }
  return o;
}

Structure readStructure(const std::string& path, const std::vector<std::string>& species,
                        const ReadOptions& options) {
  switch (options.format ? *options.format : formatOf(path)) {
    case Format::LammpsData:
      return readLammpsData(path, species, options);
    case Format::LammpsDump:
      return readLammpsDump(path, species, options);
    case Format::Extxyz:
      return readExtxyz(path, species, options);
  }
  throw Error("unreachable");
}

void writeStructure(const std::string& path, const Structure& structure) {
  std::string ext = std::filesystem::path(path).extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  if (ext == ".gz") {
    throw InputError(path, 0,
                     "glassland reads .gz structure files but writes only uncompressed ones; expected "
                     ".data, .lmp, .dump, .lammpstrj, .xyz or .extxyz");
  }
  switch (formatOf(path)) {
    case Format::LammpsData:
      return writeLammpsData(path, structure);
    case Format::LammpsDump:
      return writeLammpsDump(path, structure);
    case Format::Extxyz:
      return writeExtxyz(path, structure);
  }
}

void validateStructure(const Structure& s, double min_distance, const std::string& source,
                       std::span<const int> lines) {
  const int n = s.size();
  auto sizeError = [&](const std::string& what) {
    throw InputError(source, 0, "inconsistent structure: " + what);
  };
  if (static_cast<int>(s.types.size()) != n)
    sizeError("types has " + std::to_string(s.types.size()) + " entries for " + std::to_string(n) + " atoms");
  if (!s.ids.empty() && static_cast<int>(s.ids.size()) != n)
    sizeError("ids has " + std::to_string(s.ids.size()) + " entries for " + std::to_string(n) + " atoms");
  if (s.masses.size() != s.species.size())
    sizeError(std::to_string(s.species.size()) + " species but " + std::to_string(s.masses.size()) +
              " masses");
  if (!lines.empty() && static_cast<int>(lines.size()) != n)
    sizeError("atom_lines does not have one entry per atom");
  if (n == 0) throw InputError(source, 0, "the structure holds no atoms: expected at least one");
  auto idOf = [&](int a) { return s.ids.empty() ? static_cast<long>(a) + 1 : s.ids[a]; };
  const double box_scale = std::max(1.0, s.cell.h().cwiseAbs().maxCoeff());
  for (int a = 0; a < n; ++a) {
    if (s.types[a] < 0 || s.types[a] >= s.numTypes()) {
      throw InputError(source, lineOf(lines, a),
                       "atom id " + std::to_string(idOf(a)) + " has type index " +
                           std::to_string(s.types[a]) + "; expected 0.." + std::to_string(s.numTypes() - 1) +
                           " (one per species)");
    }
    if (!s.positions.col(a).allFinite()) {
      throw InputError(
          source, lineOf(lines, a),
          "non-finite coordinate for atom id " + std::to_string(idOf(a)) + ": expected finite x y z");
    }
    // A coordinate like 1e300 is finite but no position: more than 10^6 box
    // lengths from the box, it breaks wrapping and neighbour binning.
    if ((s.positions.col(a) - s.cell.lo()).cwiseAbs().maxCoeff() > 1.0e6 * box_scale) {
      throw InputError(source, lineOf(lines, a),
                       "atom id " + std::to_string(idOf(a)) + " at (" + number(s.positions(0, a)) + ", " +
                           number(s.positions(1, a)) + ", " + number(s.positions(2, a)) +
                           ") lies more than 10^6 box lengths outside the box: expected a position in or "
                           "near the box");
    }
  }
  for (int t = 0; t < s.numTypes(); ++t) {
    if (!(s.masses[t] > 0.0) || !std::isfinite(s.masses[t])) {
      throw InputError(source, 0,
                       "species " + s.species[t] + " has mass " + number(s.masses[t]) +
                           "; expected a positive finite mass");
    }
  }
  if (!s.ids.empty()) {
    std::vector<int> order(static_cast<std::size_t>(n));
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](int a, int b) { return s.ids[a] < s.ids[b]; });
    for (int k = 1; k < n; ++k) {
      if (s.ids[order[k]] == s.ids[order[k - 1]]) {
        throw InputError(source, std::max(lineOf(lines, order[k]), lineOf(lines, order[k - 1])),
                         "duplicate atom id " + std::to_string(s.ids[order[k]]));
      }
    }
  }
  checkClosePairs(s, min_distance, source, lines);
}

}  // namespace glassland::io
