// On-the-fly superbasins (src/kmc/dynamic_superbasin.cpp) for providers whose
// states are complete but not enumerated: against plain KMC and closed forms
// on graphs that hide their enumeration, exactness of the absorbing chain,
// re-solving when a member's event list changes, reproducibility, and the
// adaptive provider end to end.
#include <doctest/doctest.h>

#include <limits>

#include "temp_dir.hpp"

#include <Eigen/Dense>

#include <yaml-cpp/yaml.h>
#include <cmath>
#include <map>
#include <random>

#include "dynamic_superbasin.hpp"
#include "glassland/core/error.hpp"
#include "glassland/kmc/adaptive_provider.hpp"
#include "glassland/kmc/graph_provider.hpp"
#include "glassland/kmc/kmc.hpp"

using namespace glassland;
using namespace glassland::kmc;
using Eigen::Vector3d;

namespace {

// A static graph that does not tell KMC its state count, as the adaptive
// provider does not: superbasins must be found on the fly.
class HiddenGraphProvider : public EventProvider {
 public:
  explicit HiddenGraphProvider(KmcGraph graph) : graph_(std::move(graph)) {}
  std::string name() const override { return "hidden graph"; }
  int atomCount() const override { return graph_.atomCount(); }
  const std::vector<int>& atomSpecies() const override { return graph_.atomSpecies(); }
  const std::vector<std::string>& speciesNames() const override { return graph_.speciesNames(); }
  StateId initialState() const override { return graph_.initialState(); }
  std::span<const KmcEvent> events(StateId state, ProviderContext* context) const override {
    return graph_.events(state, context);
  }
  bool statesAreComplete() const override { return true; }

 private:
  StaticGraphProvider graph_;
};

// Double wells on a lifted ring: states 2n (E = 0) and 2n+1 (E = 0.1) joined by
// a low saddle (0.25), cells joined by a high one (1.0), 4 cells, every hop
// moving the one atom by 0.5 along x. The walk of the winding number has the
// series-resistor diffusivity D_w = nu / (Z sum_b exp(beta S_b)) (Derrida,
// J. Stat. Phys. 31, 433 (1983)), so D = |L|^2 D_w / 3 with L = 8 * 0.5; the
// random-walk diffusivity is D_rw = sum_b 2 J_b l^2 / 6, J_b = nu exp(-beta S_b) / Z
// (the closed forms of test_kmc.cpp).
KmcGraph doubleWells() {
  KmcGraph g;
  g.atom_species = {0};
  g.species_names = {"A"};
  for (int c = 0; c < 4; ++c) g.energies.insert(g.energies.end(), {0.0, 0.1});
  for (int b = 0; b < 8; ++b) {
    g.addTransition(b, (b + 1) % 8, b % 2 == 0 ? 0.25 : 1.0, {{0, Vector3d(0.5, 0.0, 0.0)}});
  }
  return g;
}

struct DoubleWellExact {
  double D = 0.0, D_rw = 0.0;
};

DoubleWellExact doubleWellExact(double beta) {
  const double Z = 4.0 * (1.0 + std::exp(-0.1 * beta));
  const double sumS = 4.0 * (std::exp(0.25 * beta) + std::exp(1.0 * beta));
  const double Dw = 1.0 / (Z * sumS);
  DoubleWellExact x;
  x.D = 16.0 * Dw / 3.0;
  x.D_rw = 4.0 * 2.0 * (std::exp(-0.25 * beta) + std::exp(-1.0 * beta)) / Z * 0.25 / 6.0;
  return x;
}

bool within(double a, double a_err, double b, double b_err, double n) {
  return std::abs(a - b) <= n * std::sqrt(a_err * a_err + b_err * b_err);
}

KmcOptions baseOptions(double temperature) {
  KmcOptions o;
  o.temperatures = {temperature};
  o.prefactor = 1.0;
  return o;
}

HopMeasure measureOf(const EventProvider& provider) {
  return HopMeasure{&provider.atomSpecies(), static_cast<int>(provider.speciesNames().size()), 0.3 * 0.3,
                    false};
}

}  // namespace

TEST_CASE(
    "on-the-fly superbasins: D, D_rw, f and back hops as plain KMC and the closed form, far fewer steps") {
  const double T = 0.15;
  HiddenGraphProvider provider(doubleWells());
  const DoubleWellExact x = doubleWellExact(1.0 / T);

  KmcOptions plain = baseOptions(T);
  plain.superbasin = false;
  plain.trajectories = 64;
  plain.steps = 200000;
  const auto rp = runKmc(provider, plain, Units::lj());
  const auto& ep = rp.temperatures[0].species[0];
  CHECK(rp.temperatures[0].superbasin_steps == 0);

  for (const std::string scheme : {"barrier", "count", "both"}) {
    CAPTURE(scheme);
    KmcOptions sb = baseOptions(T);
    sb.superbasin_scheme = scheme;
    sb.superbasin_barrier = 0.5;  // joins 2n <-> 2n+1 only
    sb.superbasin_count = 5;
    // Long trajectories: D and D_rw are means over trajectories of ratios to
    // the trajectory's time, biased by O(1 / exits per trajectory).
    sb.trajectories = 512;
    sb.steps = 1200;
    sb.target_msd = 1e6;  // t_run = the pilot's time after its 1200 steps, not an early MSD target
    const auto rs = runKmc(provider, sb, Units::lj());
    const auto& t = rs.temperatures[0];
    const auto& es = t.species[0];
    INFO("on the fly D " << es.D << " +- " << es.D_err << " plain " << ep.D << " +- " << ep.D_err << " exact "
                         << x.D);
    INFO("on the fly D_rw " << es.D_rw << " +- " << es.D_rw_err << " plain " << ep.D_rw << " +- "
                            << ep.D_rw_err << " exact " << x.D_rw);
    INFO("on the fly f " << es.f << " +- " << es.f_err << " plain " << ep.f << " +- " << ep.f_err << " exact "
                         << x.D / x.D_rw);
    INFO("superbasin steps " << t.superbasin_steps << " of " << t.steps << ", solves " << t.superbasins);
    CHECK(t.superbasin_steps > t.steps / 2);      // the superbasins act
    CHECK(t.superbasins >= 4 * sb.trajectories);  // each trajectory forms the four double wells
    CHECK(within(es.D, es.D_err, x.D, 0.0, 4.0));
    CHECK(es.D_err < 0.1 * x.D);
    CHECK(within(es.D_rw, es.D_rw_err, x.D_rw, 0.0, 4.0));
    CHECK(within(es.f, es.f_err, x.D / x.D_rw, 0.0, 4.0));
    CHECK(within(es.D, es.D_err, ep.D, ep.D_err, 4.0));
    CHECK(within(es.D_rw, es.D_rw_err, ep.D_rw, ep.D_rw_err, 4.0));
    CHECK(within(es.f, es.f_err, ep.f, ep.f_err, 4.0));
    CHECK(within(t.back_hop_fraction, t.back_hop_fraction_err, rp.temperatures[0].back_hop_fraction,
                 rp.temperatures[0].back_hop_fraction_err, 4.0));
    // Simulated time per step: the flicker inside a well (rate ~ e^-1.0 / e^-6.0
    // of the way out) no longer costs steps.
    const double plain_rate =
        static_cast<double>(rp.temperatures[0].steps) / rp.temperatures[0].simulated_time;
    const double sb_rate = static_cast<double>(t.steps) / t.simulated_time;
    INFO("steps per unit time: plain " << plain_rate << ", on the fly " << sb_rate);
    CHECK(plain_rate / sb_rate >= 10.0);
  }
}

TEST_CASE("on-the-fly superbasins: a three-state basin with two species as plain KMC") {
  // The graph of test_kmc.cpp's static three-state check: a triangle {0, 1, 2}
  // (closed cycle, zero net displacement) with exits to 3 -> 4 -> back to 0.
  KmcGraph g;
  g.energies = {0.0, 0.05, 0.1, 0.4, 0.3};
  g.atom_species = {0, 1};
  g.species_names = {"A", "B"};
  auto d = [](Vector3d a, Vector3d b) { return std::vector<kmc::AtomDisplacement>{{0, a}, {1, b}}; };
  g.addTransition(0, 1, 0.3, d(Vector3d(0.4, 0, 0), Vector3d(0, 0.1, 0)));
  g.addTransition(1, 2, 0.32, d(Vector3d(0, 0.4, 0), Vector3d(0, 0, 0.2)));
  g.addTransition(2, 0, 0.35, d(Vector3d(-0.4, -0.4, 0), Vector3d(0, -0.1, -0.2)));
  g.addTransition(1, 3, 1.1, d(Vector3d(0.5, 0, 0), Vector3d(0.5, 0, 0)));
  g.addTransition(3, 4, 0.9, d(Vector3d(0.5, 0.2, 0), Vector3d(0, 0.5, 0)));
  g.addTransition(4, 0, 1.0, d(Vector3d(0, 0.3, 0.4), Vector3d(0.1, 0, 0.3)));
  g.addTransition(2, 4, 1.2, d(Vector3d(0.2, 0, 0.5), Vector3d(0.3, 0.3, 0)));
  HiddenGraphProvider provider(g);
  KmcOptions sb = baseOptions(0.12);
  sb.superbasin_scheme = "count";  // every pair of the triangle joins after 5 round trips
  sb.superbasin_count = 5;
  sb.trajectories = 1024;
  sb.steps = 400;
  const auto rs = runKmc(provider, sb, Units::lj());
  KmcOptions plain = sb;
  plain.superbasin = false;
  plain.trajectories = 64;
  plain.steps = 250000;
  const auto rp = runKmc(provider, plain, Units::lj());
  for (int s = 0; s < 2; ++s) {
    const auto& es = rs.temperatures[0].species[static_cast<std::size_t>(s)];
    const auto& ep = rp.temperatures[0].species[static_cast<std::size_t>(s)];
    INFO("species " << s << ": D " << es.D << " +- " << es.D_err << " vs " << ep.D << " +- " << ep.D_err
                    << "; D_rw " << es.D_rw << " +- " << es.D_rw_err << " vs " << ep.D_rw << " +- "
                    << ep.D_rw_err << "; f " << es.f << " vs " << ep.f);
    CHECK(within(es.D, es.D_err, ep.D, ep.D_err, 4.0));
    CHECK(within(es.D_rw, es.D_rw_err, ep.D_rw, ep.D_rw_err, 4.0));
    CHECK(within(es.f, es.f_err, ep.f, ep.f_err, 4.0));
    CHECK(within(es.D_rw_lambda, es.D_rw_lambda_err, ep.D_rw_lambda, ep.D_rw_lambda_err, 4.0));
  }
  CHECK(within(rs.temperatures[0].back_hop_fraction, rs.temperatures[0].back_hop_fraction_err,
               rp.temperatures[0].back_hop_fraction, rp.temperatures[0].back_hop_fraction_err, 4.0));
  CHECK(rs.temperatures[0].superbasin_steps > rs.temperatures[0].steps / 2);
}

TEST_CASE("on-the-fly superbasins: mean exit time and exit probabilities are the absorbing chain's") {
  // States 0 and 1 (the basin) with internal rates a = k(0->1), b = k(1->0) and
  // exits x0 = k(0->2), x1 = k(1->3). With A = [[a + x0, -a], [-b, b + x1]] and
  // det = (a + x0)(b + x1) - a b, the mean exit times tau = A^-1 1 are
  //   tau_0 = (a + b + x1) / det,  tau_1 = (a + b + x0) / det,
  // the exit probabilities P(e, via s) = (A^-1)_es x_s are
  //   from 0: (b + x1) x0 / det via 0, a x1 / det via 1;
  //   from 1: b x0 / det via 0, (a + x0) x1 / det via 1,
  // and the expected internal hops are sum_s (A^-1)_es k(s -> other).
  KmcGraph g;
  g.atom_species = {0};
  g.species_names = {"A"};
  const double a = 7.0, b = 3.0, x0 = 0.02, x1 = 0.05;
  g.addEvent(0, 1, 0.0, 0.0, {{0, Vector3d(0.4, 0, 0)}}).rate = a;
  g.addEvent(1, 0, 0.0, 0.0, {{0, Vector3d(-0.4, 0, 0)}}).rate = b;
  g.addEvent(0, 2, 0.0, 0.0, {{0, Vector3d(0, 1, 0)}}).rate = x0;
  g.addEvent(1, 3, 0.0, 0.0, {{0, Vector3d(0, 0, 1)}}).rate = x1;
  g.out.resize(4);
  HiddenGraphProvider provider(g);
  DynamicSuperbasinSettings settings;
  settings.basin.min_rate = 1.0;  // a and b are fast, the exits slow
  settings.basin.position_tolerance = 1e-6;
  settings.by_count = false;
  DynamicSuperbasins basins(
      provider, [](const KmcEvent& e) { return e.rate; }, measureOf(provider), settings);
  CHECK(basins.at(0).basin == nullptr);
  basins.recordHop(0, provider.events(0, nullptr)[0]);  // 0 -> 1, fast both ways: joins
  REQUIRE(basins.at(1).basin != nullptr);
  CHECK(basins.solves() == 1);
  const Superbasin& basin = *basins.at(0).basin;
  REQUIRE(basin.states == std::vector<StateId>{0, 1});
  REQUIRE(basin.exits.size() == 2);
  CHECK(basin.exits[0].event->target == 2);
  CHECK(basin.exits[1].event->target == 3);
  const double det = (a + x0) * (b + x1) - a * b;
  CHECK(basin.mean_time[0] == doctest::Approx((a + b + x1) / det).epsilon(1e-12));
  CHECK(basin.mean_time[1] == doctest::Approx((a + b + x0) / det).epsilon(1e-12));
  CHECK(basin.exit_cumulative[0] == doctest::Approx((b + x1) * x0 / det).epsilon(1e-12));
  CHECK(basin.exit_cumulative[1] == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(basin.exit_cumulative[2] == doctest::Approx(b * x0 / det).epsilon(1e-12));
  CHECK(basin.exit_cumulative[3] == doctest::Approx(1.0).epsilon(1e-12));
  const int nstats = superbasinStatCount(1);
  CHECK(basin.expected[0] == doctest::Approx(((b + x1) * a + a * b) / det).epsilon(1e-12));
  CHECK(basin.expected[static_cast<std::size_t>(nstats)] ==
        doctest::Approx((b * a + (a + x0) * b) / det).epsilon(1e-12));
  // Exact positions: state 1 sits 0.4 along x from state 0.
  REQUIRE(basin.position[1].size() == 1);
  CHECK(basin.position[1][0].dr.isApprox(Vector3d(0.4, 0, 0)));
  // The entry hop 0 -> 1 is undone by the first hop out of 1 with probability b / (b + x1).
  CHECK(basin.returnProbability(1, 0) == doctest::Approx(b / (b + x1)).epsilon(1e-12));

  SUBCASE("three states: against a dense LU solve of A tau = 1") {
    KmcGraph h = g;
    h.out.resize(5);
    h.addEvent(1, 4, 0.0, 0.0, {{0, Vector3d(0.4, 0.4, 0)}}).rate = 5.0;
    h.addEvent(4, 1, 0.0, 0.0, {{0, Vector3d(-0.4, -0.4, 0)}}).rate = 2.0;
    h.addEvent(4, 0, 0.0, 0.0, {{0, Vector3d(-0.8, -0.4, 0)}}).rate = 4.0;
    h.addEvent(0, 4, 0.0, 0.0, {{0, Vector3d(0.8, 0.4, 0)}}).rate = 1.5;
    h.addEvent(4, 2, 0.0, 0.0, {{0, Vector3d(0, 1, 1)}}).rate = 0.03;
    HiddenGraphProvider p3(h);
    DynamicSuperbasins b3(
        p3, [](const KmcEvent& e) { return e.rate; }, measureOf(p3), settings);
    b3.recordHop(0, p3.events(0, nullptr)[0]);  // 0 -> 1
    REQUIRE(b3.at(1).basin != nullptr);         // joins 0, 1
    b3.recordHop(1, p3.events(1, nullptr)[2]);  // 1 -> 4
    REQUIRE(b3.at(4).basin != nullptr);         // joins 4
    CHECK(b3.solves() == 2);
    const Superbasin& s3 = *b3.at(4).basin;
    REQUIRE(s3.states == std::vector<StateId>{0, 1, 4});
    // Dense reference: A = diag(R) - K over the three states, exits to 2 and 3.
    Eigen::Matrix3d A = Eigen::Matrix3d::Zero();
    const std::vector<StateId> st{0, 1, 4};
    Eigen::Matrix3d exitTo2 = Eigen::Matrix3d::Zero();
    for (int i = 0; i < 3; ++i) {
      for (const auto& e : p3.events(st[static_cast<std::size_t>(i)], nullptr)) {
        A(i, i) += e.rate;
        for (int j = 0; j < 3; ++j) {
          if (e.target == st[static_cast<std::size_t>(j)]) A(i, j) -= e.rate;
        }
        if (e.target == 2) exitTo2(i, i) += e.rate;
      }
    }
    const Eigen::Matrix3d inv = A.inverse();
    const Eigen::Vector3d tau = inv * Eigen::Vector3d::Ones();
    const Eigen::Vector3d p2 = inv * exitTo2 * Eigen::Vector3d::Ones();
    for (int e = 0; e < 3; ++e) {
      CAPTURE(e);
      CHECK(s3.mean_time[static_cast<std::size_t>(e)] == doctest::Approx(tau(e)).epsilon(1e-10));
      double to2 = 0.0, previous = 0.0;
      for (std::size_t x = 0; x < s3.exits.size(); ++x) {
        const double c = s3.exit_cumulative[static_cast<std::size_t>(e) * s3.exits.size() + x];
        if (s3.exits[x].event->target == 2) to2 += c - previous;
        previous = c;
      }
      CHECK(to2 == doctest::Approx(p2(e)).epsilon(1e-10));
    }
  }
}

namespace {

// A graph provider whose state 1 gains a fast exit 1 -> 3 once state 2 has been
// asked for its events `after` times, as the adaptive provider adds events to
// a state when a neighbour is explored. State 3 has no escape.
class GrowingProvider : public EventProvider {
 public:
  GrowingProvider(int after, bool report_revision) : after_(after), report_revision_(report_revision) {
    graph_.atom_species = {0};
    graph_.species_names = {"A"};
    graph_.out.resize(4);
    graph_.addEvent(0, 1, 0.1, 0.0, {{0, Vector3d(0.3, 0, 0)}});
    graph_.addEvent(1, 0, 0.1, 0.0, {{0, Vector3d(-0.3, 0, 0)}});
    graph_.addEvent(0, 2, 1.5, 0.0, {{0, Vector3d(0, 0.5, 0)}});
    graph_.addEvent(2, 0, 0.2, 0.0, {{0, Vector3d(0, -0.5, 0)}});  // fast back, slow out: 2 does not join
  }
  std::string name() const override { return "growing"; }
  int atomCount() const override { return 1; }
  const std::vector<int>& atomSpecies() const override { return graph_.atom_species; }
  const std::vector<std::string>& speciesNames() const override { return graph_.species_names; }
  StateId initialState() const override { return 0; }
  std::span<const KmcEvent> events(StateId state, ProviderContext*) const override {
    if (state == 2 && ++calls_ == after_) {
      graph_.addEvent(1, 3, 0.5, 0.0, {{0, Vector3d(0, 0, 0.5)}});
      ++revision_;
    }
    return graph_.out[static_cast<std::size_t>(state)];
  }
  std::uint64_t eventsRevision(StateId state) const override {
    return report_revision_ && state == 1 ? revision_ : 0;
  }
  bool statesAreComplete() const override { return true; }
  bool parallelTrajectories() const override { return false; }

 private:
  mutable KmcGraph graph_;
  mutable int calls_ = 0;
  mutable std::uint64_t revision_ = 0;
  int after_;
  bool report_revision_;
};

}  // namespace

TEST_CASE("on-the-fly superbasins: a member's new event makes the superbasin solve again and be used") {
  // At T = 0.1 the basin {0, 1} (barriers 0.1) is left through 0 -> 2 (barrier
  // 1.5), and 2 returns at once. Once 2 has been entered 5 times, 1 -> 3
  // (barrier 0.5, e^10 faster than 0 -> 2) appears: the next superbasin step
  // must leave through it, to 3, where the trajectory ends.
  KmcOptions o = baseOptions(0.1);
  o.superbasin_scheme = "barrier";
  o.superbasin_barrier = 0.3;
  o.steps = 100;
  o.trajectories = 1;
  const Units& units = Units::lj();
  // At most 100 steps, no time limit.
  RunPlan plan;
  plan.duration = std::numeric_limits<double>::infinity();
  plan.max_steps = o.steps;
  {
    GrowingProvider provider(5, true);
    const Simulation simulation(provider, o, units, 0.1);
    const TrajectoryStats t = simulation.run(0, 0, plan);
    CHECK(std::string(toString(t.end)) == "no-escape");
    CHECK(t.end_state == 3);
    CHECK(t.superbasin_solves == 2);  // formed, then solved again with the new exit
    CHECK(t.superbasin_steps >= 5);
    // Each visit of 2 is one superbasin exit there and one plain hop back;
    // the first step is the plain hop that forms the basin.
    CHECK(t.steps == 1 + 2 * 5 + 1);
  }
  {
    // Without a revision the change goes unseen: the stale basin never leaves through 1 -> 3.
    GrowingProvider provider(5, false);
    const TrajectoryStats t = Simulation(provider, o, units, 0.1).run(0, 0, plan);
    CHECK(std::string(toString(t.end)) == "step-cap");
    CHECK(t.superbasin_solves == 1);
  }
}

TEST_CASE("on-the-fly superbasins: the same seed gives the same results, whatever the thread count") {
  HiddenGraphProvider provider(doubleWells());
  KmcOptions o = baseOptions(0.2);
  o.superbasin_barrier = 0.5;
  o.superbasin_count = 3;
  o.trajectories = 16;
  o.steps = 500;
  o.threads = 1;
  const auto r1 = runKmc(provider, o, Units::lj());
  const auto r1b = runKmc(provider, o, Units::lj());
  o.threads = 2;
  const auto r2 = runKmc(provider, o, Units::lj());
  for (const auto* r : {&r1b, &r2}) {
    const auto& t = r->temperatures[0];
    CHECK(t.simulated_time == r1.temperatures[0].simulated_time);
    CHECK(t.superbasin_steps == r1.temperatures[0].superbasin_steps);
    CHECK(t.superbasins == r1.temperatures[0].superbasins);
    CHECK(t.species[0].D == r1.temperatures[0].species[0].D);
    CHECK(t.species[0].D_rw == r1.temperatures[0].species[0].D_rw);
    CHECK(t.back_hop_fraction == r1.temperatures[0].back_hop_fraction);
  }
  CHECK(r1.temperatures[0].superbasin_steps > 0);
}

TEST_CASE("superbasin options: scheme and count") {
  auto read = [](const std::string& text) {
    OptionsReader reader(YAML::Load(text), "kmc", "test.yaml");
    return KmcOptions::fromYaml(reader);
  };
  const KmcOptions d = read("{}");
  CHECK(d.superbasin_scheme == "both");
  CHECK(d.superbasin_count == 10);
  const KmcOptions c = read("{superbasin_scheme: count, superbasin_count: 4}");
  CHECK(c.superbasin_scheme == "count");
  CHECK(c.superbasin_count == 4);
  CHECK_THROWS_AS(read("{superbasin_scheme: energy}"), InputError);
  CHECK_THROWS_AS(read("{superbasin_count: 0}"), InputError);
}

// ---------------------------------------------------------------------------
// The adaptive provider end to end, on the synthetic lattice walker of
// test_adaptive.cpp: one atom hopping on a periodic simple cubic lattice
// (spacing 1, barrier 1, all minima at one energy) beside a spectator, exact
// and cheap searches. D = D_rw = k a^2 and f = 1 exactly.

namespace {

using glassland_test::TempDir;

Structure walkerRoot() {
  Structure s;
  s.cell = Cell::orthorhombic({0, 0, 0}, {4.0, 4.0, 4.0});
  s.positions.resize(3, 2);
  s.positions.col(0) << 0.5, 0.5, 0.5;
  s.positions.col(1) << 2.25, 2.0, 1.75;
  s.types = {0, 1};
  s.ids = {1, 2};
  s.species = {"A", "B"};
  s.masses = {1.0, 1.0};
  return s;
}

// Search `index`: one of the six hops or (2 in 8) a failure, from its own RNG stream.
SearchResult walkerSearch(const Structure& start, double e0, int centre, long index) {
  SearchResult r;
  r.index = index;
  r.seed = 5;
  r.centre = centre;
  r.force_calls = 1;
  std::mt19937_64 rng = searchRng(5, index);
  const int u = std::uniform_int_distribution<int>(0, 7)(rng);
  if (u >= 6) {
    r.outcome = SearchOutcome::TooManyForceCalls;
    return r;
  }
  Vector3d dir = Vector3d::Zero();
  dir[u / 2] = (u % 2) ? -1.0 : 1.0;
  r.outcome = SearchOutcome::Converged;
  r.energy_a = r.energy_b = e0;
  r.positions_a = r.positions_b = r.saddle_positions = start.positions;
  r.positions_b.col(0) = start.cell.wrap(start.positions.col(0) + dir);
  r.saddle_energy = e0 + 1.0;
  r.saddle_positions.col(0) = start.cell.wrap(start.positions.col(0) + 0.5 * dir);
  r.barrier_forward = r.barrier_reverse = 1.0;
  return r;
}

AdaptiveSettings walkerSettings(int min_searches, int max_searches, double confidence) {
  AdaptiveSettings s;
  s.options.min_searches = min_searches;
  s.options.max_searches = max_searches;
  s.options.confidence = confidence;
  s.window = 20.0;
  s.threads = 1;
  s.seed = 5;
  return s;
}

}  // namespace

TEST_CASE("adaptive provider: eventsRevision changes exactly when a state's event list changes") {
  // Two searches per state: states miss hops, which their neighbours' searches add.
  TempDir dir("sb_revision");
  landscape::StoreHeader header{"lj", "lattice walker", "test", walkerRoot()};
  auto store = landscape::EventStore::openOrCreate(dir.file("store.sqlite"), header);
  const auto root = store.addMinimum(0.0, store.root().positions);
  AdaptiveProvider provider(store, root, walkerSearch, walkerSettings(2, 2, 0.5));
  std::map<StateId, std::pair<std::size_t, std::uint64_t>> seen;  // state -> (events, revision)
  std::vector<StateId> queue{root};
  int changes = 0;
  for (std::size_t next = 0; next < queue.size() && next < 40; ++next) {
    for (const auto& e : provider.events(queue[next], nullptr)) {
      if (!seen.count(e.target)) {
        seen[e.target] = {0, 0};
        queue.push_back(e.target);
      }
    }
    seen[queue[next]] = {provider.events(queue[next], nullptr).size(), provider.eventsRevision(queue[next])};
    // Every state asked for so far: its revision moved iff its list grew.
    for (auto& [state, last] : seen) {
      if (last.first == 0) continue;  // not asked for yet
      const std::size_t size = provider.events(state, nullptr).size();
      const std::uint64_t revision = provider.eventsRevision(state);
      CAPTURE(state);
      CHECK((size != last.first) == (revision != last.second));
      changes += revision != last.second;
      last = {size, revision};
    }
  }
  CHECK(changes > 0);
}

TEST_CASE("adaptive provider with on-the-fly superbasins: D = D_rw = k a^2, f = 1, fewer steps") {
  TempDir dir("sb_adaptive");
  landscape::StoreHeader header{"lj", "lattice walker", "test", walkerRoot()};
  auto store = landscape::EventStore::openOrCreate(dir.file("store.sqlite"), header);
  const auto root = store.addMinimum(0.0, store.root().positions);
  AdaptiveProvider provider(store, root, walkerSearch, walkerSettings(12, 100, 0.999));
  KmcOptions o = baseOptions(1.0);
  o.provider = "adaptive";
  o.trajectories = 8;
  o.steps = 1500;
  o.seed = 3;
  o.superbasin_scheme = "count";  // every barrier is 1 = 1 k_B T: join only pairs walked often
  o.superbasin_count = 3;
  o.superbasin_max_states = 12;
  const KmcResults results = runKmc(provider, o, Units::lj());
  const auto& t = results.temperatures.at(0);
  const auto& a = t.species.at(0);
  const double k = std::exp(-1.0);
  MESSAGE("adaptive lattice walker with superbasins: D_rw = "
          << a.D_rw << " (exact " << k << "), D = " << a.D << " +- " << a.D_err << ", f = " << a.f << " +- "
          << a.f_err << ", superbasin steps " << t.superbasin_steps << " of " << t.steps << ", solves "
          << t.superbasins);
  CHECK(t.ended_early == 0);
  CHECK(t.superbasin_steps > 0);
  CHECK(a.D_rw == doctest::Approx(k).epsilon(0.05));
  CHECK(std::abs(a.D - k) < 4.0 * a.D_err);
  CHECK(std::abs(a.f - 1.0) < 4.0 * a.f_err);
  CHECK(t.species.at(1).D == 0.0);
  // More simulated time per step than the plain walk's 1 / (6 k) per hop.
  CHECK(t.simulated_time / static_cast<double>(t.steps) > 1.2 / (6.0 * k));
}
