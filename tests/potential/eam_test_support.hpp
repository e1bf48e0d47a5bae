#pragma once
// Helpers shared by the EAM tests (test_eam.cpp, test_eam_funcfl.cpp): minimal
// readers of LAMMPS data files and force dumps (so these tests do not depend on
// the io module), the comparison with LAMMPS, scratch files and error messages.
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "glassland/core/error.hpp"
#include "glassland/core/structure.hpp"
#include "glassland/potential/potential.hpp"

namespace eam_test {

using namespace glassland;

inline const std::string kData = GLASSLAND_TEST_DATA;
// Mendelev's Cu–Zr potential as Debian's lammps-data ships it (a declared
// dependency; 2.3 MB, so not copied into the repository).
inline const std::string kCuZr = "/usr/share/lammps/potentials/CuZr_mm.eam.fs";
inline const std::string kCuNi = kData + "/eam_alloy/CuNi.eam.alloy";

/// The Cu–Zr tests need lammps-data; say so plainly when it is missing.
inline void requireCuZrFile() {
  REQUIRE_MESSAGE(std::filesystem::exists(kCuZr),
                  kCuZr << " is missing: install Debian's lammps-data (scripts/setup.sh does)");
}

/// Minimal reader of LAMMPS `atom_style atomic` data files (header, optional
/// tilt line, Masses, Atoms), so these tests do not depend on the io module.
inline Structure readData(const std::string& path, const std::vector<std::string>& species) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  Structure s;
  long natoms = 0;
  int ntypes = 0;
  Eigen::Vector3d lo = Eigen::Vector3d::Zero(), hi = Eigen::Vector3d::Zero();
  double xy = 0.0, xz = 0.0, yz = 0.0;
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::istringstream ls(line);
    if (line.find("atoms") != std::string::npos)
      ls >> natoms;
    else if (line.find("atom types") != std::string::npos)
      ls >> ntypes;
    else if (line.find("xlo xhi") != std::string::npos)
      ls >> lo[0] >> hi[0];
    else if (line.find("ylo yhi") != std::string::npos)
      ls >> lo[1] >> hi[1];
    else if (line.find("zlo zhi") != std::string::npos)
      ls >> lo[2] >> hi[2];
    else if (line.find("xy xz yz") != std::string::npos)
      ls >> xy >> xz >> yz;
    else if (line.rfind("Masses", 0) == 0) {
      std::getline(in, line);
      s.masses.resize(static_cast<std::size_t>(ntypes));
      for (int t = 0; t < ntypes; ++t) {
        int type;
        in >> type >> s.masses[static_cast<std::size_t>(type - 1)];
      }
    } else if (line.rfind("Atoms", 0) == 0) {
      std::getline(in, line);
      s.positions.resize(3, natoms);
      for (long k = 0; k < natoms; ++k) {
        std::getline(in, line);
        std::istringstream as(line);
        long id;
        int type;
        as >> id >> type >> s.positions(0, k) >> s.positions(1, k) >> s.positions(2, k);
        s.ids.push_back(id);
        s.types.push_back(type - 1);
      }
    }
  }
  REQUIRE(s.size() == natoms);
  s.cell = Cell::triclinic(lo, hi, xy, xz, yz);
  s.species = species;
  return s;
}

/// Forces from a LAMMPS dump "id type fx fy fz", arranged in the structure's atom order.
inline Positions readForces(const std::string& path, const Structure& s) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::string line;
  while (std::getline(in, line) && line.rfind("ITEM: ATOMS", 0) != 0) {
  }
  std::map<long, Eigen::Vector3d> by_id;
  long id;
  int type;
  double fx, fy, fz;
  while (in >> id >> type >> fx >> fy >> fz) by_id[id] = Eigen::Vector3d(fx, fy, fz);
  REQUIRE(static_cast<int>(by_id.size()) == s.size());
  Positions f(3, s.size());
  for (int i = 0; i < s.size(); ++i) f.col(i) = by_id.at(s.ids[static_cast<std::size_t>(i)]);
  return f;
}

struct Comparison {
  double energy_rel;
  double force_max;
};

inline Comparison compareWithLammps(const Potential& pot, const Structure& s, double e_ref,
                                    const Positions& f_ref) {
  Workspace ws;
  Positions f;
  const double e = pot.compute(s, &f, ws);
  return {std::abs(e - e_ref) / std::abs(e_ref), (f - f_ref).cwiseAbs().maxCoeff()};
}

/// The first token after `skip_lines` lines of `path`, and the last token of the file.
inline std::pair<double, double> firstAndLastNumber(const std::string& path, int skip_lines) {
  std::ifstream in(path);
  std::string line;
  for (int k = 0; k < skip_lines; ++k) std::getline(in, line);
  double first = 0.0;
  in >> first;
  std::string token, last;
  while (in >> token) last = token;
  return {first, std::stod(last)};
}

inline std::string slurp(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

inline std::string tempFile(const std::string& name, const std::string& text) {
  const auto dir = std::filesystem::temp_directory_path() / "glassland_test_eam";
  std::filesystem::create_directories(dir);
  const auto path = (dir / name).string();
  std::ofstream(path) << text;
  return path;
}

/// The InputError message of `f`, or "" when it does not throw one.
template <class F>
std::string inputErrorOf(F&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace eam_test
