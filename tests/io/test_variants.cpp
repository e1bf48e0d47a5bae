// Input variants (issue 16, "the user's side"): atom styles charge, molecular
// and full; dumps with an `element` column; gzip-compressed files; the format
// named in the config instead of the extension; counts bounded by the file size.
#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>
#include <zlib.h>

#include <cctype>
#include <sstream>

#include "glassland/io/io.hpp"
#include "io_test_util.hpp"

using namespace glassland;
using iotest::expectInputError;
using iotest::kData;
using iotest::writeFile;

namespace {

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

std::vector<std::string> words(const std::string& line) {
  std::vector<std::string> out;
  std::istringstream in(line);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

std::string join(const std::vector<std::string>& w) {
  std::string out;
  for (const auto& x : w) out += (out.empty() ? "" : " ") + x;
  return out;
}

/// tests/data/io/tri.data (atom_style atomic, image flags) rewritten in another
/// style: `edit` turns the words of each atom line into the new layout.
template <class Edit>
std::string restyled(const std::string& style, Edit edit) {
  std::string out;
  bool in_atoms = false;
  for (const std::string& line : lines(iotest::readText(kData + "tri.data"))) {
    if (line.rfind("Atoms", 0) == 0) {
      out += "Atoms # " + style + "\n";
      in_atoms = true;
      continue;
    }
    if (!line.empty() && std::isalpha(static_cast<unsigned char>(line[0]))) in_atoms = false;
    std::vector<std::string> w = words(line);
    out += (in_atoms && !w.empty() ? join(edit(w)) : line) + "\n";
  }
  return out;
}

/// `text` gzip-compressed into the scratch file `name`.
std::string writeGzip(const std::string& name, const std::string& text) {
  const std::string path = (iotest::scratch() / name).string();
  gzFile f = gzopen(path.c_str(), "wb");
  REQUIRE(f != nullptr);
  REQUIRE(gzwrite(f, text.data(), static_cast<unsigned>(text.size())) == static_cast<int>(text.size()));
  REQUIRE(gzclose(f) == Z_OK);
  return path;
}

}  // namespace

TEST_CASE("LAMMPS data: atom_style charge, molecular and full read as the atomic file") {
  const Structure atomic = io::readStructure(kData + "tri.data", {"A", "B"});
  // id type x y z ix iy iz -> the other layouts; the extra columns differ per atom.
  const std::string charge = restyled("charge", [](std::vector<std::string> w) {
    w.insert(w.begin() + 2, w[0] == "1" ? "-0.5" : "0.25");
    return w;
  });
  const std::string molecular = restyled("molecular", [](std::vector<std::string> w) {
    w.insert(w.begin() + 1, std::to_string(std::stol(w[0]) % 7));
    return w;
  });
  const std::string full = restyled("full", [](std::vector<std::string> w) {
    w.insert(w.begin() + 2, "1.5e-1");
    w.insert(w.begin() + 1, "3");
    w.resize(7);  // and without image flags
    return w;
  });
  REQUIRE(charge.find("Atoms # charge") != std::string::npos);
  iotest::checkIdentical(io::readStructure(writeFile("charge.data", charge), {"A", "B"}), atomic);
  iotest::checkIdentical(io::readStructure(writeFile("molecular.data", molecular), {"A", "B"}), atomic);
  iotest::checkIdentical(io::readStructure(writeFile("full.data", full), {"A", "B"}), atomic);
  // A non-finite charge is an error; an unnamed section with full's columns gets a hint.
  const std::string bad_q = restyled("charge", [](std::vector<std::string> w) {
    w.insert(w.begin() + 2, w[0] == "3" ? "nan" : "0");
    return w;
  });
  expectInputError(writeFile("badq.data", bad_q), 20, "expected a finite charge, found 'nan'");
  std::string unnamed = full;
  unnamed.replace(unnamed.find("Atoms # full"), 12, "Atoms");
  expectInputError(writeFile("unnamed.data", unnamed), 18,
                   "name it after the keyword, as LAMMPS writes it: 'Atoms # charge'");
}

TEST_CASE("LAMMPS data: a Masses line with a one-word comment names the type") {
  // The comment is parsed after the section's tokens: the AddressSanitizer
  // report of issue 16 (views into a temporary) came from these lines.
  const std::string text =
      "t\n\n2 atoms\n2 atom types\n0 4 xlo xhi\n0 4 ylo yhi\n0 4 zlo zhi\n\n"
      "Masses\n\n1 63.546 # Cu\n2 91.224   #   Zr   \n\nAtoms # atomic\n\n1 1 0 0 0\n2 2 2 2 2\n";
  const Structure s = io::readStructure(writeFile("named.data", text));
  CHECK(s.species == std::vector<std::string>{"Cu", "Zr"});
  CHECK(s.masses == std::vector<double>{63.546, 91.224});
}

TEST_CASE("dump: an element column names the types, or replaces the type column") {
  const std::string text = iotest::readText(kData + "ka_traj.dump");
  const Structure typed = io::readStructure(kData + "ka_traj.dump", {"A", "B"});
  // `type` -> `element` (A, B), as dump_modify element writes it.
  std::string by_element;
  std::string both;
  bool in_atoms = false;
  for (const std::string& line : lines(text)) {
    if (line.rfind("ITEM:", 0) == 0) {
      in_atoms = line.rfind("ITEM: ATOMS", 0) == 0;
      by_element += (in_atoms ? "ITEM: ATOMS id element x y z" : line) + "\n";
      both += (in_atoms ? "ITEM: ATOMS id type x y z element" : line) + "\n";
      continue;
    }
    if (!in_atoms) {
      by_element += line + "\n";
      both += line + "\n";
      continue;
    }
    std::vector<std::string> w = words(line);
    const std::string element = w[1] == "1" ? "A" : "B";
    both += line + " " + element + "\n";
    w[1] = element;
    by_element += join(w) + "\n";
  }
  const std::string element_path = writeFile("element.dump", by_element);
  iotest::checkIdentical(io::readStructure(element_path, {"A", "B"}), typed);
  // Without a species list: names in order of first appearance (the first atom is an A).
  const Structure unnamed = io::readStructure(element_path);
  CHECK(unnamed.species == std::vector<std::string>{"A", "B"});
  CHECK(unnamed.types == typed.types);
  // With the species list in the other order the type indices follow it.
  const Structure swapped = io::readStructure(element_path, {"B", "A"});
  for (int a = 0; a < swapped.size(); ++a) CHECK(swapped.types[a] == 1 - typed.types[a]);
  expectInputError(element_path, 10, "element 'A' is not in the species list [Cu, Zr]", {"Cu", "Zr"});
  // Both columns: the types as written, named by the element column.
  iotest::checkIdentical(io::readStructure(writeFile("both.dump", both)), typed);
  std::string mixed = both;
  mixed.replace(mixed.find(" B\n"), 3, " C\n");
  // Line 19 holds the first B after the B on line 18 became C.
  expectInputError(writeFile("mixed.dump", mixed), 19,
                   "has element 'B' but earlier atoms of that type have 'C'");
}

TEST_CASE("gzip-compressed structure files read as the plain ones") {
  const Structure plain = io::readStructure(kData + "tri.data", {"A", "B"});
  iotest::checkIdentical(
      io::readStructure(writeGzip("tri.data.gz", iotest::readText(kData + "tri.data")), {"A", "B"}), plain);
  const Structure dump = io::readStructure(kData + "tri_x.dump");
  iotest::checkIdentical(io::readStructure(writeGzip("tri.dump.gz", iotest::readText(kData + "tri_x.dump"))),
                         dump);
  // Two members (cat a.gz b.gz) read as one text: here two dump frames.
  const std::string frames = iotest::readText(kData + "tri_x.dump");
  const std::string one = iotest::readText(writeGzip("f1.gz", frames));
  io::ReadOptions last;
  last.frame = -1;
  const std::string two_path = writeFile("two.dump.gz", one + one);
  iotest::checkIdentical(io::readStructure(two_path, {}, last), dump);
  // Corrupt or truncated archives are input errors, not crashes.
  expectInputError(writeFile("cut.data.gz", one.substr(0, one.size() / 2)), 0, "gzip file is truncated");
  std::string corrupt = one;
  for (std::size_t k = 20; k < 60; ++k) corrupt[k] = static_cast<char>(corrupt[k] ^ 0x5a);
  expectInputError(writeFile("corrupt.data.gz", corrupt), 0, "cannot decompress gzip file");
  expectInputError(writeFile("x.pdb.gz", one), 0, "unknown structure file extension '.pdb'");
  // Writing compressed files is refused rather than writing plain text under a .gz name.
  CHECK_THROWS_AS(io::writeStructure((iotest::scratch() / "out.data.gz").string(), plain), InputError);
}

TEST_CASE("the format named in the options overrides the extension") {
  const Structure plain = io::readStructure(kData + "tri.data", {"A", "B"});
  const std::string txt = writeFile("tri.txt", iotest::readText(kData + "tri.data"));
  expectInputError(txt, 0, "unknown structure file extension '.txt'");
  const YAML::Node node = YAML::Load("{format: lammps-data, frame: 0}");
  OptionsReader reader(node, "structure", "c.yaml");
  const io::ReadOptions options = io::ReadOptions::fromYaml(reader);
  REQUIRE(options.format == io::StructureFormat::LammpsData);
  iotest::checkIdentical(io::readStructure(txt, {"A", "B"}, options), plain);
  // A dump named .data reads as a dump when told so.
  io::ReadOptions as_dump;
  as_dump.format = io::StructureFormat::LammpsDump;
  const std::string misnamed = writeFile("frames.data", iotest::readText(kData + "tri_x.dump"));
  iotest::checkIdentical(io::readStructure(misnamed, {}, as_dump), io::readStructure(kData + "tri_x.dump"));
  CHECK(io::formatName(io::StructureFormat::Extxyz) == "extxyz");
  const YAML::Node bad = YAML::Load("{format: pdb}");
  OptionsReader bad_reader(bad, "structure", "c.yaml");
  try {
    (void)io::ReadOptions::fromYaml(bad_reader);
    FAIL("format: pdb was accepted");
  } catch (const InputError& e) {
    CHECK(std::string(e.what()).find(
              "unknown structure format 'pdb'; expected lammps-data, lammps-dump or extxyz") !=
          std::string::npos);
  }
}

TEST_CASE("counts in headers are bounded by the file before anything is allocated") {
  // A header announcing 10^15 atoms over three atom lines: an error at the end
  // of the file, not an allocation of petabytes.
  const std::string atoms = "1 1 1 1 1\n2 2 2 2 2\n3 1 3 3 3\n";
  expectInputError(writeFile("huge.data",
                             "t\n\n1000000000000000 atoms\n2 atom types\n0 9 xlo xhi\n0 9 ylo yhi\n"
                             "0 9 zlo zhi\n\nAtoms\n\n" +
                                 atoms),
                   13, "file ended in section 'Atoms' after 3 of 1000000000000000 lines");
  expectInputError(writeFile("types.data", "t\n\n3 atoms\n2000000000 atom types\n"), 4,
                   "expected a number of atom types between 1 and 100000, found '2000000000'");
  expectInputError(writeFile("huge.dump",
                             "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1000000000000000\n"
                             "ITEM: BOX BOUNDS pp pp pp\n0 9\n0 9\n0 9\nITEM: ATOMS id type x y z\n" +
                                 atoms),
                   12, "found only 3 atom lines, expected 1000000000000000");
  expectInputError(writeFile("type.dump",
                             "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n1\nITEM: BOX BOUNDS pp pp pp\n"
                             "0 9\n0 9\n0 9\nITEM: ATOMS id type x y z\n1 2000000000 1 1 1\n"),
                   10, "unknown atom type '2000000000': expected 1..100000");
  expectInputError(writeFile("huge.xyz", "1000000000000000\nLattice=\"9 0 0 0 9 0 0 0 9\"\nA 1 1 1\n"), 3,
                   "file ended after 1 of 1000000000000000 atom lines");
}

TEST_CASE("an atom far outside an open dimension reads (fuzz finding: its grid bin overflowed an int)") {
  const std::string text =
      "ITEM: TIMESTEP\n0\nITEM: NUMBER OF ATOMS\n2\nITEM: BOX BOUNDS pp pp ff\n0 9\n0 9\n0 9\n"
      "ITEM: ATOMS id type x y z\n1 1 1 1 1\n2 1 2 2 2236434423844161\n";
  // Refused since the hardening of issue 16 (more than 10^6 box lengths out), cleanly.
  expectInputError(writeFile("far.dump", text), 11, "lies more than 10^6 box lengths outside the box");
}
