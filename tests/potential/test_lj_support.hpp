#pragma once
// Test-local helpers for the Lennard-Jones tests: LAMMPS data files through
// glassland's io, a minimal reader of LAMMPS force dumps (id type fx fy fz), and
// random Kob-Andersen configurations with a minimum pair distance.

#include <doctest/doctest.h>

#include <fstream>
#include <map>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/io/lammps_data.hpp"

namespace lj_test {

inline std::string dataPath(const std::string& name) { return std::string(GLASSLAND_TEST_DATA) + "/" + name; }

/// Reads a LAMMPS data file with glassland's reader; species are named A, B, ...
inline glassland::Structure readLammpsData(const std::string& path,
                                           std::array<bool, 3> periodic = {true, true, true}) {
  glassland::io::ReadOptions options;
  options.periodic = periodic;
  return glassland::io::readLammpsData(path, {"A", "B"}, options);
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
