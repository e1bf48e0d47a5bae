// KMC on graphs with closed-form answers, superbasins, Arrhenius fits,
// reproducibility, options and output.
#include <doctest/doctest.h>

#include <yaml-cpp/yaml.h>
#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

#include "glassland/core/error.hpp"
#include "glassland/kmc/arrhenius.hpp"
#include "glassland/kmc/graph_provider.hpp"
#include "glassland/kmc/kmc.hpp"
#include "glassland/kmc/msd.hpp"
#include "glassland/kmc/sampling.hpp"

using namespace glassland;
using namespace glassland::kmc;
using Eigen::Vector3d;

namespace {

// A ring of M states i = 0..M-1 with energies E_i; bond b joins b and b+1 (mod M)
// through a saddle of energy S_b and moves atom a by l[b][a] (from b to b+1).
// The ring is "lifted": going once around moves atom a by L_a = sum_b l[b][a],
// so the walk diffuses.
struct Ring {
  std::vector<double> E, S;
  std::vector<std::vector<Vector3d>> l;  // [bond][atom]
  std::vector<int> species;
  int nspecies = 1;
};

KmcGraph makeGraph(const Ring& ring) {
  KmcGraph g;
  const int M = static_cast<int>(ring.E.size());
  g.energies = ring.E;
  g.out.resize(static_cast<std::size_t>(M));
  g.atom_species = ring.species;
  for (int a = 0; a < ring.nspecies; ++a)
    g.species_names.push_back(std::string(1, static_cast<char>('A' + a)));
  for (int b = 0; b < M; ++b) {
    std::vector<AtomDisplacement> d;
    for (std::size_t a = 0; a < ring.species.size(); ++a) d.push_back({static_cast<int>(a), ring.l[b][a]});
    g.addTransition(b, (b + 1) % M, ring.S[b], d);
  }
  return g;
}

// Closed forms for the lifted ring (nu = attempt frequency, beta = 1/k_B T).
//
// The winding number w (times around the ring) is a 1-D walk on a periodic
// chain with detailed balance; its diffusivity is the series-resistor result
// (Derrida, J. Stat. Phys. 31, 433 (1983), for symmetric rates):
//   D_w = 1 / [ (sum_i pi~_i) * sum_b 1/(pi~_b k_{b->b+1}) ],  pi~_i = exp(-beta E_i),
// and pi~_b k_{b->b+1} = nu exp(-beta S_b), so D_w = nu / (Z sum_b exp(beta S_b))
// with Z = sum_i exp(-beta E_i). Atom a moves by w L_a plus a bounded part,
// hence <|R_a|^2> = |L_a|^2 <w^2> = 2 |L_a|^2 D_w t and, with the 6t convention,
//   D_alpha = sum_{a in alpha} |L_a|^2 D_w / (3 N_alpha).
// The random-walk diffusivity is the stationary average of sum_k k_k |dr_k|^2 / 6;
// the stationary flux through bond b is J_b = nu exp(-beta S_b) / Z each way, so
//   D_rw,alpha = sum_b 2 J_b sum_{a in alpha} |l_ba|^2 / (6 N_alpha),
// and f = D / D_rw. For one atom and equal hop lengths l, L = M l:
//   f = M^2 / [ sum_b exp(beta S_b) * sum_b exp(-beta S_b) ] <= 1 (Cauchy-Schwarz),
// which for M = 2 (the two-state system) is f = 1 / cosh^2(beta (S_1 - S_2) / 2).
// A hop i -> j is undone when the next hop out of j returns to i:
//   back-hop fraction = sum_b J_b [k_{j->i}/R_j + k_{i->j}/R_i] / sum_b 2 J_b  (M >= 3).
struct Exact {
  std::vector<double> D, D_rw;
  double back = 0.0;
};

Exact exactRing(const Ring& ring, double beta, double nu) {
  const int M = static_cast<int>(ring.E.size());
  const std::size_t natoms = ring.species.size();
  double Z = 0.0, sumS = 0.0;
  for (double e : ring.E) Z += std::exp(-beta * e);
  for (double s : ring.S) sumS += std::exp(beta * s);
  const double Dw = nu / (Z * sumS);
  Exact x;
  x.D.assign(static_cast<std::size_t>(ring.nspecies), 0.0);
  x.D_rw.assign(static_cast<std::size_t>(ring.nspecies), 0.0);
  std::vector<double> count(static_cast<std::size_t>(ring.nspecies), 0.0);
  for (std::size_t a = 0; a < natoms; ++a) {
    Vector3d L = Vector3d::Zero();
    for (int b = 0; b < M; ++b) L += ring.l[static_cast<std::size_t>(b)][a];
    x.D[static_cast<std::size_t>(ring.species[a])] += L.squaredNorm() * Dw / 3.0;
    count[static_cast<std::size_t>(ring.species[a])] += 1.0;
    for (int b = 0; b < M; ++b) {
      const double J = nu * std::exp(-beta * ring.S[static_cast<std::size_t>(b)]) / Z;
      x.D_rw[static_cast<std::size_t>(ring.species[a])] +=
          2.0 * J * ring.l[static_cast<std::size_t>(b)][a].squaredNorm() / 6.0;
    }
  }
  for (int s = 0; s < ring.nspecies; ++s) {
    x.D[static_cast<std::size_t>(s)] /= count[static_cast<std::size_t>(s)];
    x.D_rw[static_cast<std::size_t>(s)] /= count[static_cast<std::size_t>(s)];
  }
  auto k = [&](int from, int bond) {
    return nu * std::exp(-beta *
                         (ring.S[static_cast<std::size_t>(bond)] - ring.E[static_cast<std::size_t>(from)]));
  };
  std::vector<double> R(static_cast<std::size_t>(M), 0.0);
  for (int b = 0; b < M; ++b) {
    R[static_cast<std::size_t>(b)] += k(b, b);
    R[static_cast<std::size_t>((b + 1) % M)] += k((b + 1) % M, b);
  }
  double num = 0.0, den = 0.0;
  for (int b = 0; b < M; ++b) {
    const int i = b, j = (b + 1) % M;
    const double J = nu * std::exp(-beta * ring.S[static_cast<std::size_t>(b)]) / Z;
    num += J * (k(j, b) / R[static_cast<std::size_t>(j)] + k(i, b) / R[static_cast<std::size_t>(i)]);
    den += 2.0 * J;
  }
  x.back = num / den;
  return x;
}

// |a - b| within n combined standard errors.
bool within(double a, double a_err, double b, double b_err, double n) {
  return std::abs(a - b) <= n * std::sqrt(a_err * a_err + b_err * b_err);
}

Ring twoStateRing() {
  Ring r;
  r.E = {0.0, 0.2};
  r.S = {0.6, 0.9};
  r.species = {0, 1};
  r.nspecies = 2;
  r.l = {{Vector3d(0.5, 0.0, 0.0), Vector3d(0.1, 0.2, 0.0)},
         {Vector3d(0.5, 0.0, 0.0), Vector3d(0.0, 0.0, 0.3)}};
  return r;
}

Ring fiveStateRing() {
  Ring r;
  r.E = {0.0, 0.15, -0.1, 0.3, 0.05};
  r.S = {0.5, 0.45, 0.8, 0.6, 0.7};
  r.species = {0};
  r.l = {{Vector3d(0.3, 0.1, 0.0)},
         {Vector3d(0.2, -0.1, 0.1)},
         {Vector3d(0.4, 0.0, 0.0)},
         {Vector3d(0.1, 0.2, -0.1)},
         {Vector3d(0.3, 0.0, 0.2)}};
  return r;
}

// Double wells: states 2n (E = 0) and 2n+1 (E = 0.1) joined by a low saddle
// (0.25), cells joined by a high one (1.0); 4 cells around a lifted ring.
Ring doubleWellChain() {
  Ring r;
  for (int c = 0; c < 4; ++c) {
    r.E.insert(r.E.end(), {0.0, 0.1});
    r.S.insert(r.S.end(), {0.25, 1.0});
  }
  r.species = {0};
  for (int b = 0; b < 8; ++b) r.l.push_back({Vector3d(0.5, 0.0, 0.0)});
  return r;
}

KmcOptions baseOptions(double temperature) {
  KmcOptions o;
  o.temperatures = {temperature};
  o.prefactor = 1.0;
  o.superbasin = false;
  o.target_msd = 1e30;  // the pilot takes all its `steps`: t_run = the time of that many steps
  return o;
}

// A flicker: one atom hops back and forth between two minima, forever bounded.
KmcGraph twoStateFlicker() {
  KmcGraph g;
  g.energies = {0.0, 0.1};
  g.out.resize(2);
  g.atom_species = {0, 0};
  g.species_names = {"A"};
  g.addTransition(0, 1, 0.5, {{0, Vector3d(0.5, 0.0, 0.0)}, {1, Vector3d(0.0, 0.1, 0.0)}});
  return g;
}

}  // namespace

TEST_CASE("two-state system (lifted periodic chain with a two-site basis): D, D_rw and f") {
  const Ring ring = twoStateRing();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.5);
  o.trajectories = 256;
  o.steps = 20000;
  const auto r = runKmc(provider, o, Units::lj());
  const Exact x = exactRing(ring, 2.0, 1.0);
  // Closed form of the comment above for M = 2, species A (one atom, equal hops).
  CHECK(x.D[0] / x.D_rw[0] ==
        doctest::Approx(1.0 / std::pow(std::cosh(2.0 * (0.6 - 0.9) / 2.0), 2)).epsilon(1e-12));
  for (int s = 0; s < 2; ++s) {
    const auto& e = r.temperatures[0].species[static_cast<std::size_t>(s)];
    INFO("species " << s << " D " << e.D << " +- " << e.D_err << " exact " << x.D[s] << "; D_rw " << e.D_rw
                    << " +- " << e.D_rw_err << " exact " << x.D_rw[s] << "; f " << e.f << " +- " << e.f_err);
    CHECK(within(e.D, e.D_err, x.D[s], 0.0, 4.0));
    CHECK(e.D_err < 0.1 * x.D[s]);
    CHECK(within(e.D_rw, e.D_rw_err, x.D_rw[s], 0.0, 4.0));
    CHECK(e.D_rw_err < 0.01 * x.D_rw[s]);
    CHECK(within(e.f, e.f_err, x.D[s] / x.D_rw[s], 0.0, 4.0));
    CHECK(e.f < 0.95);  // correlated: f well below 1
  }
  CHECK(r.temperatures[0].ended_early == 0);
}

TEST_CASE("ring of five states: D, D_rw, f and the back-hop fraction") {
  const Ring ring = fiveStateRing();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.25);
  o.trajectories = 256;
  o.steps = 20000;
  o.hop_threshold = 0.2;  // below the shortest hop (0.245)
  const auto r = runKmc(provider, o, Units::lj());
  const Exact x = exactRing(ring, 4.0, 1.0);
  const auto& e = r.temperatures[0].species[0];
  INFO("D " << e.D << " +- " << e.D_err << " exact " << x.D[0] << "; D_rw " << e.D_rw << " exact "
            << x.D_rw[0] << "; f " << e.f << " +- " << e.f_err << " exact " << x.D[0] / x.D_rw[0] << "; back "
            << r.temperatures[0].back_hop_fraction << " exact " << x.back);
  CHECK(within(e.D, e.D_err, x.D[0], 0.0, 4.0));
  CHECK(e.D_err < 0.1 * x.D[0]);
  CHECK(within(e.D_rw, e.D_rw_err, x.D_rw[0], 0.0, 4.0));
  CHECK(within(e.f, e.f_err, x.D[0] / x.D_rw[0], 0.0, 4.0));
  CHECK(x.D[0] / x.D_rw[0] < 0.7);
  const auto& t = r.temperatures[0];
  CHECK(within(t.back_hop_fraction, t.back_hop_fraction_err, x.back, 0.0, 4.0));
  CHECK(t.back_hop_fraction_err < 0.01);
  // Every hop is longer than the threshold, so the thresholded form equals D_rw.
  CHECK(e.D_rw_lambda == doctest::Approx(e.D_rw).epsilon(1e-12));
  CHECK(e.hop_rate * e.mean_sq_hop_length / 6.0 == doctest::Approx(e.D_rw).epsilon(0.02));
}

TEST_CASE("superbasins: same D, D_rw, f and back hops as plain KMC at far fewer steps") {
  const Ring ring = doubleWellChain();
  StaticGraphProvider provider(makeGraph(ring));
  const double T = 0.15;
  const Exact x = exactRing(ring, 1.0 / T, 1.0);

  KmcOptions sb = baseOptions(T);
  sb.superbasin = true;
  sb.superbasin_barrier = 0.5;  // joins 2n <-> 2n+1 only
  sb.trajectories = 2048;
  sb.steps = 200;
  const Simulation simulation(provider, sb, Units::lj(), T);
  CHECK(simulation.superbasinCount() == 4);
  const auto rs = runKmc(provider, sb, Units::lj());

  KmcOptions plain = sb;
  plain.superbasin = false;
  plain.trajectories = 128;
  plain.steps = 200000;
  const auto rp = runKmc(provider, plain, Units::lj());

  const auto& es = rs.temperatures[0].species[0];
  const auto& ep = rp.temperatures[0].species[0];
  INFO("superbasin D " << es.D << " +- " << es.D_err << " plain " << ep.D << " +- " << ep.D_err << " exact "
                       << x.D[0]);
  INFO("superbasin D_rw " << es.D_rw << " +- " << es.D_rw_err << " plain " << ep.D_rw << " +- " << ep.D_rw_err
                          << " exact " << x.D_rw[0]);
  INFO("superbasin f " << es.f << " +- " << es.f_err << " plain " << ep.f << " +- " << ep.f_err << " exact "
                       << x.D[0] / x.D_rw[0]);
  CHECK(rs.temperatures[0].superbasin_steps == rs.temperatures[0].steps);
  CHECK(within(es.D, es.D_err, x.D[0], 0.0, 4.0));
  CHECK(es.D_err < 0.06 * x.D[0]);
  CHECK(within(es.D_rw, es.D_rw_err, x.D_rw[0], 0.0, 4.0));
  CHECK(es.D_rw_err < 0.01 * x.D_rw[0]);
  CHECK(within(es.f, es.f_err, x.D[0] / x.D_rw[0], 0.0, 4.0));
  CHECK(within(es.D, es.D_err, ep.D, ep.D_err, 4.0));
  CHECK(within(es.D_rw, es.D_rw_err, ep.D_rw, ep.D_rw_err, 4.0));
  CHECK(within(es.f, es.f_err, ep.f, ep.f_err, 4.0));
  CHECK(within(rs.temperatures[0].back_hop_fraction, rs.temperatures[0].back_hop_fraction_err,
               rp.temperatures[0].back_hop_fraction, rp.temperatures[0].back_hop_fraction_err, 4.0));
  CHECK(within(es.hop_rate, 0.01 * es.hop_rate, ep.hop_rate, 0.0, 3.0));
  // KMC steps per unit of simulated time: the superbasin run needs >= 100x fewer.
  const double plain_rate = static_cast<double>(rp.temperatures[0].steps) / rp.temperatures[0].simulated_time;
  const double sb_rate = static_cast<double>(rs.temperatures[0].steps) / rs.temperatures[0].simulated_time;
  INFO("steps per unit time: plain " << plain_rate << ", superbasin " << sb_rate);
  CHECK(plain_rate / sb_rate >= 100.0);
}

TEST_CASE("superbasins: a low-barrier cycle with net displacement is not merged") {
  // Every barrier is low, so the whole lifted ring is one low-barrier cluster;
  // its states have no path-independent positions, so it must run as plain KMC.
  Ring ring = fiveStateRing();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.25);
  o.superbasin = true;
  o.superbasin_barrier = 5.0;
  const Simulation simulation(provider, o, Units::lj(), 0.25);
  CHECK(simulation.superbasinCount() == 0);
}

TEST_CASE("superbasins: exit statistics of a three-state basin match plain KMC") {
  // A basin {0, 1, 2} (a triangle: cycle with zero net displacement, two atoms)
  // with exits to a lifted ring 3 -> 4 -> back to 0, checked against plain KMC.
  KmcGraph g;
  g.energies = {0.0, 0.05, 0.1, 0.4, 0.3};
  g.atom_species = {0, 1};
  g.species_names = {"A", "B"};
  auto d = [](Vector3d a, Vector3d b) { return std::vector<AtomDisplacement>{{0, a}, {1, b}}; };
  g.addTransition(0, 1, 0.3, d(Vector3d(0.4, 0, 0), Vector3d(0, 0.1, 0)));
  g.addTransition(1, 2, 0.32, d(Vector3d(0, 0.4, 0), Vector3d(0, 0, 0.2)));
  g.addTransition(2, 0, 0.35, d(Vector3d(-0.4, -0.4, 0), Vector3d(0, -0.1, -0.2)));
  g.addTransition(1, 3, 1.1, d(Vector3d(0.5, 0, 0), Vector3d(0.5, 0, 0)));
  g.addTransition(3, 4, 0.9, d(Vector3d(0.5, 0.2, 0), Vector3d(0, 0.5, 0)));
  g.addTransition(4, 0, 1.0, d(Vector3d(0, 0.3, 0.4), Vector3d(0.1, 0, 0.3)));
  g.addTransition(2, 4, 1.2, d(Vector3d(0.2, 0, 0.5), Vector3d(0.3, 0.3, 0)));
  StaticGraphProvider provider(g);
  KmcOptions sb = baseOptions(0.12);
  sb.superbasin = true;
  sb.superbasin_barrier = 0.4;
  sb.trajectories = 1024;
  sb.steps = 400;
  CHECK(Simulation(provider, sb, Units::lj(), 0.12).superbasinCount() == 1);
  const auto rs = runKmc(provider, sb, Units::lj());
  KmcOptions plain = sb;
  plain.superbasin = false;
  plain.trajectories = 128;
  plain.steps = 300000;
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
  const double ratio = (static_cast<double>(rp.temperatures[0].steps) / rp.temperatures[0].simulated_time) /
                       (static_cast<double>(rs.temperatures[0].steps) / rs.temperatures[0].simulated_time);
  INFO("step ratio " << ratio);
  CHECK(ratio > 10.0);
}

TEST_CASE("Arrhenius split on exact synthetic data recovers the energies; E_D = E_rw + E_f") {
  const std::vector<double> T{0.3, 0.35, 0.4, 0.45, 0.5};
  std::vector<double> D, Drw, f, De, Re, Fe;
  for (double t : T) {
    D.push_back(2.0 * std::exp(-0.8 / t));
    Drw.push_back(5.0 * std::exp(-0.3 / t));
    f.push_back(D.back() / Drw.back());
    De.push_back(0.0), Re.push_back(0.0), Fe.push_back(0.0);
  }
  const auto s = fitArrheniusSplit(T, D, De, Drw, Re, f, Fe, 1.0);
  CHECK(s.D.valid);
  CHECK(s.D.energy == doctest::Approx(0.8).epsilon(1e-10));
  CHECK(s.D_rw.energy == doctest::Approx(0.3).epsilon(1e-10));
  CHECK(s.f.energy == doctest::Approx(0.5).epsilon(1e-10));
  CHECK(s.D.prefactor == doctest::Approx(2.0).epsilon(1e-10));
  CHECK(s.f.prefactor == doctest::Approx(0.4).epsilon(1e-10));
  // Metal units: E = -k_B d ln D / d(1/T) in eV with T in K.
  std::vector<double> Tk{300, 400, 500}, Dk;
  for (double t : Tk) Dk.push_back(1e-3 * std::exp(-0.5 / (8.617343e-5 * t)));
  const auto m = fitArrhenius(Tk, Dk, {}, {}, 8.617343e-5);
  CHECK(m.energy == doctest::Approx(0.5).epsilon(1e-10));

  // Noisy data with unequal errors: the split stays exactly additive.
  std::vector<double> Dn = D, Rn = Drw, Fn;
  const double noise[] = {1.03, 0.98, 1.01, 0.97, 1.02};
  const double noise2[] = {0.99, 1.02, 1.0, 1.01, 0.98};
  for (std::size_t i = 0; i < T.size(); ++i) {
    Dn[i] *= noise[i];
    Rn[i] *= noise2[i];
    Fn.push_back(Dn[i] / Rn[i]);
    De[i] = 0.02 * Dn[i] * (1.0 + static_cast<double>(i));
    Re[i] = 0.01 * Rn[i];
    Fe[i] = 0.02 * Fn[i];
  }
  const auto n = fitArrheniusSplit(T, Dn, De, Rn, Re, Fn, Fe, 1.0);
  CHECK(n.D.energy == doctest::Approx(n.D_rw.energy + n.f.energy).epsilon(1e-12));
  CHECK(n.D.energy_err > 0.0);
  CHECK(std::abs(n.D.energy - 0.8) < 4.0 * n.D.energy_err);
}

TEST_CASE("Arrhenius split: a temperature with no net motion is left out of all three fits") {
  const std::vector<double> T{0.3, 0.35, 0.4, 0.45};
  std::vector<double> D, Drw, f, De, Re, Fe;
  for (double t : T) {
    D.push_back(2.0 * std::exp(-0.8 / t));
    Drw.push_back(5.0 * std::exp(-0.3 / t));
    De.push_back(0.05 * D.back()), Re.push_back(0.02 * Drw.back()),
        Fe.push_back(0.05 * D.back() / Drw.back());
  }
  // T = 0.35: every trajectory came back to its start; D is a rounding residue
  // (as on the KA glass: D = 4.8e-41, D_rw = 2.5e-5, error 17 %).
  D[1] = 4.8e-41;
  De[1] = 0.17 * D[1];
  for (std::size_t i = 0; i < T.size(); ++i) {
    f.push_back(D[i] / Drw[i]);
    Fe[i] = 0.17 * f[i];
  }
  const auto s = fitArrheniusSplit(T, D, De, Drw, Re, f, Fe, 1.0);
  CHECK(s.excluded_temperatures == std::vector<double>{0.35});
  CHECK(s.D.energy == doctest::Approx(0.8).epsilon(1e-10));
  CHECK(s.D_rw.energy == doctest::Approx(0.3).epsilon(1e-10));
  CHECK(s.f.energy == doctest::Approx(0.5).epsilon(1e-10));
  CHECK(s.D.energy == doctest::Approx(s.D_rw.energy + s.f.energy).epsilon(1e-12));
  // The same as fitting the three other temperatures alone.
  const std::vector<double> T3{0.3, 0.4, 0.45};
  std::vector<double> D3{D[0], D[2], D[3]}, De3{De[0], De[2], De[3]};
  const auto alone = fitArrhenius(T3, D3, De3, {1 / 0.0025, 1 / 0.0025, 1 / 0.0025}, 1.0);
  CHECK(s.D.energy_err == doctest::Approx(alone.energy_err).epsilon(1e-10));
  CHECK(s.D.chi2_per_dof == doctest::Approx(alone.chi2_per_dof).epsilon(1e-10));
  // Without the guard the rounding residue would dominate: ln D off by ~80.
  const auto unguarded = fitArrhenius(T, D, De, {1, 1, 1, 1}, 1.0);
  CHECK(unguarded.energy > 10.0);
}

TEST_CASE("temperature sweep: E_D = E_rw + E_f, ring energies recovered") {
  const Ring ring = fiveStateRing();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.3);
  o.temperatures = {0.25, 0.3, 0.35, 0.4};
  o.trajectories = 64;
  o.steps = 5000;
  const auto r = runKmc(provider, o, Units::lj());
  REQUIRE(r.arrhenius.size() == 1);
  const auto& s = r.arrhenius[0].split;
  for (const auto& t : r.temperatures) {
    INFO("T = " << t.temperature << ": " << t.species[0].diffusive_reason);
    CHECK(t.species[0].diffusive);  // a lifted ring diffuses, 5000 steps show it
  }
  CHECK(s.not_measured.empty());
  CHECK(s.D.energy == doctest::Approx(s.D_rw.energy + s.f.energy).epsilon(1e-12));
  // Exact D over the same temperatures, fitted the same way (same weights).
  std::vector<double> T, Dx, De, Rx, Re, Fx, Fe;
  for (const auto& t : r.temperatures) {
    const Exact x = exactRing(ring, 1.0 / t.temperature, 1.0);
    T.push_back(t.temperature);
    Dx.push_back(x.D[0]), De.push_back(t.species[0].D_err);
    Rx.push_back(x.D_rw[0]), Re.push_back(t.species[0].D_rw_err);
    Fx.push_back(x.D[0] / x.D_rw[0]), Fe.push_back(t.species[0].f_err);
  }
  const auto exact = fitArrheniusSplit(T, Dx, De, Rx, Re, Fx, Fe, 1.0);
  INFO("E_D " << s.D.energy << " +- " << s.D.energy_err << " exact fit " << exact.D.energy);
  CHECK(std::abs(s.D.energy - exact.D.energy) < 4.0 * s.D.energy_err);
  CHECK(std::abs(s.D_rw.energy - exact.D_rw.energy) < 4.0 * s.D_rw.energy_err);
  CHECK(s.f.energy > 0.0);  // f falls as T falls
}

TEST_CASE("reproducible: 1 and 2 threads give identical results") {
  const Ring ring = doubleWellChain();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.2);
  o.temperatures = {0.2, 0.3};
  o.superbasin = true;
  o.superbasin_barrier = 0.5;
  o.trajectories = 9;
  o.steps = 3000;
  o.threads = 1;
  const auto one = toJson(runKmc(provider, o, Units::lj()));
  o.threads = 2;
  const auto two = toJson(runKmc(provider, o, Units::lj()));
  CHECK(one.dump() == two.dump());
  o.seed = 2;
  CHECK(toJson(runKmc(provider, o, Units::lj())).dump() != one.dump());
}

TEST_CASE("kmc results do not depend on the order of the temperature list") {
  // Issue 11, part 5: temperatures run highest first and their RNG streams are
  // keyed by that rank, so a shuffled list gives the same numbers per temperature.
  const Ring ring = doubleWellChain();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.2);
  o.trajectories = 4;
  o.steps = 500;
  o.temperatures = {0.2, 0.3, 0.25};
  const auto forward = runKmc(provider, o, Units::lj());
  o.temperatures = {0.25, 0.2, 0.3};
  const auto shuffled = runKmc(provider, o, Units::lj());
  for (std::size_t i = 0; i < 3; ++i) {
    const double t = forward.temperatures[i].temperature;
    const auto& same = t == 0.2   ? shuffled.temperatures[1]
                       : t == 0.3 ? shuffled.temperatures[2]
                                  : shuffled.temperatures[0];
    REQUIRE(same.temperature == t);
    CHECK(same.species[0].D == forward.temperatures[i].species[0].D);
    CHECK(same.species[0].D_rw == forward.temperatures[i].species[0].D_rw);
    CHECK(same.t_run == forward.temperatures[i].t_run);
    CHECK(same.steps == forward.temperatures[i].steps);
  }
  CHECK(highestFirst({0.2, 0.3, 0.25}) == std::vector<std::size_t>{1, 2, 0});
}

TEST_CASE("lateral mode: in-plane motion gives D with 4t instead of 6t") {
  const Ring ring = doubleWellChain();  // every move along x
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.3);
  o.trajectories = 4;
  o.steps = 2000;
  const auto bulk = runKmc(provider, o, Units::lj()).temperatures[0].species[0];
  o.lateral = true;
  const auto slab = runKmc(provider, o, Units::lj()).temperatures[0].species[0];
  CHECK(slab.D == doctest::Approx(1.5 * bulk.D).epsilon(1e-12));
  CHECK(slab.D_rw == doctest::Approx(1.5 * bulk.D_rw).epsilon(1e-12));
  CHECK(slab.f == doctest::Approx(bulk.f).epsilon(1e-12));
}

TEST_CASE("a state without escape ends the trajectory with a reason") {
  KmcGraph g;
  g.atom_species = {0};
  g.species_names = {"A"};
  g.addEvent(0, 1, 0.1, 1.0, {{0, Vector3d(1, 0, 0)}});
  g.addEvent(1, 2, 0.1, 1.0, {{0, Vector3d(1, 0, 0)}});  // state 2 has no events
  StaticGraphProvider provider(g);
  KmcOptions o = baseOptions(0.3);
  o.trajectories = 3;
  o.steps = 1000;
  // The pilot stops in state 2 too; t_run is its time, so the trajectories end
  // either in state 2 before t_run (left out, with the reason) or at t_run.
  const auto r0 = runKmc(provider, o, Units::lj());
  CHECK(r0.temperatures[0].t_run_source.find("no known escape") != std::string::npos);
  o.duration = {1000.0};  // far beyond the two hops (rates ~0.7)
  const auto r = runKmc(provider, o, Units::lj());
  CHECK(r.temperatures[0].ended_early == 3);
  CHECK(r.temperatures[0].used == 0);
  CHECK(r.temperatures[0].steps == 6);
  CHECK(r.temperatures[0].end_message.find("no-escape") != std::string::npos);
  CHECK(r.temperatures[0].end_message.find("state 2") != std::string::npos);
  CHECK_FALSE(r.temperatures[0].species[0].diffusive);
  CHECK(std::isnan(r.temperatures[0].species[0].D));

  // Rates that underflow at this temperature.
  KmcGraph h = g;
  h.out[2].push_back(KmcEvent{0, 1e6, 1.0, -1.0, {}});
  StaticGraphProvider provider2(h);
  const auto r2 = runKmc(provider2, o, Units::lj());
  CHECK(r2.temperatures[0].end_message.find("zero-rate") != std::string::npos);
}

TEST_CASE("event selection: cumulative scan and alias table draw in proportion to the rates") {
  std::vector<double> w;
  for (int i = 0; i < 40; ++i) w.push_back(1.0 + (i % 7) * 0.5 + (i == 3 ? 10.0 : 0.0));
  double sum = 0.0;
  for (double v : w) sum += v;
  const AliasTable alias(w);
  std::vector<double> cumulative;
  double c = 0.0;
  for (double v : w) cumulative.push_back(c += v);
  const int M = 400000;
  std::vector<double> hits_alias(w.size(), 0.0), hits_scan(w.size(), 0.0);
  for (int m = 0; m < M; ++m) {
    const double u = (m + 0.5) / M;  // a uniform grid: frequencies exact up to 1/M per column
    hits_alias[alias.sample(u)] += 1.0;
    hits_scan[selectCumulative(cumulative, u * sum)] += 1.0;
  }
  for (std::size_t i = 0; i < w.size(); ++i) {
    CHECK(hits_alias[i] / M == doctest::Approx(w[i] / sum).epsilon(1e-3));
    CHECK(hits_scan[i] / M == doctest::Approx(w[i] / sum).epsilon(1e-3));
  }
}

TEST_CASE("options: the kmc section of the config contract") {
  const YAML::Node node = YAML::Load(R"(
kmc:
  temperatures: [0.30, 0.35, 0.40, 0.45]
  prefactor: 1.0
  trajectories: 64
  steps: 100000
  seed: 1
  provider: {type: lattice-vacancy, lattice: bcc, cells: 6}
  superbasin: false
  threads: 2
)");
  OptionsReader reader(node["kmc"], "kmc", "config.yaml");
  const auto o = KmcOptions::fromYaml(reader);
  CHECK(o.temperatures.size() == 4);
  CHECK(o.provider == "lattice-vacancy");
  CHECK(o.lattice.lattice == "bcc");
  CHECK(o.lattice.cells == 6);
  CHECK_FALSE(o.superbasin);

  OptionsReader graph(YAML::Load("{provider: graph}"), "kmc", "c.yaml");
  CHECK(KmcOptions::fromYaml(graph).provider == "graph");
  CHECK(KmcOptions::fromYaml(graph).prefactor == 0.0);  // the units' default
  CHECK_FALSE(KmcOptions::fromYaml(graph).vineyard);
  OptionsReader vineyard(YAML::Load("{prefactor: vineyard}"), "kmc", "c.yaml");
  const KmcOptions v = KmcOptions::fromYaml(vineyard);
  CHECK(v.vineyard);
  CHECK(v.prefactor == 0.0);
  OptionsReader fixed(YAML::Load("{prefactor: 2.5}"), "kmc", "c.yaml");
  CHECK(KmcOptions::fromYaml(fixed).prefactor == 2.5);
  CHECK_FALSE(KmcOptions::fromYaml(fixed).vineyard);
  OptionsReader word(YAML::Load("{prefactor: harmonic}"), "kmc", "c.yaml");
  CHECK_THROWS_WITH_AS(KmcOptions::fromYaml(word),
                       doctest::Contains("expected a number (1/time) or vineyard"), InputError);
  OptionsReader lattice(YAML::Load("{prefactor: vineyard, provider: lattice-vacancy}"), "kmc", "c.yaml");
  CHECK_THROWS_WITH_AS(KmcOptions::fromYaml(lattice), doctest::Contains("lattice-vacancy provider"),
                       InputError);
  OptionsReader negative(YAML::Load("{prefactor: -1}"), "kmc", "c.yaml");
  CHECK_THROWS_AS(KmcOptions::fromYaml(negative), InputError);

  OptionsReader bad(YAML::Load("{provider: graph, temprature: 3}"), "kmc", "c.yaml");
  CHECK_THROWS_AS(KmcOptions::fromYaml(bad), InputError);
  OptionsReader badp(YAML::Load("{provider: magic}"), "kmc", "c.yaml");
  CHECK_THROWS_AS(KmcOptions::fromYaml(badp), InputError);
  OptionsReader badl(YAML::Load("{provider: {type: lattice-vacancy, lattice: hcp}}"), "kmc", "c.yaml");
  CHECK_THROWS_AS(KmcOptions::fromYaml(badl), InputError);
  OptionsReader badt(YAML::Load("{temperatures: [0.3, -1]}"), "kmc", "c.yaml");
  CHECK_THROWS_AS(KmcOptions::fromYaml(badt), InputError);

  // Trajectory length: duration (one, or one per temperature) or target_msd; steps, max_steps.
  OptionsReader d1(YAML::Load("{temperatures: [0.3, 0.4], duration: 50.0, max_steps: 7}"), "kmc", "c.yaml");
  const auto o1 = KmcOptions::fromYaml(d1);
  CHECK(o1.duration == std::vector<double>{50.0});
  CHECK(o1.max_steps == 7);
  CHECK(trajectoriesPerTemperature(o1) == o1.trajectories);  // no pilot
  OptionsReader d2(YAML::Load("{temperatures: [0.3, 0.4], duration: [50, 20]}"), "kmc", "c.yaml");
  CHECK(KmcOptions::fromYaml(d2).duration == std::vector<double>{50.0, 20.0});
  OptionsReader t1(YAML::Load("{target_msd: 4.0, steps: 10}"), "kmc", "c.yaml");
  const auto o2 = KmcOptions::fromYaml(t1);
  CHECK(o2.target_msd == 4.0);
  CHECK(o2.duration.empty());
  CHECK(trajectoriesPerTemperature(o2) == o2.trajectories + 1);  // the pilot
  for (const char* bad_length :
       {"{temperatures: [0.3, 0.4], duration: [1, 2, 3]}", "{duration: -1}", "{duration: 5, target_msd: 2}",
        "{target_msd: -1}", "{max_steps: -3}", "{slope_start: 0.25}"}) {
    INFO(bad_length);
    OptionsReader b(YAML::Load(bad_length), "kmc", "c.yaml");
    CHECK_THROWS_AS(KmcOptions::fromYaml(b), InputError);
  }
}

TEST_CASE("kmc.json layout") {
  const Ring ring = twoStateRing();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.5);
  o.temperatures = {0.4, 0.5};
  o.trajectories = 4;
  o.steps = 200;
  const auto j = toJson(runKmc(provider, o, Units::lj()));
  CHECK(j["temperatures"].size() == 2);
  for (const char* sp : {"A", "B"}) {
    for (const char* key :
         {"D", "D_err", "D_rw", "D_rw_err", "f", "f_err", "hops", "simulated_time", "steps", "diffusive",
          "diffusive_reason", "msd", "msd_err", "mobile_msd", "linearity_sigma"}) {
      INFO(sp << " " << key);
      REQUIRE(j["species"][sp].contains(key));
      CHECK(j["species"][sp][key].size() == 2);
    }
    for (const char* key : {"E_D", "E_D_err", "E_rw", "E_rw_err", "E_f", "E_f_err", "chi2_per_dof_f",
                            "measured", "reason", "excluded_temperatures", "excluded_reasons"}) {
      INFO(sp << " " << key);
      CHECK(j["arrhenius"][sp].contains(key));
    }
    CHECK(j["species"][sp]["diffusive"][0].is_boolean());
    CHECK(j["species"][sp]["msd"][0].size() == j["msd_lag"][0].size());
  }
  for (const char* key : {"t_run", "t_run_source", "pilot_steps", "trajectories_used", "capped", "msd_lag"}) {
    INFO(key);
    CHECK(j[key].size() == 2);
  }
}

TEST_CASE("MSD recorder: positions on the time grid, MSD over every origin") {
  // One atom moving +1 along x just before each integer time, one moving once
  // along z, one never: on the grid t_k = k (S = 10 over t = 10) the first is
  // at x = k, so MSD(lag m) = m^2 exactly from every origin.
  MsdRecorder recorder(10.0, 10, 3);
  std::vector<Vector3d> R(3, Vector3d::Zero());
  for (int n = 1; n <= 10; ++n) {
    recorder.advanceTo(n - 0.5, R);  // R held until the hop at n - 0.5
    R[0].x() += 1.0;
    if (n == 3) R[1].z() += 2.0;
  }
  recorder.finish(R);
  CHECK(recorder.recorded() == 11);
  const std::vector<int> lags{1, 2, 5, 10};
  const auto msd = recorder.speciesMsd(lags, {0, 1, 0}, 2, false);
  for (std::size_t l = 0; l < lags.size(); ++l) {
    CHECK(msd[l] ==
          doctest::Approx(lags[l] * lags[l]).epsilon(1e-14));  // species 0: atom 0 (+ atom 2, still)
  }
  // Atom 1 jumps by 2 between t = 2 and t = 3: origin k (of 11 - m) sees it
  // when k <= 2 < k + m: counts 1, 2, 3, 1 for m = 1, 2, 5, 10.
  const double straddling[] = {1, 2, 3, 1};
  for (std::size_t l = 0; l < lags.size(); ++l) {
    CHECK(msd[4 + l] == doctest::Approx(4.0 * straddling[l] / (11 - lags[l])).epsilon(1e-14));
  }
  CHECK(recorder.speciesMsd(lags, {0, 1, 0}, 2, true)[4] == 0.0);  // lateral: z does not count
  const auto mobile = recorder.mobile(2, 0.25, {0, 1, 0}, 2, false);
  CHECK(mobile.atoms == std::vector<double>{1.0, 1.0});
  CHECK(mobile.msd[0] == doctest::Approx(4.0).epsilon(1e-14));
  // The lag grid: ten per decade, the window's ends and middle on it.
  CHECK(msdLagSteps(100) == std::vector<int>{1, 2, 3, 4, 5, 6, 8, 10, 13, 16, 20, 25, 32, 40, 50});
  // A recorder without a finite duration records nothing (the pilot).
  MsdRecorder off(std::numeric_limits<double>::infinity(), 100, 3);
  CHECK_FALSE(off.enabled());
}

TEST_CASE("two-state flicker: bounded motion is never diffusive, whatever the run length") {
  // Hop rates at T = 0.25: 0 -> 1 exp(-2) = 0.135, 1 -> 0 exp(-1.6) = 0.20. The
  // MSD levels off at 2 p0 p1 |l|^2 after ~1/(k01 + k10) = 3 time units. Runs
  // from 1/20 of that (few hops: a linear-looking MSD) to 3000 times it
  // (levelled off over the whole window) must all say diffusive = false; the
  // single-origin MSD(t) / 6t would give a D falling as 1/t instead.
  StaticGraphProvider provider(twoStateFlicker());
  KmcOptions o = baseOptions(0.25);
  o.trajectories = 64;
  o.max_steps = 10000000;
  for (double duration : {0.15, 1.5, 15.0, 150.0, 1500.0, 10000.0}) {
    o.duration = {duration};
    const auto r = runKmc(provider, o, Units::lj());
    const auto& t = r.temperatures[0];
    const auto& e = t.species[0];
    INFO("t_run " << duration << ": D " << e.D << " +- " << e.D_err << ", early " << e.D_early << " late "
                  << e.D_late << " (" << e.linearity_sigma << " sigma), mobile MSD " << e.mobile_msd
                  << " vs hop^2 " << e.mean_sq_hop_length << ": " << e.diffusive_reason);
    MESSAGE("flicker, t_run " << duration << ": D " << e.D << " +- " << e.D_err << ", linearity "
                              << e.linearity_sigma << " sigma, mobile MSD(t_run/20) " << e.mobile_msd
                              << " vs hop^2 " << e.mean_sq_hop_length
                              << ", old single-origin estimate MSD(t)/6t "
                              << t.species[0].msd.back() / (3.0 * duration));
    CHECK(t.used == 64);
    CHECK_FALSE(e.diffusive);
    CHECK_FALSE(e.diffusive_reason.empty());
    // Per moving atom the flicker's MSD never exceeds lambda^2 / 2.
    CHECK(!(e.mobile_msd > 0.5 * e.mean_sq_hop_length * (1.0 + 1e-12)));
  }
  // The pilot mode too: a target the flicker never reaches, so the step budget sets t_run.
  o.duration.clear();
  o.target_msd = 0.0;  // default: 100 hop_threshold^2 = 9 (a flicker of 0.5 never gets there)
  o.steps = 20000;
  const auto r = runKmc(provider, o, Units::lj());
  CHECK(r.temperatures[0].t_run_source.find("kmc.steps") != std::string::npos);
  CHECK_FALSE(r.temperatures[0].species[0].diffusive);
}

TEST_CASE("Arrhenius fits: chi2/dof reported, errors widened by sqrt(chi2/dof) above 1") {
  // Three equally spaced 1/T points, ln D = ln 2 - 0.8 / T + delta with
  // delta = d (1, -2, 1): orthogonal to the line, so the fit is exact and the
  // residuals are delta: chi2 = 6 d^2 / s^2 with s = sigma(ln D), one dof.
  const std::vector<double> x{2.0, 2.5, 3.0};  // 1/T
  const double s = 0.01, d = 0.05;
  std::vector<double> T, D, De;
  const double delta[] = {d, -2 * d, d};
  for (std::size_t i = 0; i < 3; ++i) {
    T.push_back(1.0 / x[i]);
    D.push_back(2.0 * std::exp(-0.8 * x[i] + delta[i]));
    De.push_back(s * D.back());
  }
  const auto fit = fitArrhenius(T, D, De, {}, 1.0);
  CHECK(fit.energy == doctest::Approx(0.8).epsilon(1e-10));
  CHECK(fit.chi2_per_dof == doctest::Approx(6.0 * d * d / (s * s)).epsilon(1e-9));
  // Unweighted line: var(slope) = s^2 / sum (x - mean)^2 = s^2 / 0.5.
  const double plain = s / std::sqrt(0.5);
  CHECK(fit.error_scale == doctest::Approx(std::sqrt(6.0) * d / s).epsilon(1e-9));
  CHECK(fit.energy_err == doctest::Approx(plain * std::sqrt(6.0) * d / s).epsilon(1e-9));
  // Scatter within the errors: chi2/dof < 1, errors untouched.
  const auto quiet = fitArrhenius(T, D, {100 * De[0], 100 * De[1], 100 * De[2]}, {}, 1.0);
  CHECK(quiet.chi2_per_dof < 1.0);
  CHECK(quiet.error_scale == 1.0);
  CHECK(quiet.energy_err == doctest::Approx(100 * plain).epsilon(1e-9));
}

TEST_CASE("Arrhenius split: only diffusive temperatures; fewer than two -> not measured, said plainly") {
  const std::vector<double> T{0.3, 0.35, 0.4, 0.45};
  std::vector<double> D, Drw, f, De, Re, Fe;
  for (double t : T) {
    D.push_back(2.0 * std::exp(-0.8 / t));
    Drw.push_back(5.0 * std::exp(-0.3 / t));
    f.push_back(D.back() / Drw.back());
    De.push_back(0.05 * D.back()), Re.push_back(0.02 * Drw.back()), Fe.push_back(0.05 * f.back());
  }
  D[0] *= 3.0;  // a finite-time value far off the line at the non-diffusive temperature
  f[0] *= 3.0;
  const auto s = fitArrheniusSplit(T, D, De, Drw, Re, f, Fe, 1.0, {"MSD not linear", "", "", ""});
  CHECK(s.excluded_temperatures == std::vector<double>{0.3});
  CHECK(s.excluded_reasons.at(0).find("MSD not linear") != std::string::npos);
  CHECK(s.fitted_temperatures == std::vector<double>{0.35, 0.4, 0.45});
  CHECK(s.not_measured.empty());
  CHECK(s.f.energy == doctest::Approx(0.5).epsilon(1e-10));
  CHECK(s.D.energy == doctest::Approx(s.D_rw.energy + s.f.energy).epsilon(1e-12));

  const auto none = fitArrheniusSplit(T, D, De, Drw, Re, f, Fe, 1.0, {"a", "b", "", "c"});
  CHECK_FALSE(none.not_measured.empty());
  CHECK(none.not_measured.find("only 1 of 4") != std::string::npos);
  CHECK(std::isnan(none.f.energy));
  CHECK(std::isnan(none.f.energy_err));
  CHECK(std::isnan(none.D.energy));
}

TEST_CASE("a sweep over a bounded flicker: kmc.json says E_f was not measured, with null and a reason") {
  StaticGraphProvider provider(twoStateFlicker());
  KmcOptions o = baseOptions(0.25);
  o.temperatures = {0.25, 0.3, 0.35};
  o.trajectories = 16;
  o.duration = {500.0};
  const auto j = toJson(runKmc(provider, o, Units::lj()));
  for (int t = 0; t < 3; ++t) CHECK(j["species"]["A"]["diffusive"][t] == false);
  const auto& fit = j["arrhenius"]["A"];
  CHECK(fit["measured"] == false);
  CHECK(fit["E_f"].is_null());
  CHECK(fit["E_f_err"].is_null());
  CHECK(fit["E_D"].is_null());
  CHECK(fit["reason"].get<std::string>().find("only 0 of 3") != std::string::npos);
  CHECK(fit["excluded_reasons"].size() == 3);
}

TEST_CASE("fixed simulated time: every trajectory runs to t_run; capped ones are counted and left out") {
  const Ring ring = fiveStateRing();
  StaticGraphProvider provider(makeGraph(ring));
  KmcOptions o = baseOptions(0.25);
  o.trajectories = 16;
  o.steps = 2000;
  const auto r = runKmc(provider, o, Units::lj());
  const auto& t = r.temperatures[0];
  CHECK(t.pilot_steps == 2000);
  CHECK(t.t_run > 0.0);
  CHECK(t.used == 16);
  CHECK(t.simulated_time == doctest::Approx(16 * t.t_run).epsilon(1e-12));
  CHECK(t.msd_lag.back() == doctest::Approx(t.t_run / 2).epsilon(1e-12));
  // A cap far below the steps t_run needs: every trajectory is capped, none used.
  o.max_steps = 100;
  const auto c = runKmc(provider, o, Units::lj()).temperatures[0];
  CHECK(c.capped == 16);
  CHECK(c.used == 0);
  CHECK(c.end_message.find("step-cap") != std::string::npos);
  CHECK_FALSE(c.species[0].diffusive);
  // target_msd: the pilot stops once the MSD reaches it (checked every 16 steps here).
  o.max_steps = 0;
  o.target_msd = 4.0;
  const auto g = runKmc(provider, o, Units::lj()).temperatures[0];
  CHECK(g.t_run_source.find("target_msd") != std::string::npos);
  CHECK(g.pilot_steps < 2000);
}
