#include "glassland/io/lammps_dump.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <optional>

#include "common.hpp"
#include "glassland/core/files.hpp"
#include "text_reader.hpp"

namespace glassland::io {

using detail::quoted;
using detail::TextReader;
using detail::trim;

namespace {

bool isItem(std::string_view line) { return trim(line).substr(0, 5) == "ITEM:"; }

std::string_view itemName(std::string_view line) { return trim(trim(line).substr(5)); }

struct Box {
  std::array<double, 3> lo{}, hi{};
  std::array<double, 3> tilt{0.0, 0.0, 0.0};  // xy xz yz
  std::array<bool, 3> periodic{true, true, true};
};

// ITEM: BOX BOUNDS [xy xz yz] [flags] and its three lines. For a triclinic box
// LAMMPS writes the bounding box of the tilted cell (dump manual, "triclinic
// simulation boxes"); undo that to get xlo, xhi, ylo, yhi back.
Box readBox(TextReader& r, std::string_view item) {
  std::vector<std::string_view> t;
  TextReader::split(item, t);  // "BOX" "BOUNDS" ...
  std::size_t k = 2;
  bool triclinic = false;
  if (t.size() >= k + 3 && t[k] == "xy" && t[k + 1] == "xz" && t[k + 2] == "yz") {
    triclinic = true;
    k += 3;
  }
  if (t.size() > k && (t[k] == "abc" || t[k] == "origin")) {
    r.fail(
        "general triclinic dump boxes (abc origin) are not supported; expected 'BOX BOUNDS [xy xz yz] pp pp "
        "pp'");
  }
  Box box;
  if (t.size() != k && t.size() != k + 3) {
    r.fail(
        "expected 'ITEM: BOX BOUNDS' with optional 'xy xz yz' and three boundary flags (e.g. pp pp pp), "
        "found " +
        quoted(trim(r.line())));
  }
  for (int d = 0; d < 3 && t.size() == k + 3; ++d) box.periodic[d] = t[k + d] == "pp";

  std::array<double, 3> lo_bound{}, hi_bound{};
  static const char* const kAxis[3] = {"x", "y", "z"};
  static const char* const kTilt[3] = {"xy", "xz", "yz"};
  for (int d = 0; d < 3; ++d) {
    if (!r.nextContent(false) || isItem(r.line())) {
      r.fail(std::string("expected the ") + kAxis[d] + " bounds line of ITEM: BOX BOUNDS ('lo hi" +
             (triclinic ? " tilt" : "") + "'), found " +
             (isItem(r.line()) ? quoted(trim(r.line())) : "the end of the file"));
    }
    TextReader::split(r.line(), t);
    const std::size_t want = triclinic ? 3 : 2;
    if (t.size() != want) {
      r.fail(std::string("expected ") + std::to_string(want) + " numbers on the " + kAxis[d] +
             " bounds line, found " + std::to_string(t.size()));
    }
    lo_bound[d] = r.toDouble(t[0], std::string(kAxis[d]) + "lo");
    hi_bound[d] = r.toDouble(t[1], std::string(kAxis[d]) + "hi");
    if (triclinic) box.tilt[d] = r.toDouble(t[2], kTilt[d]);
    if (!std::isfinite(lo_bound[d]) || !std::isfinite(hi_bound[d]) || !std::isfinite(box.tilt[d])) {
      r.fail("expected finite numbers on the " + std::string(kAxis[d]) + " bounds line, found " +
             quoted(trim(r.line())));
    }
  }
  box.lo = lo_bound;
  box.hi = hi_bound;
  if (triclinic) {
    const double xy = box.tilt[0], xz = box.tilt[1], yz = box.tilt[2];
    box.lo[0] = lo_bound[0] - std::min({0.0, xy, xz, xy + xz});
    box.hi[0] = hi_bound[0] - std::max({0.0, xy, xz, xy + xz});
    box.lo[1] = lo_bound[1] - std::min(0.0, yz);
    box.hi[1] = hi_bound[1] - std::max(0.0, yz);
  }
  for (int d = 0; d < 3; ++d) {
    if (!(box.hi[d] > box.lo[d])) {
      r.failAt(r.lineNumber() - 2 + d,
               std::string("expected ") + kAxis[d] + "hi > " + kAxis[d] + "lo in ITEM: BOX BOUNDS");
    }
  }
  return box;
}

struct Columns {
  int id = -1, type = -1, element = -1;
  std::array<int, 3> coord{-1, -1, -1};
  enum class Kind { Plain, Unwrapped, Scaled, ScaledUnwrapped } kind = Kind::Plain;
  std::size_t count = 0;
  std::string names;
};

Columns readColumns(const TextReader& r, std::string_view item) {
  std::vector<std::string_view> t;
  TextReader::split(item, t);  // "ATOMS" col ...
  Columns c;
  c.count = t.size() - 1;
  auto find = [&](std::string_view name) {
    for (std::size_t i = 1; i < t.size(); ++i) {
      if (t[i] == name) return static_cast<int>(i - 1);
    }
    return -1;
  };
  for (std::size_t i = 1; i < t.size(); ++i) c.names += (i > 1 ? " " : "") + std::string(t[i]);
  c.id = find("id");
  c.type = find("type");
  c.element = find("element");
  const std::array<std::pair<Columns::Kind, std::array<const char*, 3>>, 4> triples = {{
      {Columns::Kind::Plain, {"x", "y", "z"}},
      {Columns::Kind::Unwrapped, {"xu", "yu", "zu"}},
      {Columns::Kind::Scaled, {"xs", "ys", "zs"}},
      {Columns::Kind::ScaledUnwrapped, {"xsu", "ysu", "zsu"}},
  }};
  for (const auto& [kind, names] : triples) {
    std::array<int, 3> idx{find(names[0]), find(names[1]), find(names[2])};
    if (idx[0] >= 0 && idx[1] >= 0 && idx[2] >= 0) {
      c.coord = idx;
      c.kind = kind;
      break;
    }
  }
  const std::string found = " (found columns: " + (c.names.empty() ? std::string("none") : c.names) + ")";
  if (c.id < 0) r.fail("ITEM: ATOMS has no 'id' column" + found);
  if (c.type < 0 && c.element < 0) r.fail("ITEM: ATOMS has no 'type' or 'element' column" + found);
  if (c.coord[0] < 0)
    r.fail("ITEM: ATOMS has no coordinate columns: expected x y z, xu yu zu, xs ys zs or xsu ysu zsu" +
           found);
  return c;
}

// Where each frame starts (byte offset, line before it), so that any frame
// can be parsed directly.
std::vector<std::pair<std::size_t, int>> frameStarts(TextReader& r) {
  std::vector<std::pair<std::size_t, int>> starts;
  for (;;) {
    const std::size_t pos = r.position();
    const int line = r.lineNumber();
    if (!r.next()) break;
    if (trim(r.line()).empty()) continue;
    const bool timestep = isItem(r.line()) && itemName(r.line()) == "TIMESTEP";
    if (starts.empty() && !timestep)
      r.fail("expected 'ITEM: TIMESTEP' at the start of a LAMMPS dump, found " + quoted(trim(r.line())));
    if (timestep) starts.emplace_back(pos, line);
  }
  return starts;
}

// One frame of a dump, from its ITEM: TIMESTEP line to its ITEM: ATOMS section.
class DumpFrameReader {
 public:
  DumpFrameReader(const std::string& path, const std::vector<std::string>& species,
                  const ReadOptions& options)
      : r_(path), species_(species), options_(options) {}

  Structure read() {
    if (r_.empty()) r_.failAt(1, "empty file: expected a LAMMPS dump starting with 'ITEM: TIMESTEP'");
    const auto starts = frameStarts(r_);
    frame_ = detail::frameIndex(r_.path(), options_.frame, static_cast<int>(starts.size()), "dump");
    r_.rewind(starts[frame_].first, starts[frame_].second);
    r_.nextContent(false);  // ITEM: TIMESTEP
    readTimestep();
    for (;;) {
      if (!r_.nextContent(false)) r_.fail("file ended before ITEM: ATOMS of frame " + std::to_string(frame_));
      if (!isItem(r_.line())) r_.fail("expected an 'ITEM:' line, found " + quoted(trim(r_.line())));
      const std::string_view item = itemName(r_.line());
      if (item == "TIMESTEP") {
        r_.fail("ITEM: TIMESTEP before the ITEM: ATOMS of frame " + std::to_string(frame_));
      } else if (item == "NUMBER OF ATOMS") {
        readNumberOfAtoms();
      } else if (item.substr(0, 10) == "BOX BOUNDS") {
        box_ = readBox(r_, item);
      } else if (item.substr(0, 5) == "ATOMS") {
        return readAtoms(item);
      } else {
        skipItem();
      }
    }
  }

 private:
  void readTimestep() {
    if (!r_.nextContent(false) || isItem(r_.line())) r_.fail("expected the timestep after ITEM: TIMESTEP");
    TextReader::split(r_.line(), t_);
    if (t_.size() != 1) r_.fail("expected one integer (the timestep), found " + quoted(trim(r_.line())));
    r_.toLong(t_[0], "the timestep");
  }

  void readNumberOfAtoms() {
    if (!r_.nextContent(false) || isItem(r_.line()))
      r_.fail("expected the number of atoms after ITEM: NUMBER OF ATOMS");
    TextReader::split(r_.line(), t_);
    if (t_.size() != 1)
      r_.fail("expected one integer (the number of atoms), found " + quoted(trim(r_.line())));
    long n = r_.toLong(t_[0], "the number of atoms");
    if (n < 0) r_.fail("expected a number of atoms >= 0, found " + quoted(t_[0]));
    natoms_ = n;
  }

  // Items glassland does not need (UNITS, TIME, ...): skip their lines.
  void skipItem() {
    for (;;) {
      const std::size_t pos = r_.position();
      const int line = r_.lineNumber();
      if (!r_.next()) break;
      if (isItem(r_.line())) {
        r_.rewind(pos, line);
        break;
      }
    }
  }

  Structure readAtoms(std::string_view item) {
    if (!natoms_) r_.fail("ITEM: ATOMS before ITEM: NUMBER OF ATOMS");
    if (!box_) r_.fail("ITEM: ATOMS before ITEM: BOX BOUNDS");
    const Columns c = readColumns(r_, item);
    const std::string why = "ITEM: NUMBER OF ATOMS says " + std::to_string(*natoms_);
    const Cell cell = Cell::triclinic(Cell::Vec(box_->lo[0], box_->lo[1], box_->lo[2]),
                                      Cell::Vec(box_->hi[0], box_->hi[1], box_->hi[2]), box_->tilt[0],
                                      box_->tilt[1], box_->tilt[2], box_->periodic);
    atoms_.reserve(detail::atomsToReserve(*natoms_, r_.size()));
    // Names of the types: from an `element` column (dump_modify element),
    // checked to be one per type; with no `type` column the element names
    // are the types, in the order of the species list or of first appearance.
    if (c.type < 0) elements_ = species_;
    for (long k = 0; k < *natoms_; ++k) {
      if (!r_.nextContent(false) || isItem(r_.line())) {
        r_.fail("found only " + std::to_string(k) + " atom lines, expected " + std::to_string(*natoms_) +
                " (" + why + ")");
      }
      readAtomLine(c, cell);
    }
    const std::size_t pos = r_.position();
    const int line = r_.lineNumber();
    if (r_.nextContent(false) && !isItem(r_.line())) {
      r_.fail("unexpected line " + quoted(trim(r_.line())) + " after " + std::to_string(*natoms_) +
              " atom lines (" + why +
              "); expected 'ITEM: TIMESTEP' of the next frame or the end of the file");
    }
    r_.rewind(pos, line);
    if (c.type < 0) {
      if (elements_.empty()) elements_.push_back("1");  // no atoms: one unnamed type
      return detail::assemble(std::move(atoms_), cell, std::move(elements_), {}, r_, options_);
    }
    const int ntypes = species_.empty() ? std::max(max_type_, 1) : static_cast<int>(species_.size());
    labels_.resize(static_cast<std::size_t>(ntypes));
    std::vector<std::string> names = detail::lammpsSpecies(species_, ntypes, labels_, r_, 0);
    return detail::assemble(std::move(atoms_), cell, std::move(names), {}, r_, options_);
  }

  void readAtomLine(const Columns& c, const Cell& cell) {
    TextReader::split(r_.line(), t_);
    if (t_.size() != c.count) {
      r_.fail("expected " + std::to_string(c.count) + " columns (" + c.names + "), found " +
              std::to_string(t_.size()));
    }
    const long id = r_.toLong(t_[c.id], "an atom id");
    if (id < 1) r_.fail("expected a positive atom id, found " + quoted(t_[c.id]));
    const long type = c.type >= 0 ? typeFromColumns(c, id) : typeOfElement(t_[c.element]);
    Cell::Vec x = detail::parseCoordinates(r_, {t_[c.coord[0]], t_[c.coord[1]], t_[c.coord[2]]}, id);
    if (c.kind == Columns::Kind::Scaled || c.kind == Columns::Kind::ScaledUnwrapped) x = cell.toCartesian(x);
    atoms_.ids.push_back(id);
    atoms_.types.push_back(static_cast<int>(type - 1));
    atoms_.xyz.insert(atoms_.xyz.end(), {x[0], x[1], x[2]});
    atoms_.lines.push_back(r_.lineNumber());
    max_type_ = std::max(max_type_, static_cast<int>(type));
  }

  // The 1-based type of the `type` column, checked against the `element`
  // column (when there is one): one element per type.
  long typeFromColumns(const Columns& c, long id) {
    const long type = r_.toLong(t_[c.type], "an atom type");
    const long type_limit = species_.empty() ? detail::kMaxAtomTypes : static_cast<long>(species_.size());
    if (type < 1 || type > type_limit) {
      r_.fail("unknown atom type " + quoted(t_[c.type]) + ": expected 1.." + std::to_string(type_limit) +
              (species_.empty() ? "" : " (" + std::to_string(species_.size()) + " species names given)"));
    }
    if (c.element >= 0) {
      const std::string_view element = t_[c.element];
      if (labels_.size() < static_cast<std::size_t>(type)) labels_.resize(static_cast<std::size_t>(type));
      std::string& label = labels_[static_cast<std::size_t>(type - 1)];
      if (label.empty())
        label = std::string(element);
      else if (label != element) {
        r_.fail("atom id " + std::to_string(id) + " of type " + std::to_string(type) + " has element " +
                quoted(element) + " but earlier atoms of that type have '" + label +
                "'; expected one element per type");
      }
    }
    return type;
  }

  // The 1-based type of an element name, when there is no `type` column.
  long typeOfElement(std::string_view element) {
    auto it = std::find(elements_.begin(), elements_.end(), element);
    if (it == elements_.end()) {
      if (!species_.empty()) {
        r_.fail("element " + quoted(element) + " is not in the species list [" + detail::joinNames(species_) +
                "]");
      }
      elements_.emplace_back(element);
      it = elements_.end() - 1;
    }
    return static_cast<long>(it - elements_.begin()) + 1;
  }

  TextReader r_;
  const std::vector<std::string>& species_;
  const ReadOptions& options_;
  int frame_ = 0;
  std::optional<long> natoms_;
  std::optional<Box> box_;
  detail::ParsedAtoms atoms_;
  int max_type_ = 0;
  std::vector<std::string_view> t_;  // tokens of the current line
  std::vector<std::string> labels_;
  std::vector<std::string> elements_;
};

}  // namespace

Structure readLammpsDump(const std::string& path, const std::vector<std::string>& species,
                         const ReadOptions& options) {
  return DumpFrameReader(path, species, options).read();
}

std::string lammpsDumpFrame(const Structure& s, long timestep) {
  using detail::appendNumber;
  const Cell& c = s.cell;
  std::string out;
  out.reserve(64 * static_cast<std::size_t>(s.size()) + 512);
  out += "ITEM: TIMESTEP\n";
  appendNumber(out, timestep);
  out += "\nITEM: NUMBER OF ATOMS\n";
  appendNumber(out, static_cast<long>(s.size()));
  out += "\nITEM: BOX BOUNDS";
  const bool triclinic = !c.isOrthorhombic();
  if (triclinic) out += " xy xz yz";
  for (int d = 0; d < 3; ++d) out += c.periodic(d) ? " pp" : " ff";
  out += '\n';
  const double xy = c.xy(), xz = c.xz(), yz = c.yz();
  std::array<double, 3> lo{c.lo()[0], c.lo()[1], c.lo()[2]};
  std::array<double, 3> hi{c.hi()[0], c.hi()[1], c.hi()[2]};
  if (triclinic) {
    // LAMMPS's bounding-box convention (see readBox).
    lo[0] += std::min({0.0, xy, xz, xy + xz});
    hi[0] += std::max({0.0, xy, xz, xy + xz});
    lo[1] += std::min(0.0, yz);
    hi[1] += std::max(0.0, yz);
  }
  const std::array<double, 3> tilt{xy, xz, yz};
  for (int d = 0; d < 3; ++d) {
    appendNumber(out, lo[d]);
    out += ' ';
    appendNumber(out, hi[d]);
    if (triclinic) {
      out += ' ';
      appendNumber(out, tilt[d]);
    }
    out += '\n';
  }
  out += "ITEM: ATOMS id type x y z\n";
  detail::appendAtomLines(out, s);
  return out;
}

void writeLammpsDump(const std::string& path, const Structure& structure, long timestep) {
  writeFileAtomically(path, lammpsDumpFrame(structure, timestep));
}

}  // namespace glassland::io
