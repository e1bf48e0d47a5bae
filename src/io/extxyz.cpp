#include "glassland/io/extxyz.hpp"

#include <Eigen/Geometry>
#include <Eigen/LU>
#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <optional>
#include <string_view>

#include "common.hpp"
#include "glassland/core/files.hpp"
#include "text_reader.hpp"

namespace glassland::io {

using detail::quoted;
using detail::TextReader;
using detail::trim;

namespace {

bool equalsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

struct KeyValue {
  std::string key;
  std::string value;
};

// The comment line: key=value, key="value with blanks", or a bare key (a flag,
// true in ASE's reading).
std::vector<KeyValue> parseComment(const TextReader& r, std::string_view s) {
  std::vector<KeyValue> out;
  std::size_t i = 0;
  auto blank = [](char c) { return c == ' ' || c == '\t'; };
  while (i < s.size()) {
    while (i < s.size() && blank(s[i])) ++i;
    if (i == s.size()) break;
    std::size_t k = i;
    while (i < s.size() && !blank(s[i]) && s[i] != '=') ++i;
    KeyValue kv{std::string(s.substr(k, i - k)), "T"};
    if (i < s.size() && s[i] == '=') {
      ++i;
      if (i < s.size() && (s[i] == '"' || s[i] == '\'' || s[i] == '{')) {
        const char close = s[i] == '{' ? '}' : s[i];
        std::size_t end = s.find(close, i + 1);
        if (end == std::string_view::npos) {
          r.fail("unterminated " + std::string(1, s[i]) + " in the value of '" + kv.key +
                 "' on the comment line");
        }
        kv.value = std::string(s.substr(i + 1, end - i - 1));
        i = end + 1;
      } else {
        std::size_t v = i;
        while (i < s.size() && !blank(s[i])) ++i;
        kv.value = std::string(s.substr(v, i - v));
      }
    }
    out.push_back(std::move(kv));
  }
  return out;
}

struct Property {
  std::string name;
  char type;
  int columns;
  int first;  // index of its first column on an atom line
};

std::vector<Property> parseProperties(const TextReader& r, const std::string& text) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    std::size_t colon = text.find(':', start);
    parts.push_back(text.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() % 3 != 0) {
    r.fail("Properties=" + text + ": expected name:type:columns triples (e.g. species:S:1:pos:R:3)");
  }
  std::vector<Property> props;
  int first = 0;
  for (std::size_t k = 0; k < parts.size(); k += 3) {
    const std::string& type = parts[k + 1];
    if (type.size() != 1 ||
        std::string_view("SRIL").find(static_cast<char>(std::toupper(type[0]))) == std::string_view::npos) {
      r.fail("Properties: column '" + parts[k] + "' has type '" + type + "'; expected S, R, I or L");
    }
    int n = 0;
    try {
      n = std::stoi(parts[k + 2]);
    } catch (const std::exception&) {
      n = 0;
    }
    // Bounded so that the running column index cannot overflow.
    if (n < 1 || n > 100000) {
      r.fail("Properties: column '" + parts[k] + "' has count '" + parts[k + 2] +
             "'; expected an integer from 1 to 100000");
    }
    if (props.size() >= 1000)
      r.fail("Properties: more than 1000 properties; expected name:type:columns triples");
    props.push_back({parts[k], static_cast<char>(std::toupper(type[0])), n, first});
    first += n;
  }
  return props;
}

std::vector<double> parseNumbers(const TextReader& r, const std::string& key, const std::string& value,
                                 std::size_t count) {
  std::vector<std::string_view> t;
  TextReader::split(value, t);
  if (t.size() != count) {
    r.fail(key + "=\"" + value + "\": expected " + std::to_string(count) + " numbers, found " +
           std::to_string(t.size()));
  }
  std::vector<double> v;
  for (auto tok : t) {
    double x = r.toDouble(tok, "a number in " + key);
    if (!std::isfinite(x)) r.fail("expected finite numbers in " + key + ", found " + quoted(tok));
    v.push_back(x);
  }
  return v;
}

bool parseLogical(const TextReader& r, std::string_view tok) {
  if (equalsIgnoreCase(tok, "T") || equalsIgnoreCase(tok, "true")) return true;
  if (equalsIgnoreCase(tok, "F") || equalsIgnoreCase(tok, "false")) return false;
  r.fail("expected T or F in pbc, found " + quoted(tok));
}

// Skims frames without parsing atoms: where each starts, and a clear message
// when an atom count does not match the lines that follow.
std::vector<std::pair<std::size_t, int>> frameStarts(TextReader& r) {
  std::vector<std::pair<std::size_t, int>> starts;
  std::vector<std::string_view> t;
  for (;;) {
    const std::size_t pos = r.position();
    const int line = r.lineNumber();
    if (!r.nextContent(false)) break;
    TextReader::split(r.line(), t);
    if (t.size() != 1) {
      std::string hint;
      if (!starts.empty()) hint = " (is the atom count of the previous frame too small?)";
      r.fail("expected the number of atoms of frame " + std::to_string(starts.size()) +
             " (one integer on its own line), found " + quoted(trim(r.line())) + hint);
    }
    long n = r.toLong(t[0], "the number of atoms");
    if (n < 0) r.fail("expected a number of atoms >= 0, found " + quoted(t[0]));
    const int count_line = r.lineNumber();
    starts.emplace_back(pos, line);
    if (!r.next())
      r.fail("file ended before the comment line (Lattice=..., Properties=...) of frame " +
             std::to_string(starts.size() - 1));
    for (long k = 0; k < n; ++k) {
      if (!r.next()) {
        r.fail("file ended after " + std::to_string(k) + " of " + std::to_string(n) + " atom lines (line " +
               std::to_string(count_line) + " says " + std::to_string(n) + " atoms)");
      }
    }
  }
  return starts;
}

// Chemical symbols by atomic number (1..118), as ASE's ase.data.chemical_symbols.
constexpr std::array<std::string_view, 118> kElements = {
    "H",  "He", "Li", "Be", "B",  "C",  "N",  "O",  "F",  "Ne", "Na", "Mg", "Al", "Si", "P",  "S",  "Cl",
    "Ar", "K",  "Ca", "Sc", "Ti", "V",  "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se",
    "Br", "Kr", "Rb", "Sr", "Y",  "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb",
    "Te", "I",  "Xe", "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er",
    "Tm", "Yb", "Lu", "Hf", "Ta", "W",  "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At",
    "Rn", "Fr", "Ra", "Ac", "Th", "Pa", "U",  "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No",
    "Lr", "Rf", "Db", "Sg", "Bh", "Hs", "Mt", "Ds", "Rg", "Cn", "Nh", "Fl", "Mc", "Lv", "Ts", "Og"};

bool isElement(std::string_view name) {
  return std::find(kElements.begin(), kElements.end(), name) != kElements.end();
}

// What the comment line of a frame says.
struct FrameInfo {
  std::optional<std::vector<double>> lattice;
  std::string properties = "species:S:1:pos:R:3";  // ASE's default
  std::array<bool, 3> pbc{true, true, true};
  Cell::Vec origin = Cell::Vec::Zero();
};

FrameInfo readFrameInfo(const TextReader& r) {
  FrameInfo info;
  for (const KeyValue& kv : parseComment(r, r.line())) {
    if (equalsIgnoreCase(kv.key, "Lattice")) {
      info.lattice = parseNumbers(r, "Lattice", kv.value, 9);
    } else if (equalsIgnoreCase(kv.key, "Properties")) {
      info.properties = kv.value;
    } else if (equalsIgnoreCase(kv.key, "pbc")) {
      std::vector<std::string_view> t;
      TextReader::split(kv.value, t);
      if (t.size() != 3) r.fail("pbc=\"" + kv.value + "\": expected three T/F values");
      for (int d = 0; d < 3; ++d) info.pbc[d] = parseLogical(r, t[d]);
    } else if (equalsIgnoreCase(kv.key, "Origin")) {
      auto o = parseNumbers(r, "Origin", kv.value, 3);
      info.origin = Cell::Vec(o[0], o[1], o[2]);
    }
  }
  if (!info.lattice) {
    r.fail(
        "missing Lattice=\"ax ay az bx by bz cx cy cz\" on the comment line: glassland needs the cell "
        "vectors");
  }
  return info;
}

// The columns glassland reads, found among the Properties.
struct AtomColumns {
  std::vector<Property> props;
  const Property* species = nullptr;
  const Property* pos = nullptr;
  const Property* id = nullptr;
  const Property* mass = nullptr;
  const Property* type_name = nullptr;
  int count = 0;
};

AtomColumns findColumns(const TextReader& r, const std::string& properties) {
  AtomColumns c;
  c.props = parseProperties(r, properties);
  for (const Property& p : c.props) {
    if (p.name == "species" && p.type == 'S' && p.columns == 1) c.species = &p;
    if (p.name == "pos" && p.type == 'R' && p.columns == 3) c.pos = &p;
    if (p.name == "id" && p.type == 'I' && p.columns == 1) c.id = &p;
    if (p.name == "masses" && p.type == 'R' && p.columns == 1) c.mass = &p;
    if (p.name == "type_name" && p.type == 'S' && p.columns == 1) c.type_name = &p;
    c.count += p.columns;
  }
  if (!c.species) r.fail("Properties=" + properties + " has no species:S:1 column");
  if (!c.pos) r.fail("Properties=" + properties + " has no pos:R:3 column");
  return c;
}

// The cell in LAMMPS's restricted form, and the rotation that takes the
// positions there when the lattice is general.
struct FrameCell {
  Cell cell;
  std::optional<Eigen::Matrix3d> rotation;
};

FrameCell restrictedCell(const TextReader& r, const FrameInfo& info, int comment_line) {
  // A general lattice is rotated: with
  // H_g = [a b c] and H_r its restricted form (lx = |a|, xy = b.â,
  // ly = |â x b|, xz = c.â, yz = (b.c - xy xz) / ly, lz = sqrt(|c|^2 - xz^2 - yz^2),
  // LAMMPS Howto triclinic), R = H_r H_g^-1 is a proper rotation.
  const auto& L = *info.lattice;
  Eigen::Matrix3d hg;
  hg << L[0], L[3], L[6],  //
      L[1], L[4], L[7],    //
      L[2], L[5], L[8];
  const bool restricted = L[1] == 0.0 && L[2] == 0.0 && L[5] == 0.0 && L[0] > 0.0 && L[4] > 0.0 && L[8] > 0.0;
  FrameCell out;
  Eigen::Matrix3d hr = hg;
  if (!restricted) {
    if (!(hg.determinant() > 0.0)) {
      r.failAt(
          comment_line,
          "Lattice vectors are left-handed or degenerate (a x b . c <= 0); expected a right-handed cell");
    }
    const Eigen::Vector3d a = hg.col(0), b = hg.col(1), c = hg.col(2);
    const double lx = a.norm();
    const Eigen::Vector3d ahat = a / lx;
    const double xy = b.dot(ahat);
    const double ly = ahat.cross(b).norm();
    const double xz = c.dot(ahat);
    const double yz = (b.dot(c) - xy * xz) / ly;
    const double lz = std::sqrt(std::max(0.0, c.squaredNorm() - xz * xz - yz * yz));
    hr << lx, xy, xz,  //
        0.0, ly, yz,   //
        0.0, 0.0, lz;
    out.rotation = hr * hg.inverse();
  }
  const Cell::Vec& origin = info.origin;
  try {
    out.cell = Cell::triclinic(origin, origin + Cell::Vec(hr(0, 0), hr(1, 1), hr(2, 2)), hr(0, 1), hr(0, 2),
                               hr(1, 2), info.pbc);
  } catch (const InputError& e) {
    r.failAt(comment_line, std::string("Lattice: ") + e.what());
  }
  return out;
}

// The atom lines of a frame: species names (given, or in order of first
// appearance), masses per species, positions in the restricted cell.
class AtomLinesReader {
 public:
  AtomLinesReader(TextReader& r, const std::vector<std::string>& species, const AtomColumns& columns,
                  const std::string& properties)
      : r_(r),
        species_(species),
        c_(columns),
        properties_(properties),
        names_(species),
        masses_(names_.size(), 0.0) {}

  void read(long natoms, const FrameInfo& info, const FrameCell& frame) {
    atoms_.reserve(detail::atomsToReserve(natoms, r_.size()));
    for (long k = 0; k < natoms; ++k) {
      r_.next();
      TextReader::split(r_.line(), t_);
      if (static_cast<int>(t_.size()) != c_.count) {
        r_.fail("expected " + std::to_string(c_.count) + " columns (Properties=" + properties_ + "), found " +
                std::to_string(t_.size()));
      }
      const int type = typeOf(t_[(c_.type_name ? c_.type_name : c_.species)->first]);
      const long id = c_.id ? r_.toLong(t_[c_.id->first], "an atom id") : k + 1;
      if (id < 1) r_.fail("expected a positive atom id, found " + quoted(t_[c_.id->first]));
      const int p = c_.pos->first;
      Cell::Vec x = detail::parseCoordinates(r_, {t_[p], t_[p + 1], t_[p + 2]}, id);
      if (frame.rotation) x = info.origin + *frame.rotation * (x - info.origin);
      if (c_.mass) readMass(type, id);
      atoms_.ids.push_back(id);
      atoms_.types.push_back(type);
      atoms_.xyz.insert(atoms_.xyz.end(), {x[0], x[1], x[2]});
      atoms_.lines.push_back(r_.lineNumber());
    }
    for (double& m : masses_) {
      if (m == 0.0) m = 1.0;  // no masses column, or a listed species without atoms
    }
  }

  Structure assemble(const Cell& cell, const ReadOptions& options) {
    return detail::assemble(std::move(atoms_), cell, std::move(names_), std::move(masses_), r_, options);
  }

 private:
  // glassland's own files keep the species name in type_name and an element
  // symbol (which ASE needs) in species.
  int typeOf(std::string_view name) {
    auto it = std::find(names_.begin(), names_.end(), name);
    if (it == names_.end()) {
      if (!species_.empty())
        r_.fail("species " + quoted(name) + " is not in the species list [" + detail::joinNames(species_) +
                "]");
      names_.emplace_back(name);
      masses_.push_back(0.0);
      it = names_.end() - 1;
    }
    return static_cast<int>(it - names_.begin());
  }

  void readMass(int type, long id) {
    const double m = r_.toDouble(t_[c_.mass->first], "a mass");
    if (!(m > 0.0) || !std::isfinite(m))
      r_.fail("expected a positive finite mass, found " + quoted(t_[c_.mass->first]));
    if (masses_[type] == 0.0)
      masses_[type] = m;
    else if (masses_[type] != m) {
      r_.fail("atom id " + std::to_string(id) + " of species " + names_[type] + " has mass " +
              quoted(t_[c_.mass->first]) + "; expected the same mass for every atom of a species");
    }
  }

  TextReader& r_;
  const std::vector<std::string>& species_;
  const AtomColumns& c_;
  const std::string& properties_;
  std::vector<std::string> names_;
  std::vector<double> masses_;
  detail::ParsedAtoms atoms_;
  std::vector<std::string_view> t_;  // tokens of the current line
};

}  // namespace

std::vector<std::string> elementSymbols(const std::vector<std::string>& species) {
  // Names are chemistry only when every one is a chemical symbol: in the
  // Kob-Andersen mixture "B" is a label, not boron.
  if (std::all_of(species.begin(), species.end(), [](const std::string& s) { return isElement(s); }))
    return species;
  std::vector<std::string> out(species.size(), "X");  // ASE's dummy element (Z = 0) after all 118
  for (std::size_t t = 0; t < species.size() && t < kElements.size(); ++t) out[t] = kElements[t];
  return out;
}

Structure readExtxyz(const std::string& path, const std::vector<std::string>& species,
                     const ReadOptions& options) {
  TextReader r(path);
  if (r.empty())
    r.failAt(1,
             "empty file: expected an extended XYZ file (atom count, comment line with Lattice=..., atoms)");
  const auto starts = frameStarts(r);
  const int frame = detail::frameIndex(path, options.frame, static_cast<int>(starts.size()), "file");
  r.rewind(starts[frame].first, starts[frame].second);
  r.nextContent(false);
  const long natoms = r.toLong(trim(r.line()), "the number of atoms");
  r.next();
  const int comment_line = r.lineNumber();

  const FrameInfo info = readFrameInfo(r);
  const AtomColumns columns = findColumns(r, info.properties);
  const FrameCell frame_cell = restrictedCell(r, info, comment_line);
  AtomLinesReader atoms(r, species, columns, info.properties);
  atoms.read(natoms, info, frame_cell);
  return atoms.assemble(frame_cell.cell, options);
}

std::string extxyzFrame(const Structure& s, const std::vector<AtomColumn>& columns,
                        const std::vector<std::pair<std::string, std::string>>& info) {
  using detail::appendNumber;
  auto plainWord = [](const std::string& w) {
    return !w.empty() && w.find_first_of(" \t\n\r\"'=:") == std::string::npos;
  };
  for (const std::string& name : s.species) {
    if (!plainWord(name))
      throw InputError("extxyz: species name '" + name +
                       "' must be non-empty, without blanks, quotes, ':' or '='");
  }
  static const char* const kReserved[] = {"species", "pos", "id", "type_name", "masses"};
  for (const AtomColumn& c : columns) {
    if (!plainWord(c.name) ||
        std::find(std::begin(kReserved), std::end(kReserved), c.name) != std::end(kReserved)) {
      throw InputError("extxyz: column name '" + c.name +
                       "' must be a plain word other than species, pos, id, type_name, masses");
    }
    if (c.values.cols() != s.size() || c.values.rows() < 1) {
      throw InputError("extxyz: column '" + c.name + "' has " + std::to_string(c.values.rows()) + " x " +
                       std::to_string(c.values.cols()) + " values; expected components x " +
                       std::to_string(s.size()) + " atoms");
    }
  }
  for (const auto& [key, value] : info) {
    if (!plainWord(key) || value.find('"') != std::string::npos || value.find('\n') != std::string::npos) {
      throw InputError("extxyz: info key '" + key +
                       "' must be a plain word and its value free of '\"' and newlines");
    }
  }
  const bool write_masses = std::any_of(s.masses.begin(), s.masses.end(), [](double m) { return m != 1.0; });
  const std::vector<std::string> elements = elementSymbols(s.species);

  std::string out;
  out.reserve(96 * static_cast<std::size_t>(s.size()) + 512);
  appendNumber(out, static_cast<long>(s.size()));
  out += "\nLattice=\"";
  const Eigen::Matrix3d& h = s.cell.h();
  for (int v = 0; v < 3; ++v) {
    for (int d = 0; d < 3; ++d) {
      if (v || d) out += ' ';
      appendNumber(out, h(d, v));
    }
  }
  out += "\" Properties=species:S:1:pos:R:3:id:I:1:type_name:S:1";
  if (write_masses) out += ":masses:R:1";
  for (const AtomColumn& c : columns) out += ":" + c.name + ":R:" + std::to_string(c.values.rows());
  out += " pbc=\"";
  for (int d = 0; d < 3; ++d) out += std::string(d ? " " : "") + (s.cell.periodic(d) ? "T" : "F");
  out += '"';
  if (!s.cell.lo().isZero(0.0)) {
    out += " Origin=\"";
    for (int d = 0; d < 3; ++d) {
      if (d) out += ' ';
      appendNumber(out, s.cell.lo()[d]);
    }
    out += '"';
  }
  for (const auto& [key, value] : info) {
    const bool quote = value.empty() || value.find_first_of(" \t=") != std::string::npos;
    out += ' ' + key + '=' + (quote ? '"' + value + '"' : value);
  }
  out += '\n';
  for (int a = 0; a < s.size(); ++a) {
    out += elements[s.types[a]];
    for (int d = 0; d < 3; ++d) {
      out += ' ';
      appendNumber(out, s.positions(d, a));
    }
    out += ' ';
    appendNumber(out, s.ids.empty() ? static_cast<long>(a + 1) : s.ids[a]);
    out += ' ';
    out += s.species[s.types[a]];
    if (write_masses) {
      out += ' ';
      appendNumber(out, s.masses[s.types[a]]);
    }
    for (const AtomColumn& c : columns) {
      for (Eigen::Index k = 0; k < c.values.rows(); ++k) {
        out += ' ';
        appendNumber(out, c.values(k, a));
      }
    }
    out += '\n';
  }
  return out;
}

void writeExtxyz(const std::string& path, const Structure& structure, const std::vector<AtomColumn>& columns,
                 const std::vector<std::pair<std::string, std::string>>& info) {
  writeFileAtomically(path, extxyzFrame(structure, columns, info));
}

}  // namespace glassland::io
