// Neighbour lists against a brute-force O(N^2 x images) reference on random
// configurations: orthorhombic, triclinic, boxes smaller than the cutoff, open
// dimensions, centre subsets, half vs full lists, and the skin rebuild rule.
#include <doctest/doctest.h>

#include <array>
#include <cmath>
#include <map>
#include <random>
#include <set>
#include <vector>

#include "glassland/core/error.hpp"
#include "glassland/neighbor/neighbor_list.hpp"

using glassland::Cell;
using glassland::NeighborList;
using glassland::NeighborSettings;
using glassland::Positions;
using Vec = Eigen::Vector3d;

namespace {

/// (i, j, image nx, ny, nz): the pair vector is x_j + h n - x_i.
using PairKey = std::array<int, 5>;

/// Random positions in the cell; with `spill`, some atoms are moved by whole
/// lattice vectors (and open dimensions stretched) so the input is not wrapped.
Positions randomPositions(const Cell& cell, int n, std::uint64_t seed, bool spill) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  std::uniform_int_distribution<int> lattice(-1, 1);
  Positions x(3, n);
  for (int i = 0; i < n; ++i) {
    Vec s(u(rng), u(rng), u(rng));
    for (int d = 0; d < 3; ++d) {
      if (!spill) continue;
      if (cell.periodic(d)) {
        if (u(rng) < 0.3) s[d] += lattice(rng);
      } else {
        s[d] = 1.6 * s[d] - 0.3;  // atoms beyond the nominal bounds of an open dimension
      }
    }
    x.col(i) = cell.toCartesian(s);
  }
  return x;
}

std::array<int, 3> imageRange(const Cell& cell, const Positions& x, double r) {
  std::array<int, 3> range{0, 0, 0};
  for (int d = 0; d < 3; ++d) {
    if (!cell.periodic(d)) continue;
    double lo = 1e300, hi = -1e300;
    for (int i = 0; i < x.cols(); ++i) {
      const double s = cell.toFractional(x.col(i))[d];
      lo = std::min(lo, s);
      hi = std::max(hi, s);
    }
    range[d] = static_cast<int>(std::ceil(r / cell.perpendicularWidth(d) + (hi - lo))) + 1;
  }
  return range;
}

/// Every ordered pair (i centre, j any, image) closer than r, with distances.
std::map<PairKey, double> bruteForce(const Cell& cell, const Positions& x, double r,
                                     const std::vector<int>& centres) {
  std::map<PairKey, double> pairs;
  const auto range = imageRange(cell, x, r);
  for (int i : centres) {
    for (int j = 0; j < x.cols(); ++j) {
      for (int a = -range[0]; a <= range[0]; ++a)
        for (int b = -range[1]; b <= range[1]; ++b)
          for (int c = -range[2]; c <= range[2]; ++c) {
            if (i == j && a == 0 && b == 0 && c == 0) continue;
            const double dist = (x.col(j) + cell.imageShift(a, b, c) - x.col(i)).norm();
            if (dist < r) pairs[{i, j, a, b, c}] = dist;
          }
    }
  }
  return pairs;
}

/// The same pair seen from the other end.
PairKey reversed(const PairKey& k) { return {k[1], k[0], -k[2], -k[3], -k[4]}; }

/// One representative of {k, reversed(k)}.
PairKey canonical(const PairKey& k) {
  const PairKey r = reversed(k);
  return std::min(k, r);
}

/// The list's entries as pair keys, with each pair's distance; checks the shift
/// is a lattice vector and that no entry repeats.
std::map<PairKey, double> listed(const NeighborList& list, const Cell& cell, const Positions& x) {
  std::map<PairKey, double> pairs;
  std::size_t count = 0;
  for (std::size_t k = 0; k < list.centres().size(); ++k) {
    const int i = list.centres()[k];
    for (const auto& e : list.neighbors(static_cast<int>(k))) {
      const Vec shift = list.imageShifts().at(e.image);
      const Vec m = cell.hInverse() * shift;
      const Vec mr = m.array().round();
      REQUIRE((m - mr).norm() < 1e-9);
      const PairKey key{i, e.j, int(mr[0]), int(mr[1]), int(mr[2])};
      pairs[key] = (x.col(e.j) + shift - x.col(i)).norm();
      ++count;
    }
  }
  CHECK(count == pairs.size());  // no duplicates
  return pairs;
}

constexpr double kTol = 1e-9;

/// Full list == brute force over the centres (away from the rlist boundary by kTol).
void checkFull(const NeighborList& list, const Cell& cell, const Positions& x, double rlist,
               const std::vector<int>& centres) {
  const auto got = listed(list, cell, x);
  const auto want = bruteForce(cell, x, rlist, centres);
  int missing = 0, extra = 0;
  for (const auto& [key, dist] : want) {
    if (dist < rlist - kTol && !got.count(key)) ++missing;
  }
  for (const auto& [key, dist] : got) {
    if (dist >= rlist + kTol) ++extra;
    if (!want.count(key) && dist < rlist - kTol) ++extra;
  }
  CHECK(missing == 0);
  CHECK(extra == 0);
  CHECK(want.size() > 0);
}

/// Half list: every unordered pair with at least one centre, exactly once.
void checkHalf(const NeighborList& list, const Cell& cell, const Positions& x, double rlist,
               const std::vector<int>& centres) {
  const auto got = listed(list, cell, x);
  std::vector<int> all(x.cols());
  for (int i = 0; i < x.cols(); ++i) all[i] = i;
  const std::set<int> centre_set(centres.begin(), centres.end());
  std::map<PairKey, double> want;
  for (const auto& [key, dist] : bruteForce(cell, x, rlist, all)) {
    if (centre_set.count(key[0]) || centre_set.count(key[1])) want[canonical(key)] = dist;
  }
  std::map<PairKey, int> seen;
  for (const auto& [key, dist] : got) {
    CHECK(centre_set.count(key[0]) == 1);  // listed under a centre
    ++seen[canonical(key)];
  }
  int missing = 0, extra = 0, twice = 0;
  for (const auto& [key, dist] : want) {
    if (dist < rlist - kTol && !seen.count(key)) ++missing;
  }
  for (const auto& [key, count] : seen) {
    if (count > 1) ++twice;
    const auto it = want.find(key);
    if (it == want.end()) {
      const double dist = got.count(key) ? got.at(key) : got.at(reversed(key));
      if (dist < rlist - kTol) ++extra;
    }
  }
  CHECK(missing == 0);
  CHECK(extra == 0);
  CHECK(twice == 0);
  CHECK(want.size() > 0);
}

std::vector<int> allAtoms(int n) {
  std::vector<int> v(n);
  for (int i = 0; i < n; ++i) v[i] = i;
  return v;
}

void checkBoth(const Cell& cell, const Positions& x, double cutoff, double skin) {
  NeighborSettings settings{cutoff, skin, true};
  NeighborList full;
  full.update(cell, x, settings);
  checkFull(full, cell, x, cutoff + skin, allAtoms(static_cast<int>(x.cols())));
  settings.full = false;
  NeighborList half;
  half.update(cell, x, settings);
  checkHalf(half, cell, x, cutoff + skin, allAtoms(static_cast<int>(x.cols())));
  // Half vs full: each half pair is two full entries.
  CHECK(2 * half.size() == full.size());
}

}  // namespace

TEST_CASE("neighbour list: orthorhombic box, wrapped and unwrapped input") {
  const Cell cell = Cell::orthorhombic(Vec(-1, 0, 2), Vec(7, 9, 12));
  checkBoth(cell, randomPositions(cell, 300, 1, false), 2.0, 0.3);
  checkBoth(cell, randomPositions(cell, 200, 2, true), 2.0, 0.3);
}

TEST_CASE("neighbour list: triclinic box") {
  const Cell cell = Cell::triclinic(Vec(1, 2, 3), Vec(9, 10, 11), 2.4, -2.0, 1.7);
  checkBoth(cell, randomPositions(cell, 300, 3, false), 2.2, 0.3);
  checkBoth(cell, randomPositions(cell, 200, 4, true), 2.2, 0.3);
}

TEST_CASE("neighbour list: boxes smaller than the cutoff list several images") {
  const Cell cube = Cell::orthorhombic(Vec(0, 0, 0), Vec(1.6, 1.9, 2.3));
  checkBoth(cube, randomPositions(cube, 6, 5, true), 2.5, 0.3);
  const Cell tilted = Cell::triclinic(Vec(0, 0, 0), Vec(1.5, 1.7, 2.0), 0.7, -0.6, 0.5);
  checkBoth(tilted, randomPositions(tilted, 5, 6, true), 2.5, 0.3);
  // A single atom interacts only with its own images.
  const Cell one = Cell::orthorhombic(Vec(0, 0, 0), Vec(1, 1, 1));
  checkBoth(one, randomPositions(one, 1, 7, false), 2.1, 0.0);
  // Mid-size: some directions need one image, others several.
  const Cell mixed = Cell::triclinic(Vec(0, 0, 0), Vec(6.5, 3.0, 4.5), 1.0, 0.3, -0.8);
  checkBoth(mixed, randomPositions(mixed, 60, 8, true), 2.5, 0.3);
}

TEST_CASE("neighbour list: open dimensions get no images") {
  const Cell slab = Cell::orthorhombic(Vec(0, 0, 0), Vec(6, 5, 8), {true, true, false});
  checkBoth(slab, randomPositions(slab, 200, 9, true), 2.5, 0.3);
  const Cell tilted_slab = Cell::triclinic(Vec(0, 0, 0), Vec(4, 3, 6), 1.2, 0.0, 0.0, {true, true, false});
  checkBoth(tilted_slab, randomPositions(tilted_slab, 80, 10, true), 2.5, 0.3);
  const Cell cluster = Cell::orthorhombic(Vec(0, 0, 0), Vec(5, 5, 5), {false, false, false});
  checkBoth(cluster, randomPositions(cluster, 100, 11, true), 2.0, 0.2);
}

TEST_CASE("neighbour list: centre subsets") {
  const Cell cell = Cell::triclinic(Vec(0, 0, 0), Vec(8, 7, 9), 1.5, 0.5, -1.0);
  const Positions x = randomPositions(cell, 250, 12, true);
  const std::vector<int> centres{3, 10, 11, 12, 40, 41, 100, 177, 249};
  NeighborSettings settings{2.5, 0.3, true};
  NeighborList full;
  full.update(cell, x, settings, centres);
  CHECK(std::vector<int>(full.centres().begin(), full.centres().end()) == centres);
  checkFull(full, cell, x, 2.8, centres);
  settings.full = false;
  NeighborList half;
  half.update(cell, x, settings, centres);
  checkHalf(half, cell, x, 2.8, centres);

  const Cell tiny = Cell::orthorhombic(Vec(0, 0, 0), Vec(2, 2.2, 1.8));
  const Positions xt = randomPositions(tiny, 7, 13, true);
  const std::vector<int> tiny_centres{1, 4};
  half.update(tiny, xt, settings, tiny_centres);
  checkHalf(half, tiny, xt, 2.8, tiny_centres);
}

TEST_CASE("neighbour list: rebuilt only past half the skin, or when the setup changes") {
  const Cell cell = Cell::orthorhombic(Vec(0, 0, 0), Vec(8, 8, 8));
  Positions x = randomPositions(cell, 200, 14, false);
  const NeighborSettings settings{2.0, 0.4, false};
  NeighborList list;
  CHECK(list.update(cell, x, settings));
  CHECK(list.builds() == 1);
  CHECK_FALSE(list.update(cell, x, settings));

  // Every atom moves by less than skin/2: the list stays, and still holds every
  // pair now inside the cutoff.
  std::mt19937_64 rng(15);
  std::normal_distribution<double> g(0.0, 1.0);
  for (int step = 0; step < 5; ++step) {
    for (int i = 0; i < x.cols(); ++i) {
      Vec v(g(rng), g(rng), g(rng));
      x.col(i) += 0.039 * v.normalized();
    }
  }
  CHECK_FALSE(list.update(cell, x, settings));
  CHECK(list.builds() == 1);
  {
    const auto got = listed(list, cell, x);
    std::map<PairKey, int> seen;
    for (const auto& [key, dist] : got) ++seen[canonical(key)];
    int missing = 0;
    for (const auto& [key, dist] : bruteForce(cell, x, settings.cutoff, allAtoms(200))) {
      if (!seen.count(canonical(key))) ++missing;
    }
    CHECK(missing == 0);
  }

  // One atom beyond skin/2 from its position at the build: rebuild.
  x(0, 17) += 0.5;
  CHECK(list.update(cell, x, settings));
  CHECK(list.builds() == 2);
  CHECK_FALSE(list.update(cell, x, settings));

  // A changed cell, settings or centre set rebuilds.
  CHECK(list.update(Cell::orthorhombic(Vec(0, 0, 0), Vec(8, 8, 8.01)), x, settings));
  CHECK(list.update(cell, x, settings));
  CHECK(list.builds() == 4);
  CHECK(list.update(cell, x, NeighborSettings{2.0, 0.4, true}));
  const std::vector<int> centres{1, 2, 3};
  CHECK(list.update(cell, x, NeighborSettings{2.0, 0.4, true}, centres));
  CHECK_FALSE(list.update(cell, x, NeighborSettings{2.0, 0.4, true}, centres));
  const std::vector<int> other{1, 2, 4};
  CHECK(list.update(cell, x, NeighborSettings{2.0, 0.4, true}, other));
  CHECK(list.builds() == 7);
  list.invalidate();
  CHECK(list.update(cell, x, NeighborSettings{2.0, 0.4, true}, other));
}

TEST_CASE("neighbour list: bad input") {
  const Cell cell = Cell::orthorhombic(Vec(0, 0, 0), Vec(5, 5, 5));
  Positions x = randomPositions(cell, 10, 16, false);
  NeighborList list;
  const std::vector<int> unsorted{3, 1};
  CHECK_THROWS_AS(list.update(cell, x, NeighborSettings{2.0, 0.3, false}, unsorted), glassland::Error);
  const std::vector<int> out_of_range{3, 10};
  CHECK_THROWS_AS(list.update(cell, x, NeighborSettings{2.0, 0.3, false}, out_of_range), glassland::Error);
  CHECK_THROWS_AS(list.update(cell, x, NeighborSettings{0.0, 0.3, false}), glassland::Error);
  x(1, 4) = std::nan("");
  CHECK_THROWS_AS(list.update(cell, x, NeighborSettings{2.0, 0.3, false}), glassland::Error);
}

TEST_CASE("neighbour list: a cutoff of many box lengths is refused before any work, not hung on") {
  const Cell cell = Cell::orthorhombic(Vec(0, 0, 0), Vec(5, 5, 5));
  const Positions x = randomPositions(cell, 20, 19, false);
  NeighborList list;
  // 1e6 hung in the stencil loops; 1e12 and 1e300 overflowed int offsets (UB).
  for (double cutoff : {1.0e6, 1.0e12, 1.0e300}) {
    CAPTURE(cutoff);
    CHECK_THROWS_AS(list.update(cell, x, NeighborSettings{cutoff, 0.3, false}), glassland::InputError);
    CHECK_THROWS_AS(list.update(cell, x, NeighborSettings{2.5, cutoff, true}), glassland::InputError);
  }
  // Several box lengths is still a list (images of a small box), and correct.
  const double cutoff = 12.0;
  CHECK_NOTHROW(list.update(cell, x, NeighborSettings{cutoff, 0.0, true}));
  long pairs = 0;
  for (std::size_t k = 0; k < list.centres().size(); ++k) {
    const int i = list.centres()[k];
    for (const auto& e : list.neighbors(static_cast<int>(k))) {
      const Vec d = x.col(e.j) + list.imageShifts()[static_cast<std::size_t>(e.image)] - x.col(i);
      pairs += d.squaredNorm() < cutoff * cutoff ? 1 : 0;
    }
  }
  long want = 0;  // brute force over the images that can lie within the cutoff
  for (int i = 0; i < 20; ++i)
    for (int j = 0; j < 20; ++j)
      for (int a = -3; a <= 3; ++a)
        for (int b = -3; b <= 3; ++b)
          for (int c = -3; c <= 3; ++c) {
            if (i == j && a == 0 && b == 0 && c == 0) continue;
            want += (x.col(j) + 5.0 * Vec(a, b, c) - x.col(i)).squaredNorm() < cutoff * cutoff ? 1 : 0;
          }
  CHECK(pairs == want);
}

TEST_CASE("atomsWithin: a radius beyond the structure takes every atom") {
  const Cell cell = Cell::orthorhombic(Vec(0, 0, 0), Vec(5, 5, 5));
  const Positions x = randomPositions(cell, 30, 20, true);
  const std::vector<int> subset{7};
  std::vector<int> all(30);
  for (int i = 0; i < 30; ++i) all[static_cast<std::size_t>(i)] = i;
  CHECK(glassland::atomsWithin(cell, x, subset, 100.0) == all);
  CHECK(glassland::atomsWithin(cell, x, subset, 1.0e300) == all);
}

TEST_CASE("atomsWithin: the subset grown by a radius, against brute force") {
  const Cell cell = Cell::triclinic(Vec(0, 0, 0), Vec(6, 6, 6), 1.0, -0.5, 0.7, {true, true, false});
  const Positions x = randomPositions(cell, 150, 17, true);
  const std::vector<int> subset{5, 60, 61};
  const double radius = 1.7;
  std::vector<int> want;
  for (int j = 0; j < x.cols(); ++j) {
    bool near = false;
    for (int i : subset) near = near || i == j || cell.minimumImage(x.col(j) - x.col(i)).norm() < radius;
    if (near) want.push_back(j);
  }
  CHECK(glassland::atomsWithin(cell, x, subset, radius) == want);
  CHECK(glassland::atomsWithin(cell, x, {}, radius).empty());
}

TEST_CASE("neighbour list: per-type-pair list radii") {
  const Cell cell = Cell::triclinic(Vec(0, 0, 0), Vec(7, 6, 5), 0.9, -0.4, 0.6);
  const Positions x = randomPositions(cell, 200, 18, true);
  std::vector<int> types(200);
  for (int i = 0; i < 200; ++i) types[i] = (i % 5 == 4) ? 1 : 0;
  const std::vector<double> cutoffs{2.5, 2.0, 2.0, 2.2};
  const double skin = 0.3;
  const NeighborSettings settings{2.5, skin, false};
  NeighborList list;
  CHECK(list.update(cell, x, settings, {}, types, cutoffs));
  CHECK_FALSE(list.update(cell, x, settings, {}, types, cutoffs));
  const auto got = listed(list, cell, x);
  std::map<PairKey, int> seen;
  for (const auto& [key, dist] : got) ++seen[canonical(key)];
  int missing = 0, extra = 0;
  for (const auto& [key, dist] : bruteForce(cell, x, 2.8, allAtoms(200))) {
    const double radius = cutoffs[types[key[0]] * 2 + types[key[1]]] + skin;
    const bool should = dist < radius - kTol;
    if (should && seen[canonical(key)] != 1) ++missing;
    if (dist >= radius + kTol && seen.count(canonical(key)) && seen[canonical(key)] > 0) ++extra;
  }
  CHECK(missing == 0);
  CHECK(extra == 0);
  // A change of types or of the table rebuilds.
  types[3] = 1;
  CHECK(list.update(cell, x, settings, {}, types, cutoffs));
  const std::vector<double> other{2.5, 2.1, 2.1, 2.2};
  CHECK(list.update(cell, x, settings, {}, types, other));
  CHECK(list.update(cell, x, settings));
  const std::vector<double> not_square{2.5, 2.0, 2.0};
  CHECK_THROWS_AS(list.update(cell, x, settings, {}, types, not_square), glassland::Error);
  types[7] = 2;
  CHECK_THROWS_AS(list.update(cell, x, settings, {}, types, cutoffs), glassland::Error);
}
