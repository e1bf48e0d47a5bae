#pragma once
// Lennard-Jones test systems for the saddle tests: the fcc vacancy crystal of
// shared/refs and its potential.

#include <fstream>
#include <map>
#include <memory>
#include <string>

#include "glassland/io/io.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "glassland/potential/lennard_jones.hpp"

namespace glassland::test {

/// Single-species LJ, epsilon = sigma = 1, cutoff 2.5, as LAMMPS lj/cut + shift
/// (LjShift::Energy) or lj/smooth/linear (LjShift::Force).
inline std::unique_ptr<Potential> singleLj(LjShift shift) {
  LennardJonesOptions o;
  o.species = {"A"};
  o.pairs.resize(1);
  o.setPair(0, 0, LjPair{1.0, 1.0, 2.5});
  o.shift = shift;
  return std::make_unique<LennardJones>(o);
}

/// Reads a LAMMPS NEB "final" coordinates file (count, then id x y z) into a
/// copy of `s` (atoms matched by id).
inline Structure withFinalCoords(const Structure& s, const std::string& path) {
  std::ifstream in(path);
  int count = 0;
  in >> count;
  std::map<long, int> index;
  for (int i = 0; i < s.size(); ++i) index[s.ids[static_cast<std::size_t>(i)]] = i;
  Structure out = s;
  for (int k = 0; k < count; ++k) {
    long id;
    double x, y, z;
    in >> id >> x >> y >> z;
    out.positions.col(index.at(id)) = out.cell.wrap(Eigen::Vector3d(x, y, z));
  }
  return out;
}

/// Relaxes `s` fully and tightly; returns its energy.
inline double relaxTight(const Potential& p, Structure& s, double fmax = 1e-9) {
  MinimizeOptions o;
  o.method = MinimizeMethod::Lbfgs;
  o.fmax = fmax;
  const MinimizeResult r = relax(p, s, o);
  if (!r.converged) throw Error("relaxTight did not converge: " + r.message);
  return r.value;
}

}  // namespace glassland::test
