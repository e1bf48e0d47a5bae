// Barrier-asymmetry statistics on a hand-made basin graph whose histogram
// counts and back-hop probabilities are worked out by hand below.

#include <doctest/doctest.h>

#include <cmath>

#include "glassland/core/error.hpp"
#include "glassland/report/asymmetry.hpp"
#include "glassland/report/csv.hpp"

using namespace glassland;
using namespace glassland::report;

namespace {

/// Barriers as exact literals (not differences of energies, which would round).
TransitionRecord record(long id, long from, long to, double e_from, double e_fwd, double e_rev,
                        const std::string& species) {
  TransitionRecord r;
  r.id = id;
  r.from = from;
  r.to = to;
  r.saddle_energy = e_from + e_fwd;
  r.e_fwd = e_fwd;
  r.e_rev = e_rev;
  r.species = species;
  r.max_displacement = 0.1 * static_cast<double>(id);
  r.max_displacement_atom = id;
  r.max_displacement_atom_id = 100 + id;
  return r;
}

// Minima 1 (E = 0), 2 (0.25), 3 (0.8), 4 (0.0). Transitions (barriers chosen
// off the histogram bin edges):
//   1: 1 -> 2  E_fwd 0.55, E_rev 0.3  A
//   2: 1 -> 3  E_fwd 1.0,  E_rev 0.2  B
//   3: 2 -> 4  E_fwd 0.65, E_rev 0.9  A
//   4: 1 -> 2  E_fwd 0.85, E_rev 0.6  A  (a second saddle between 1 and 2)
std::vector<TransitionRecord> handMade() {
  return {record(1, 1, 2, 0.0, 0.55, 0.3, "A"), record(2, 1, 3, 0.0, 1.0, 0.2, "B"),
          record(3, 2, 4, 0.25, 0.65, 0.9, "A"), record(4, 1, 2, 0.0, 0.85, 0.6, "A")};
}

}  // namespace

TEST_CASE("histogram: counts, the upper edge, out-of-range and non-finite values") {
  const std::vector<double> values = {0.0, 0.1, 0.24, 0.25, 0.5, 0.99, 1.0, -0.01, 1.01, NAN, INFINITY};
  const Histogram h = histogram(values, 0.0, 0.25, 4);
  CHECK(h.counts == std::vector<long>{3, 1, 1, 2});  // 1.0 is the upper edge: last bin
  CHECK(h.underflow == 1);
  CHECK(h.overflow == 1);
  CHECK(h.total() == 7);
  CHECK(h.centre(1) == doctest::Approx(0.375));
  CHECK_THROWS_AS(histogram(values, 0.0, 0.0, 4), Error);
  CHECK_THROWS_AS(histogram(values, 0.0, 1.0, 0), Error);
}

TEST_CASE("niceBins: a 1-2-2.5-5 width covering every value") {
  const std::vector<double> values = {0.2, 0.5, 0.6, 0.9};
  const Histogram bins = niceBins(values, 30);  // raw width 0.7 / 30 = 0.0233 -> 0.025
  CHECK(bins.width == doctest::Approx(0.025));
  CHECK(bins.lo == doctest::Approx(0.2));
  CHECK(bins.bins() == 28);
  const Histogram h = histogram(values, bins.lo, bins.width, bins.bins());
  CHECK(h.underflow == 0);
  CHECK(h.overflow == 0);
  CHECK(h.total() == 4);
  const Histogram wide = niceBins({-3.0, 7.0}, 4);  // 2.5
  CHECK(wide.width == doctest::Approx(2.5));
  CHECK(wide.lo == doctest::Approx(-5.0));
  CHECK(wide.bins() == 5);
  const Histogram single = niceBins({1.5}, 10);  // degenerate: one unit around the value
  CHECK(single.lo <= 1.0);
  CHECK(single.edge(single.bins()) >= 2.0);
  CHECK(niceBins({}, 10).bins() >= 1);
}

TEST_CASE("p_back on the hand-made graph equals the harmonic-TST ratio worked out by hand") {
  const auto records = handMade();
  AsymmetryOptions options;
  options.temperatures = {0.3, 0.5};
  options.prefactor = 2.0;  // common prefactors cancel
  const auto p = backHopProbabilities(records, options);
  REQUIRE(p.size() == 2);
  for (std::size_t t = 0; t < 2; ++t) {
    const double beta = 1.0 / options.temperatures[t];
    // Out of minimum 2: back to 1 over 0.3 (transition 1) and 0.6 (transition 4), on to 4 over 0.65.
    const double back = std::exp(-0.3 * beta) + std::exp(-0.6 * beta);
    const double expected = back / (back + std::exp(-0.65 * beta));
    CHECK(p[t][0] == doctest::Approx(expected).epsilon(1e-14));
    CHECK(p[t][3] == doctest::Approx(expected).epsilon(1e-14));
    CHECK(p[t][1] == 1.0);  // minimum 3 only knows the way back
    CHECK(p[t][2] == 1.0);  // minimum 4 likewise
  }
  // Stored prefactors take precedence: nu(2 -> 4) = 10 nu.
  auto with_prefactor = records;
  with_prefactor[2].prefactor_fwd = 20.0;
  const auto q = backHopProbabilities(with_prefactor, options);
  const double beta = 1.0 / 0.3;
  const double back = 2.0 * (std::exp(-0.3 * beta) + std::exp(-0.6 * beta));
  CHECK(q[0][0] == doctest::Approx(back / (back + 20.0 * std::exp(-0.65 * beta))).epsilon(1e-14));
  // No underflow at a very low temperature: the fastest exit dominates.
  options.temperatures = {1e-4};
  const auto cold = backHopProbabilities(records, options);
  CHECK(cold[0][0] == doctest::Approx(1.0));
  CHECK(std::isfinite(cold[0][0]));
}

TEST_CASE("analyzeAsymmetry: groups, common bins, only-reverse ends, depth bins") {
  auto records = handMade();
  records[0].depth = 0.3;
  records[1].depth = 1.2;
  records[2].depth = 1.7;  // record 4 has no depth (NaN)
  AsymmetryOptions options;
  options.temperatures = {0.3};
  options.histogram_bins = 10;
  options.depth_bin = 1.0;
  const auto report = analyzeAsymmetry(records, options);

  CHECK(report.only_reverse == std::vector<bool>{false, true, true, false});
  CHECK(report.end_minima == 3);  // 2, 3, 4
  CHECK(report.end_minima_only_reverse == 2);
  CHECK(report.all.only_reverse == 2);

  CHECK(report.all.transitions == 4);
  CHECK(report.all.e_fwd.median == doctest::Approx(0.75));    // {0.55, 0.65, 0.85, 1.0}
  CHECK(report.all.e_rev.mean == doctest::Approx(0.5));       // {0.3, 0.2, 0.9, 0.6}
  CHECK(report.all.delta_e.mean == doctest::Approx(0.2625));  // {0.25, 0.8, -0.25, 0.25}
  REQUIRE(report.by_species.size() == 2);
  CHECK(report.by_species[0].name == "A");
  CHECK(report.by_species[0].transitions == 3);
  CHECK(report.by_species[0].e_fwd.median == doctest::Approx(0.65));
  CHECK(report.by_species[1].name == "B");
  CHECK(report.by_species[1].only_reverse == 1);

  // Barriers 0.2 .. 1.0 in 10 bins: raw 0.08 -> width 0.1 from 0.2, 8 bins.
  const Histogram& h = report.all.h_fwd;
  CHECK(h.width == doctest::Approx(0.1));
  CHECK(h.lo == doctest::Approx(0.2));
  REQUIRE(h.bins() == 8);
  // E_fwd 0.55 -> bin 3, 0.65 -> bin 4, 0.85 -> bin 6, 1.0 -> last bin (upper edge).
  CHECK(h.counts == std::vector<long>{0, 0, 0, 1, 1, 0, 1, 1});
  // E_rev 0.2 (lower edge) -> 0, 0.3 -> 1 (or 0: 0.3 is an edge), 0.6 -> 4 (or 3), 0.9 -> 7 (or 6).
  CHECK(report.all.h_rev.counts[0] >= 1);
  CHECK(report.by_species[0].h_fwd.lo == h.lo);  // same bins for every group
  CHECK(report.by_species[0].h_fwd.total() == 3);
  CHECK(report.all.h_rev.total() == 4);
  CHECK(report.all.h_delta.total() == 4);

  const auto& pb = report.all.p_back.at(0);
  CHECK(pb.temperature == 0.3);
  CHECK(pb.above_half == 4);  // every hop is more likely undone than not
  CHECK(pb.histogram.total() == 4);
  CHECK(pb.histogram.counts.back() >= 2);  // the two p_back = 1

  REQUIRE(report.by_depth.size() == 2);
  CHECK(report.by_depth[0].transitions == 1);
  CHECK(report.by_depth[0].depth_lo == 0.0);
  CHECK(report.by_depth[1].transitions == 2);
  CHECK(report.by_depth[1].name == "depth [1, 2)");

  options.depth_bin = 0.0;
  CHECK_THROWS_AS(analyzeAsymmetry(records, options), Error);
}

TEST_CASE("surfaceDepth: distance to the nearer outermost atom layer along open dimensions") {
  Positions x(3, 4);
  x << 0, 1, 2, 3,  //
      0, 1, 2, 3,   //
      1, 2, 5, 9;
  const Cell slab = Cell::orthorhombic({0, 0, -10}, {4, 4, 20}, {true, true, false});
  CHECK(hasFreeSurface(slab));
  CHECK(surfaceDepth(slab, x, 0) == 0.0);
  CHECK(surfaceDepth(slab, x, 1) == 1.0);
  CHECK(surfaceDepth(slab, x, 2) == 4.0);  // 5 - 1 and 9 - 5
  CHECK(surfaceDepth(slab, x, 3) == 0.0);
  const Cell bulk = Cell::orthorhombic({0, 0, 0}, {10, 10, 10});
  CHECK_FALSE(hasFreeSurface(bulk));
  CHECK(std::isnan(surfaceDepth(bulk, x, 2)));
}

TEST_CASE("transitionRecords: species of the most displaced atom") {
  landscape::TransitionSummary a;
  a.id = 7;
  a.from_min = 1;
  a.to_min = 2;
  a.e_fwd = 0.4;
  a.e_rev = 0.1;
  a.saddle_energy = -3.0;
  a.max_displacement_atom = 2;
  a.prefactor_fwd = 5.0;
  landscape::TransitionSummary none = a;
  none.id = 8;
  none.max_displacement_atom = -1;
  const auto records = transitionRecords({a, none}, {0, 0, 1}, {"Cu", "Zr"}, {10, 20, 30});
  CHECK(records[0].species == "Zr");
  CHECK(records[0].max_displacement_atom == 2);
  CHECK(records[0].max_displacement_atom_id == 30);  // the file's id, not the index
  CHECK(records[1].max_displacement_atom_id == -1);
  CHECK(transitionRecords({a}, {0, 0, 1}, {"Cu", "Zr"})[0].max_displacement_atom_id == 3);  // no ids: 1-based
  CHECK(records[0].prefactor_fwd == 5.0);
  CHECK(std::isnan(records[0].prefactor_rev));
  CHECK(records[0].deltaE() == doctest::Approx(0.3));
  CHECK(records[1].species == "none");
}

TEST_CASE("CSV: transitions round trip bit for bit, quoting, malformed input") {
  auto records = handMade();
  records[0].species = "A,\"odd\" name";
  records[1].depth = 0.1 + 0.2;
  records[2].e_fwd = 1.0 / 3.0;
  const std::string text = toCsv(transitionsTable(records));
  const auto back = transitionsFromTable(parseCsv(text));
  REQUIRE(back.size() == records.size());
  for (std::size_t i = 0; i < records.size(); ++i) {
    CHECK(back[i].id == records[i].id);
    CHECK(back[i].from == records[i].from);
    CHECK(back[i].to == records[i].to);
    CHECK(back[i].species == records[i].species);
    CHECK(back[i].saddle_energy == records[i].saddle_energy);
    CHECK(back[i].e_fwd == records[i].e_fwd);
    CHECK(back[i].e_rev == records[i].e_rev);
    CHECK(back[i].max_displacement == records[i].max_displacement);
    CHECK(back[i].max_displacement_atom_id == records[i].max_displacement_atom_id);
    CHECK(std::isnan(back[i].depth) == std::isnan(records[i].depth));
    if (!std::isnan(records[i].depth)) CHECK(back[i].depth == records[i].depth);
  }
  const auto table = parseCsv(text);
  CHECK(parseCsvNumber(table.rows[2][table.column("delta_e")]) == records[2].deltaE());
  CHECK_THROWS_AS(parseCsv("a,b\n1\n"), Error);
  CHECK_THROWS_AS(parseCsv("a,b\n\"1,2\n"), Error);
  CHECK_THROWS_AS(parseCsvNumber("1.5x"), Error);
  CHECK(parseCsv("a,b\r\n1,2\r\n").rows.at(0).at(1) == "2");
}
