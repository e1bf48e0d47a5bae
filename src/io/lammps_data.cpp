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

// One read of a data file: the header, then the sections in file order, each
// filling in its part of the structure.
class DataFileReader {
 public:
  explicit DataFileReader(const std::string& path) : r_(path) {}

  Structure read(const std::vector<std::string>& species, const ReadOptions& options) {
    if (r_.empty())
      r_.failAt(1, "empty file: expected a LAMMPS data file (title line, header, Atoms section)");
    r_.next();  // The first line is a title, always skipped (as read_data does).
    const bool have_section = readHeader();
    checkHeader(have_section);

    atoms_.reserve(detail::atomsToReserve(natoms_, r_.size()));
    masses_.assign(static_cast<std::size_t>(ntypes_), 1.0);
    labels_.resize(static_cast<std::size_t>(ntypes_));
    mass_comments_.resize(static_cast<std::size_t>(ntypes_));

    bool in_section = have_section;
    while (in_section) in_section = readSection();
    if (natoms_ > 0 && !have_atoms_)
      r_.failAt(r_.lineNumber(),
                "missing Atoms section: the header says " + std::to_string(natoms_) + " atoms");

    Cell cell = Cell::triclinic(Cell::Vec((*h_.bounds[0])[0], (*h_.bounds[1])[0], (*h_.bounds[2])[0]),
                                Cell::Vec((*h_.bounds[0])[1], (*h_.bounds[1])[1], (*h_.bounds[2])[1]),
                                h_.tilt[0], h_.tilt[1], h_.tilt[2]);
    if (!have_labels_) labels_ = mass_comments_;
    return detail::assemble(std::move(atoms_), cell,
                            detail::lammpsSpecies(species, ntypes_, labels_, r_, h_.types_line),
                            std::move(masses_), r_, options);
  }

 private:
  // The header lines up to the first section keyword; true when there is one.
  bool readHeader() {
    while (r_.nextContent(true)) {
      if (isKeyword(r_.content())) return true;
      TextReader::split(r_.content(), t_);
      if (!parseHeaderLine(r_, t_, h_)) {
        r_.fail("unknown header line " + quoted(r_.content()) +
                "; expected 'N atoms', 'N atom types', 'xlo xhi', 'ylo yhi', 'zlo zhi' or 'xy xz yz'");
      }
    }
    return false;
  }

  void checkHeader(bool have_section) {
    const int header_end = r_.lineNumber();
    if (!h_.atoms) r_.failAt(header_end, "missing 'N atoms' line in the header");
    if (!h_.types) r_.failAt(header_end, "missing 'N atom types' line in the header");
    for (int d = 0; d < 3; ++d) {
      if (!h_.bounds[d]) {
        r_.failAt(header_end, std::string("missing box bounds '") + "xyz"[d] + "lo " + "xyz"[d] +
                                  "hi' in the header; expected a line like '0.0 10.0 " + "xyz"[d] + "lo " +
                                  "xyz"[d] + "hi'");
      }
    }
    natoms_ = *h_.atoms;
    ntypes_ = static_cast<int>(*h_.types);
    if (natoms_ > 0 && !have_section)
      r_.failAt(header_end, "missing Atoms section: the header says " + std::to_string(natoms_) + " atoms");
  }

  // The section whose keyword is the current line; true when it stopped on the
  // next section keyword, false at the end of the file.
  bool readSection() {
    const std::string name = sectionName(r_.line());
    if (name == "Atoms") return readAtoms(sectionStyle(r_.line()));
    if (name == "Masses") return readMasses();
    if (name == "Atom Type Labels") return readLabels(name);
    if (name == "Velocities") return readBody(name, natoms_, "one line per atom", [] {});
    if (name == "Pair Coeffs") return readBody(name, ntypes_, "one line per atom type", [] {});
    if (name == "PairIJ Coeffs") {
      return readBody(name, static_cast<long>(ntypes_) * (ntypes_ + 1) / 2, "one line per pair of atom types",
                      [] {});
    }
    r_.fail("unsupported section '" + name +
            "'; expected Atoms, Masses, Velocities, Atom Type Labels, Pair Coeffs or PairIJ Coeffs "
            "(glassland has no bonded interactions)");
  }

  // Reads the `count` lines of the section whose keyword is the current line;
  // true when it stopped on the next section keyword, false at the end of the file.
  template <class PerLine>
  bool readBody(const std::string& name, long count, const std::string& why, PerLine&& perLine) {
    for (long k = 0; k < count; ++k) {
      if (!r_.nextContent(true)) {
        r_.fail("file ended in section '" + name + "' after " + std::to_string(k) + " of " +
                std::to_string(count) + " lines (" + why + ")");
      }
      if (isKeyword(r_.content())) {
        r_.fail("section '" + name + "' has only " + std::to_string(k) + " lines, expected " +
                std::to_string(count) + " (" + why + "); found " + quoted(r_.content()));
      }
      perLine();
    }
    if (!r_.nextContent(true)) return false;
    if (!isKeyword(r_.content())) {
      r_.fail("unexpected line " + quoted(r_.content()) + " after the " + std::to_string(count) +
              " lines of section '" + name + "' (" + why +
              "); expected a section keyword or the end of the file");
    }
    return true;
  }

  int parseType(std::string_view token) const {
    long type = r_.toLong(token, "an atom type");
    if (type < 1 || type > ntypes_) {
      r_.fail("unknown atom type " + quoted(token) + ": expected 1.." + std::to_string(ntypes_) +
              " (the header declares " + std::to_string(ntypes_) + " atom types)");
    }
    return static_cast<int>(type - 1);
  }

  bool readAtoms(const std::string& style) {
    if (have_atoms_) r_.fail("second Atoms section");
    have_atoms_ = true;
    const AtomStyle* as = &kAtomStyles[0];  // no style comment: atomic, as glassland writes
    if (!style.empty()) {
      as = std::find_if(std::begin(kAtomStyles), std::end(kAtomStyles),
                        [&](const AtomStyle& a) { return style == a.name; });
      if (as == std::end(kAtomStyles)) {
        r_.fail("unsupported atom style '" + style +
                "': glassland reads Atoms # atomic (id type x y z), # charge (id type q x y z), # molecular "
                "(id mol type x y z) and # full (id mol type q x y z), each with optional image flags ix iy "
                "iz");
      }
    }
    return readBody("Atoms", natoms_, "the header says " + std::to_string(natoms_) + " atoms",
                    [&] { readAtomLine(*as, style.empty()); });
  }

  void readAtomLine(const AtomStyle& as, bool no_style) {
    TextReader::split(r_.content(), t_);
    if (t_.size() != as.columns && t_.size() != as.columns + 3) {
      std::string hint;
      if (no_style && (t_.size() == 6 || t_.size() == 7 || t_.size() == 9 || t_.size() == 10)) {
        hint =
            "; for another atom style name it after the keyword, as LAMMPS writes it: 'Atoms # charge' "
            "or "
            "'Atoms # full'";
      }
      r_.fail("expected " + std::to_string(as.columns) + " columns '" + as.layout + "' (atom_style " +
              as.name + ") or " + std::to_string(as.columns + 3) + " with image flags 'ix iy iz', found " +
              std::to_string(t_.size()) + hint);
    }
    long id = r_.toLong(t_[0], "an atom id");
    if (id < 1) r_.fail("expected a positive atom id, found " + quoted(t_[0]));
    if (as.molecule) r_.toLong(t_[as.molecule], "a molecule id");
    if (as.charge && !std::isfinite(r_.toDouble(t_[as.charge], "a charge"))) {
      r_.fail("expected a finite charge, found " + quoted(t_[as.charge]));
    }
    int type = parseType(t_[as.type]);
    const Cell::Vec x = detail::parseCoordinates(r_, {t_[as.x], t_[as.x + 1], t_[as.x + 2]}, id);
    atoms_.xyz.insert(atoms_.xyz.end(), {x[0], x[1], x[2]});
    for (std::size_t k = as.columns; k < t_.size(); ++k) r_.toLong(t_[k], "an image flag");
    atoms_.ids.push_back(id);
    atoms_.types.push_back(type);
    atoms_.lines.push_back(r_.lineNumber());
  }

  bool readMasses() {
    if (have_masses_) r_.fail("second Masses section");
    have_masses_ = true;
    std::vector<bool> seen(static_cast<std::size_t>(ntypes_), false);
    return readBody("Masses", ntypes_, "one line per atom type", [&] {
      TextReader::split(r_.content(), t_);
      if (t_.size() != 2) r_.fail("expected 2 columns 'type mass', found " + std::to_string(t_.size()));
      int type = parseType(t_[0]);
      if (seen[type]) r_.fail("atom type " + std::to_string(type + 1) + " listed twice in Masses");
      seen[type] = true;
      double m = r_.toDouble(t_[1], "a mass");
      if (!(m > 0.0) || !std::isfinite(m)) r_.fail("expected a positive finite mass, found " + quoted(t_[1]));
      masses_[type] = m;
      // "1 63.546 # Cu": a one-word comment names the type (as atomsk,
      // moltemplate and glassland's own writer do).
      // The comment text must outlive the tokens split from it (they are views).
      const std::string comment = sectionStyle(r_.line());
      std::vector<std::string_view> c;
      TextReader::split(comment, c);
      if (c.size() == 1) mass_comments_[type] = std::string(c[0]);
    });
  }

  bool readLabels(const std::string& name) {
    if (have_labels_) r_.fail("second Atom Type Labels section");
    have_labels_ = true;
    return readBody(name, ntypes_, "one line per atom type", [&] {
      TextReader::split(r_.content(), t_);
      if (t_.size() != 2) r_.fail("expected 2 columns 'type label', found " + std::to_string(t_.size()));
      labels_[parseType(t_[0])] = std::string(t_[1]);
    });
  }

  TextReader r_;
  Header h_;
  std::vector<std::string_view> t_;  // tokens of the current line
  long natoms_ = 0;
  int ntypes_ = 0;
  detail::ParsedAtoms atoms_;
  std::vector<double> masses_;
  std::vector<std::string> labels_;
  std::vector<std::string> mass_comments_;
  bool have_atoms_ = false;
  bool have_masses_ = false;
  bool have_labels_ = false;
};

}  // namespace

Structure readLammpsData(const std::string& path, const std::vector<std::string>& species,
                         const ReadOptions& options) {
  return DataFileReader(path).read(species, options);
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
