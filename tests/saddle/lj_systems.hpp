#pragma once
// Lennard-Jones test systems for the saddle tests: the fcc vacancy crystal of
// tests/data/lammps/README.md and its potential.

#include <cmath>
#include <fstream>
#include <map>
#include <memory>
#include <random>
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

namespace glassland::test {

/// A small Kob-Andersen glass made here, deterministically: `n` atoms (80 % A,
/// 20 % B) placed at random (no pair closer than 0.75 sigma) in a periodic cube
/// at number density 1.2, then minimised (an instantaneous quench) with the
/// shifted-force KA potential to max force `fmax`. Returns the inherent structure.
inline Structure smallKaGlass(const Potential& potential, int n, std::uint64_t seed, double fmax = 1e-9) {
  const double l = std::cbrt(n / 1.2);
  Structure s;
  s.cell = Cell::orthorhombic(Eigen::Vector3d::Zero(), Eigen::Vector3d::Constant(l));
  s.positions.resize(3, n);
  s.species = {"A", "B"};
  s.masses = {1.0, 1.0};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, l);
  for (int i = 0; i < n; ++i) {
    s.types.push_back(i < n * 4 / 5 ? 0 : 1);
    s.ids.push_back(i + 1);
    for (;;) {
      const Eigen::Vector3d p(u(rng), u(rng), u(rng));
      bool ok = true;
      for (int j = 0; j < i && ok; ++j) ok = s.cell.minimumImage(s.positions.col(j) - p).norm() > 0.75;
      if (ok) {
        s.positions.col(i) = p;
        break;
      }
    }
  }
  MinimizeOptions fire;
  fire.method = MinimizeMethod::Fire;
  fire.fmax = 1e-3;
  relax(potential, s, fire);
  relaxTight(potential, s, fmax);
  return s;
}

/// Dense Hessian (3N x 3N, energy/length^2) of `s` by central differences of
/// the forces with step h, symmetrised.
inline Eigen::MatrixXd denseHessian(const Potential& potential, const Structure& s, double h = 1e-5) {
  const Eigen::Index n = 3 * static_cast<Eigen::Index>(s.size());
  Eigen::MatrixXd hess(n, n);
  Structure w = s;
  Workspace ws;
  Positions fp, fm;
  for (Eigen::Index c = 0; c < n; ++c) {
    const auto atom = c / 3, dim = c % 3;
    w.positions(dim, atom) = s.positions(dim, atom) + h;
    potential.compute(w, &fp, ws);
    w.positions(dim, atom) = s.positions(dim, atom) - h;
    potential.compute(w, &fm, ws);
    w.positions(dim, atom) = s.positions(dim, atom);
    hess.col(c) =
        -(Eigen::Map<const Eigen::VectorXd>(fp.data(), n) - Eigen::Map<const Eigen::VectorXd>(fm.data(), n)) /
        (2 * h);
  }
  return 0.5 * (hess + hess.transpose());
}

}  // namespace glassland::test
