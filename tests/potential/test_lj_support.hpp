#pragma once
// Test-local helpers for the Lennard-Jones tests: a minimal reader of the
// LAMMPS data files and force dumps in tests/data (atomic style only, no error
// reporting; glassland's io module is the real reader), and random
// Kob-Andersen configurations with a minimum pair distance.

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "glassland/core/structure.hpp"

namespace lj_test {

inline std::string dataPath(const std::string& name) { return std::string(GLASSLAND_TEST_DATA) + "/" + name; }

/// Reads a LAMMPS `atom_style atomic` data file; species are named A, B, ...
inline glassland::Structure readLammpsData(const std::string& path, std::array<bool, 3> periodic = {true, true, true}) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  glassland::Structure s;
  long natoms = 0;
  int ntypes = 0;
  Eigen::Vector3d lo = Eigen::Vector3d::Zero(), hi = Eigen::Vector3d::Ones();
  double xy = 0, xz = 0, yz = 0;
  std::string line;
  std::getline(in, line);  // title
  while (std::getline(in, line)) {
    std::istringstream ss(line);
    if (line.find("atoms") != std::string::npos) ss >> natoms;
    else if (line.find("atom types") != std::string::npos) ss >> ntypes;
    else if (line.find("xlo xhi") != std::string::npos) ss >> lo[0] >> hi[0];
    else if (line.find("ylo yhi") != std::string::npos) ss >> lo[1] >> hi[1];
    else if (line.find("zlo zhi") != std::string::npos) ss >> lo[2] >> hi[2];
    else if (line.find("xy xz yz") != std::string::npos) ss >> xy >> xz >> yz;
    else if (line.rfind("Masses", 0) == 0) {
      std::getline(in, line);
      s.masses.assign(ntypes, 1.0);
      for (int t = 0; t < ntypes; ++t) {
        std::getline(in, line);
        std::istringstream m(line);
        int type;
        m >> type;
        m >> s.masses.at(type - 1);
      }
    } else if (line.rfind("Atoms", 0) == 0) {
      std::getline(in, line);
      s.positions.resize(3, natoms);
      for (long i = 0; i < natoms; ++i) {
        std::getline(in, line);
        std::istringstream a(line);
        long id;
        int type;
        a >> id >> type >> s.positions(0, i) >> s.positions(1, i) >> s.positions(2, i);
        REQUIRE(!a.fail());
        s.ids.push_back(id);
        s.types.push_back(type - 1);
      }
    } else if (line.rfind("Velocities", 0) == 0) {
      break;
    }
  }
  REQUIRE(s.size() == natoms);
  s.cell = glassland::Cell::triclinic(lo, hi, xy, xz, yz, periodic);
  for (int t = 0; t < ntypes; ++t) s.species.push_back(std::string(1, static_cast<char>('A' + t)));
  if (s.masses.empty()) s.masses.assign(ntypes, 1.0);
  return s;
}

/// Reads a LAMMPS dump "id type fx fy fz" and orders the forces like `s`.
inline glassland::Positions readForces(const std::string& path, const glassland::Structure& s) {
  std::ifstream in(path);
  REQUIRE_MESSAGE(in.good(), "cannot open " << path);
  std::string line;
  for (int k = 0; k < 9; ++k) std::getline(in, line);
  std::map<long, Eigen::Vector3d> by_id;
  long id;
  int type;
  double fx, fy, fz;
  while (in >> id >> type >> fx >> fy >> fz) by_id[id] = Eigen::Vector3d(fx, fy, fz);
  glassland::Positions f(3, s.size());
  for (int i = 0; i < s.size(); ++i) {
    REQUIRE(by_id.count(s.ids[i]) == 1);
    f.col(i) = by_id[s.ids[i]];
  }
  return f;
}

/// N atoms, 80:20 A:B, uniformly placed with every pair (nearest image) at least
/// `min_dist` apart, in `cell`.
inline glassland::Structure randomKobAndersen(const glassland::Cell& cell, int n, std::uint64_t seed,
                                              double min_dist = 0.8) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  glassland::Structure s;
  s.cell = cell;
  s.species = {"A", "B"};
  s.masses = {1.0, 1.0};
  s.positions.resize(3, n);
  for (int i = 0; i < n; ++i) {
    for (int attempt = 0;; ++attempt) {
      REQUIRE(attempt < 100000);
      const Eigen::Vector3d r = cell.toCartesian(Eigen::Vector3d(u(rng), u(rng), u(rng)));
      bool ok = true;
      for (int j = 0; j < i && ok; ++j) ok = cell.minimumImage(r - s.positions.col(j)).norm() >= min_dist;
      if (ok) {
        s.positions.col(i) = r;
        break;
      }
    }
    s.types.push_back(i % 5 == 4 ? 1 : 0);
    s.ids.push_back(i + 1);
  }
  return s;
}

}  // namespace lj_test
