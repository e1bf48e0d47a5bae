#include "glassland/io/lammps_data.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>

#include "common.hpp"
#include "glassland/core/files.hpp"
#include "text_reader.hpp"

namespace glassland::io {

using detail::quoted;
using detail::TextReader;

namespace {

// Every data line of a section starts with a number (a type or an id); a line
// that starts with a letter is a section keyword (as LAMMPS's read_data decides).
bool isKeyword(std::string_view content) {
  return !content.empty() && std::isalpha(static_cast<unsigned char>(content.front()));
}

struct Header {
  std::optional<long> atoms;
  std::optional<long> types;
  int types_line = 0;
  std::array<std::optional<std::array<double, 2>>, 3> bounds;
  std::array<int, 3> bounds_line{};
  std::array<double, 3> tilt{0.0, 0.0, 0.0};
};

bool tokensAre(const std::vector<std::string_view>& t, std::size_t first,
               std::initializer_list<std::string_view> words) {
  if (t.size() != first + words.size()) return false;
  std::size_t i = first;
  for (std::string_view w : words) {
    if (t[i++] != w) return false;
  }
  return true;
}

// Parses one header line; false when the line is not a header line LAMMPS knows.
bool parseHeaderLine(TextReader& r, const std::vector<std::string_view>& t, Header& h) {
  static const char* const kAxes[3][2] = {{"xlo", "xhi"}, {"ylo", "yhi"}, {"zlo", "zhi"}};
  if (tokensAre(t, 1, {"atoms"})) {
    long n = r.toLong(t[0], "the number of atoms");
    if (n < 0) r.fail("expected a number of atoms >= 0, found " + quoted(t[0]));
    h.atoms = n;
    return true;
  }
  if (tokensAre(t, 1, {"atom", "types"})) {
    long n = r.toLong(t[0], "the number of atom types");
    if (n < 1 || n > detail::kMaxAtomTypes) {
      r.fail("expected a number of atom types between 1 and " + std::to_string(detail::kMaxAtomTypes) +
             ", found " + quoted(t[0]));
    }
    h.types = n;
    h.types_line = r.lineNumber();
    return true;
  }
  for (int d = 0; d < 3; ++d) {
    if (tokensAre(t, 2, {kAxes[d][0], kAxes[d][1]})) {
      const std::string what = std::string(kAxes[d][0]) + " and " + kAxes[d][1];
      double lo = r.toDouble(t[0], kAxes[d][0]);
      double hi = r.toDouble(t[1], kAxes[d][1]);
      if (!std::isfinite(lo) || !std::isfinite(hi) || !(hi > lo)) {
        r.fail("expected finite box bounds with " + std::string(kAxes[d][1]) + " > " + kAxes[d][0] +
               ", found " + quoted(t[0]) + " " + quoted(t[1]));
      }
      h.bounds[d] = std::array<double, 2>{lo, hi};
      h.bounds_line[d] = r.lineNumber();
      return true;
    }
  }
  if (tokensAre(t, 3, {"xy", "xz", "yz"})) {
    for (int k = 0; k < 3; ++k) {
      h.tilt[k] = r.toDouble(t[k], "a tilt factor");
      if (!std::isfinite(h.tilt[k])) r.fail("expected finite tilt factors xy xz yz, found " + quoted(t[k]));
    }
    return true;
  }
  const bool general = !t.empty() && (t.back() == "avec" || t.back() == "bvec" || t.back() == "cvec" ||
                                      (t.size() >= 2 && t[t.size() - 2] == "abc" && t.back() == "origin"));
  if (general) {
    r.fail(
        "general triclinic boxes (avec/bvec/cvec) are not supported; expected xlo xhi, ylo yhi, zlo zhi and "
        "an optional xy xz yz line");
  }
  // Topology counts: zero is harmless (LAMMPS writes them for atom_style
  // atomic too in some versions), anything else means another atom style.
  static const std::initializer_list<std::string_view> kCounts = {
      "bonds",          "angles",         "dihedrals",  "impropers", "bond types", "angle types",
      "dihedral types", "improper types", "ellipsoids", "lines",     "triangles",  "bodies"};
  std::string words;
  for (std::size_t k = 1; k < t.size(); ++k) {
    if (k > 1) words += ' ';
    words += t[k];
  }
  if (std::find(kCounts.begin(), kCounts.end(), words) != kCounts.end()) {
    if (r.toLong(t[0], "a count") != 0) {
      r.fail("found " + quoted(r.content()) +
             ": glassland has no bonded interactions (bonds, angles, ...); expected a count of 0");
    }
    return true;
  }
  if (t.size() >= 4 && t[1] == "extra") return true;  // "N extra bond per atom" etc.
  return false;
}

// The Atoms line layouts glassland reads (LAMMPS read_data, "Format of the
// Atoms section"): charges and molecule ids are read and ignored, since no
// glassland potential uses them.
struct AtomStyle {
  const char* name;
  std::size_t columns;   // without image flags
  std::size_t type;      // column of the type
  std::size_t x;         // column of x (y, z follow)
  std::size_t charge;    // column of q, or 0 for none
  std::size_t molecule;  // column of the molecule id, or 0 for none
  const char* layout;
};
constexpr AtomStyle kAtomStyles[] = {
    {"atomic", 5, 1, 2, 0, 0, "id type x y z"},
    {"charge", 6, 1, 3, 2, 0, "id type q x y z"},
    {"molecular", 6, 2, 3, 0, 1, "id mol type x y z"},
    {"full", 7, 2, 4, 3, 1, "id mol type q x y z"},
};

std::string sectionName(std::string_view line) {
  std::size_t hash = line.find('#');
  return std::string(detail::trim(line.substr(0, hash)));
}

std::string sectionStyle(std::string_view line) {
  std::size_t hash = line.find('#');
  if (hash == std::string_view::npos) return "";
  return std::string(detail::trim(line.substr(hash + 1)));
}

}  // namespace

Structure readLammpsData(const std::string& path, const std::vector<std::string>& species,
                         const ReadOptions& options) {
  TextReader r(path);
  if (r.empty()) r.failAt(1, "empty file: expected a LAMMPS data file (title line, header, Atoms section)");
  r.next();  // The first line is a title, always skipped (as read_data does).

  Header h;
  std::vector<std::string_view> t;
  bool have_section = false;
  while (r.nextContent(true)) {
    if (isKeyword(r.content())) {
      have_section = true;
      break;
    }
    TextReader::split(r.content(), t);
    if (!parseHeaderLine(r, t, h)) {
      r.fail("unknown header line " + quoted(r.content()) +
             "; expected 'N atoms', 'N atom types', 'xlo xhi', 'ylo yhi', 'zlo zhi' or 'xy xz yz'");
    }
  }
  const int header_end = r.lineNumber();
  if (!h.atoms) r.failAt(header_end, "missing 'N atoms' line in the header");
  if (!h.types) r.failAt(header_end, "missing 'N atom types' line in the header");
  for (int d = 0; d < 3; ++d) {
    if (!h.bounds[d]) {
      r.failAt(header_end, std::string("missing box bounds '") + "xyz"[d] + "lo " + "xyz"[d] +
                               "hi' in the header; expected a line like '0.0 10.0 " + "xyz"[d] + "lo " +
                               "xyz"[d] + "hi'");
    }
  }
  const long natoms = *h.atoms;
  const int ntypes = static_cast<int>(*h.types);
  if (natoms > 0 && !have_section)
    r.failAt(header_end, "missing Atoms section: the header says " + std::to_string(natoms) + " atoms");

  detail::ParsedAtoms atoms;
  atoms.reserve(detail::atomsToReserve(natoms, r.size()));
  std::vector<double> masses(static_cast<std::size_t>(ntypes), 1.0);
  std::vector<std::string> labels(static_cast<std::size_t>(ntypes));
  std::vector<std::string> mass_comments(static_cast<std::size_t>(ntypes));
  bool have_atoms = false;
  bool have_masses = false;
  bool have_labels = false;

  // Reads the `count` lines of the section whose keyword is the current line;
  // true when it stopped on the next section keyword, false at the end of the file.
  auto readBody = [&](const std::string& name, long count, const std::string& why, auto&& perLine) {
    for (long k = 0; k < count; ++k) {
      if (!r.nextContent(true)) {
        r.fail("file ended in section '" + name + "' after " + std::to_string(k) + " of " +
               std::to_string(count) + " lines (" + why + ")");
      }
      if (isKeyword(r.content())) {
        r.fail("section '" + name + "' has only " + std::to_string(k) + " lines, expected " +
               std::to_string(count) + " (" + why + "); found " + quoted(r.content()));
      }
      perLine();
    }
    if (!r.nextContent(true)) return false;
    if (!isKeyword(r.content())) {
      r.fail("unexpected line " + quoted(r.content()) + " after the " + std::to_string(count) +
             " lines of section '" + name + "' (" + why +
             "); expected a section keyword or the end of the file");
    }
    return true;
  };
  auto parseType = [&](std::string_view token) {
    long type = r.toLong(token, "an atom type");
    if (type < 1 || type > ntypes) {
      r.fail("unknown atom type " + quoted(token) + ": expected 1.." + std::to_string(ntypes) +
             " (the header declares " + std::to_string(ntypes) + " atom types)");
    }
    return static_cast<int>(type - 1);
  };

  bool in_section = have_section;
  while (in_section) {
    const std::string name = sectionName(r.line());
    const std::string style = sectionStyle(r.line());
    if (name == "Atoms") {
      if (have_atoms) r.fail("second Atoms section");
      have_atoms = true;
      const AtomStyle* as = &kAtomStyles[0];  // no style comment: atomic, as glassland writes
      if (!style.empty()) {
        as = std::find_if(std::begin(kAtomStyles), std::end(kAtomStyles),
                          [&](const AtomStyle& a) { return style == a.name; });
        if (as == std::end(kAtomStyles)) {
          r.fail("unsupported atom style '" + style +
                 "': glassland reads Atoms # atomic (id type x y z), # charge (id type q x y z), # molecular "
                 "(id mol type x y z) and # full (id mol type q x y z), each with optional image flags ix iy "
                 "iz");
        }
      }
      in_section = readBody("Atoms", natoms, "the header says " + std::to_string(natoms) + " atoms", [&] {
        TextReader::split(r.content(), t);
        if (t.size() != as->columns && t.size() != as->columns + 3) {
          std::string hint;
          if (style.empty() && (t.size() == 6 || t.size() == 7 || t.size() == 9 || t.size() == 10)) {
            hint =
                "; for another atom style name it after the keyword, as LAMMPS writes it: 'Atoms # charge' "
                "or "
                "'Atoms # full'";
          }
          r.fail("expected " + std::to_string(as->columns) + " columns '" + as->layout + "' (atom_style " +
                 as->name + ") or " + std::to_string(as->columns + 3) +
                 " with image flags 'ix iy iz', found " + std::to_string(t.size()) + hint);
        }
        long id = r.toLong(t[0], "an atom id");
        if (id < 1) r.fail("expected a positive atom id, found " + quoted(t[0]));
        if (as->molecule) r.toLong(t[as->molecule], "a molecule id");
        if (as->charge && !std::isfinite(r.toDouble(t[as->charge], "a charge"))) {
          r.fail("expected a finite charge, found " + quoted(t[as->charge]));
        }
        int type = parseType(t[as->type]);
        static const char* const kCoord[3] = {"x coordinate", "y coordinate", "z coordinate"};
        for (int d = 0; d < 3; ++d) {
          const std::string_view token = t[as->x + static_cast<std::size_t>(d)];
          double x = r.toDouble(token, kCoord[d]);
          if (!std::isfinite(x)) {
            r.fail("non-finite " + std::string(kCoord[d]) + " " + quoted(token) + " for atom id " +
                   std::to_string(id) + ": expected a finite number");
          }
          atoms.xyz.push_back(x);
        }
        for (std::size_t k = as->columns; k < t.size(); ++k) r.toLong(t[k], "an image flag");
        atoms.ids.push_back(id);
        atoms.types.push_back(type);
        atoms.lines.push_back(r.lineNumber());
      });
    } else if (name == "Masses") {
      if (have_masses) r.fail("second Masses section");
      have_masses = true;
      std::vector<bool> seen(static_cast<std::size_t>(ntypes), false);
      in_section = readBody("Masses", ntypes, "one line per atom type", [&] {
        TextReader::split(r.content(), t);
        if (t.size() != 2) r.fail("expected 2 columns 'type mass', found " + std::to_string(t.size()));
        int type = parseType(t[0]);
        if (seen[type]) r.fail("atom type " + std::to_string(type + 1) + " listed twice in Masses");
        seen[type] = true;
        double m = r.toDouble(t[1], "a mass");
        if (!(m > 0.0) || !std::isfinite(m)) r.fail("expected a positive finite mass, found " + quoted(t[1]));
        masses[type] = m;
        // "1 63.546 # Cu": a one-word comment names the type (as atomsk,
        // moltemplate and glassland's own writer do).
        // The comment text must outlive the tokens split from it (they are views).
        const std::string comment = sectionStyle(r.line());
        std::vector<std::string_view> c;
        TextReader::split(comment, c);
        if (c.size() == 1) mass_comments[type] = std::string(c[0]);
      });
    } else if (name == "Atom Type Labels") {
      if (have_labels) r.fail("second Atom Type Labels section");
      have_labels = true;
      in_section = readBody(name, ntypes, "one line per atom type", [&] {
        TextReader::split(r.content(), t);
        if (t.size() != 2) r.fail("expected 2 columns 'type label', found " + std::to_string(t.size()));
        labels[parseType(t[0])] = std::string(t[1]);
      });
    } else if (name == "Velocities") {
      in_section = readBody(name, natoms, "one line per atom", [] {});
    } else if (name == "Pair Coeffs") {
      in_section = readBody(name, ntypes, "one line per atom type", [] {});
    } else if (name == "PairIJ Coeffs") {
      in_section = readBody(name, static_cast<long>(ntypes) * (ntypes + 1) / 2,
                            "one line per pair of atom types", [] {});
    } else {
      r.fail("unsupported section '" + name +
             "'; expected Atoms, Masses, Velocities, Atom Type Labels, Pair Coeffs or PairIJ Coeffs "
             "(glassland has no bonded interactions)");
    }
  }
  if (natoms > 0 && !have_atoms)
    r.failAt(r.lineNumber(), "missing Atoms section: the header says " + std::to_string(natoms) + " atoms");

  Cell cell = Cell::triclinic(Cell::Vec((*h.bounds[0])[0], (*h.bounds[1])[0], (*h.bounds[2])[0]),
                              Cell::Vec((*h.bounds[0])[1], (*h.bounds[1])[1], (*h.bounds[2])[1]), h.tilt[0],
                              h.tilt[1], h.tilt[2]);
  if (!have_labels) labels = mass_comments;
  return detail::assemble(std::move(atoms), cell,
                          detail::lammpsSpecies(species, ntypes, labels, r, h.types_line), std::move(masses),
                          r, options);
}

std::string lammpsDataText(const Structure& s) {
  using detail::appendNumber;
  const Cell& c = s.cell;
  std::string out;
  out.reserve(64 * static_cast<std::size_t>(s.size()) + 512);
  out += "LAMMPS data file written by glassland (atom_style atomic; boundary ";
  for (int d = 0; d < 3; ++d) out += c.periodic(d) ? (d ? " p" : "p") : (d ? " f" : "f");
  out += ")\n\n";
  appendNumber(out, static_cast<long>(s.size()));
  out += " atoms\n";
  appendNumber(out, static_cast<long>(s.numTypes()));
  out += " atom types\n\n";
  const Cell::Vec lo = c.lo();
  const Cell::Vec hi = c.hi();
  static const char* const kAxes[3] = {" xlo xhi\n", " ylo yhi\n", " zlo zhi\n"};
  for (int d = 0; d < 3; ++d) {
    appendNumber(out, lo[d]);
    out += ' ';
    appendNumber(out, hi[d]);
    out += kAxes[d];
  }
  if (!c.isOrthorhombic()) {
    appendNumber(out, c.xy());
    out += ' ';
    appendNumber(out, c.xz());
    out += ' ';
    appendNumber(out, c.yz());
    out += " xy xz yz\n";
  }
  // Species names go into one-word comments, which LAMMPS ignores and
  // readLammpsData takes as type names.
  out += "\nMasses\n\n";
  for (int t = 0; t < s.numTypes(); ++t) {
    appendNumber(out, static_cast<long>(t + 1));
    out += ' ';
    appendNumber(out, s.masses[t]);
    if (!s.species[t].empty() && s.species[t].find_first_of(" \t#") == std::string::npos) {
      out += " # " + s.species[t];
    }
    out += '\n';
  }
  out += "\nAtoms # atomic\n\n";
  detail::appendAtomLines(out, s);
  return out;
}

void writeLammpsData(const std::string& path, const Structure& structure) {
  writeFileAtomically(path, lammpsDataText(structure));
}

}  // namespace glassland::io
