#include <doctest/doctest.h>

#include <Eigen/Eigenvalues>
#include <cmath>
#include <map>
#include <numbers>

#include "glassland/explore/explorer.hpp"
#include "glassland/io/io.hpp"
#include "glassland/neighbor/neighbor_list.hpp"
#include "glassland/optimize/energy_objective.hpp"
#include "glassland/potential/muller_brown.hpp"
#include "glassland/potential/registry.hpp"
#include "glassland/saddle/vineyard.hpp"
#include "lj_systems.hpp"
#include "surfaces.hpp"

using namespace glassland;

namespace {

constexpr double kTwoPi = 2.0 * std::numbers::pi;

// ---- Mueller-Brown: value, gradient and Hessian in closed form, written here
// independently of the library (V = sum_k A_k exp(q_k), q_k quadratic).
struct MbTerm {
  double A, a, b, c, x0, y0;
};
constexpr MbTerm kMb[4] = {{-200, -1, 0, -10, 1, 0},
                           {-100, -1, 0, -10, 0, 0.5},
                           {-170, -6.5, 11, -6.5, -0.5, 1.5},
                           {15, 0.7, 0.6, 0.7, -1, 1}};

Eigen::Vector2d mbGradient(const Eigen::Vector2d& p) {
  Eigen::Vector2d g = Eigen::Vector2d::Zero();
  for (const auto& t : kMb) {
    const double dx = p(0) - t.x0, dy = p(1) - t.y0;
    const double e = t.A * std::exp(t.a * dx * dx + t.b * dx * dy + t.c * dy * dy);
    g(0) += e * (2 * t.a * dx + t.b * dy);
    g(1) += e * (t.b * dx + 2 * t.c * dy);
  }
  return g;
}

// d2/dx2 [A e^q] = A e^q (q_x^2 + q_xx) etc., with q_x = 2a dx + b dy,
// q_y = b dx + 2c dy, q_xx = 2a, q_xy = b, q_yy = 2c.
Eigen::Matrix2d mbHessian(const Eigen::Vector2d& p) {
  Eigen::Matrix2d h = Eigen::Matrix2d::Zero();
  for (const auto& t : kMb) {
    const double dx = p(0) - t.x0, dy = p(1) - t.y0;
    const double e = t.A * std::exp(t.a * dx * dx + t.b * dx * dy + t.c * dy * dy);
    const double qx = 2 * t.a * dx + t.b * dy, qy = t.b * dx + 2 * t.c * dy;
    h(0, 0) += e * (qx * qx + 2 * t.a);
    h(0, 1) += e * (qx * qy + t.b);
    h(1, 1) += e * (qy * qy + 2 * t.c);
  }
  h(1, 0) = h(0, 1);
  return h;
}

/// Newton's method on the gradient: the stationary point near `p`.
Eigen::Vector2d mbStationary(Eigen::Vector2d p) {
  for (int i = 0; i < 50; ++i) p -= mbHessian(p).inverse() * mbGradient(p);
  REQUIRE(mbGradient(p).norm() < 1e-10);
  return p;
}

/// Eigenvalues of a symmetric 2 x 2 matrix in closed form, ascending.
Eigen::Vector2d eigenvalues2(const Eigen::Matrix2d& h) {
  const double tr = h.trace(), det = h.determinant();
  const double root = std::sqrt(tr * tr / 4 - det);
  return {tr / 2 - root, tr / 2 + root};
}

Eigen::VectorXd spectrum(const Eigen::MatrixXd& h) {
  return Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd>(h, Eigen::EigenvaluesOnly).eigenvalues();
}

// ---- A separable one-atom surface: a double well along x, harmonic in y, z:
// V = a (x^2 - 1)^2 + ky y^2 / 2 + kz z^2 / 2. Minima at x = +-1 with curvature
// 8a, saddle at x = 0 with curvature -4a; y and z are the same everywhere, so
// the Vineyard prefactor is the attempt frequency sqrt(8a / m) / (2 pi).
class DoubleWell final : public Potential {
 public:
  DoubleWell(double a, double ky, double kz) : a_(a), ky_(ky), kz_(kz) {}
  std::string name() const override { return "double-well"; }
  double cutoff() const override { return 0.0; }
  double compute(const Structure& s, Positions* forces, Workspace&, AtomSubset) const override {
    const Eigen::Vector3d r = s.positions.col(0);
    if (forces) {
      forces->setZero(3, s.size());
      (*forces)(0, 0) = -4 * a_ * r(0) * (r(0) * r(0) - 1);
      (*forces)(1, 0) = -ky_ * r(1);
      (*forces)(2, 0) = -kz_ * r(2);
    }
    return a_ * std::pow(r(0) * r(0) - 1, 2) + 0.5 * ky_ * r(1) * r(1) + 0.5 * kz_ * r(2) * r(2);
  }

 private:
  double a_, ky_, kz_;
};

Structure oneAtom(double mass, const Eigen::Vector3d& at) {
  Structure s;
  s.cell = Cell::orthorhombic(Eigen::Vector3d::Constant(-10), Eigen::Vector3d::Constant(10),
                              {false, false, false});
  s.positions = at;
  s.types = {0};
  s.ids = {1};
  s.species = {"X"};
  s.masses = {mass};
  return s;
}

Positions point(double x, double y, double z) { return Eigen::Vector3d(x, y, z); }

}  // namespace

TEST_CASE("vineyard: Mueller-Brown, finite-difference Hessians match the closed form to 1e-6") {
  // The published stationary points (minimum A, saddle 0 between A and C,
  // minimum C), refined by Newton's method on the closed-form gradient.
  const Eigen::Vector2d min_a = mbStationary({-0.558224, 1.441726});
  const Eigen::Vector2d saddle = mbStationary({-0.822002, 0.624313});
  const Eigen::Vector2d min_c = mbStationary({-0.050011, 0.466694});
  const Eigen::Vector2d lam_a = eigenvalues2(mbHessian(min_a)), lam_s = eigenvalues2(mbHessian(saddle)),
                        lam_c = eigenvalues2(mbHessian(min_c));
  REQUIRE(lam_a(0) > 0);
  REQUIRE(lam_s(0) < 0);
  REQUIRE(lam_s(1) > 0);
  // Unit masses, unit frequency: nu = (1 / 2 pi) sqrt(l1 l2 (min) / l2 (saddle)).
  const double nu_ac = std::sqrt(lam_a(0) * lam_a(1) / lam_s(1)) / kTwoPi;
  const double nu_ca = std::sqrt(lam_c(0) * lam_c(1) / lam_s(1)) / kTwoPi;

  test::MullerBrown2D surface;
  auto fd = [&](const Eigen::Vector2d& p) {
    return spectrum(finiteDifferenceHessian(surface, Eigen::VectorXd(p), VineyardOptions{}.step));
  };
  const Eigen::VectorXd fd_a = fd(min_a), fd_s = fd(saddle), fd_c = fd(min_c);
  CHECK(fd_a(0) == doctest::Approx(lam_a(0)).epsilon(1e-7));
  CHECK(fd_s(0) == doctest::Approx(lam_s(0)).epsilon(1e-7));
  const Prefactor ac = vineyardFromEigenvalues(fd_a, fd_s, 1.0, 1e-6);
  const Prefactor ca = vineyardFromEigenvalues(fd_c, fd_s, 1.0, 1e-6);
  REQUIRE(ac.valid());
  REQUIRE(ca.valid());
  MESSAGE("Mueller-Brown A -> C: nu = " << ac.value << " (closed form " << nu_ac << "), C -> A: " << ca.value
                                        << " (" << nu_ca << ")");
  CHECK(std::abs(ac.value / nu_ac - 1) < 1e-6);
  CHECK(std::abs(ca.value / nu_ca - 1) < 1e-6);
  MESSAGE("relative errors " << ac.value / nu_ac - 1 << ", " << ca.value / nu_ca - 1);
  CHECK(std::abs(ac.log_value - std::log(nu_ac)) < 1e-6);  // ln nu is what is summed
  // A frequency unit multiplies the prefactor.
  CHECK(vineyardFromEigenvalues(fd_a, fd_s, 3.5, 1e-6).value ==
        doctest::Approx(3.5 * ac.value).epsilon(1e-12));

  // Wrong signatures give no number and say why.
  const Prefactor swapped = vineyardFromEigenvalues(fd_s, fd_a, 1.0, 1e-6);
  CHECK_FALSE(swapped.valid());
  CHECK(std::isnan(swapped.value));
  CHECK(swapped.reason.find("minimum has a zero or negative mode") != std::string::npos);
  const Prefactor two_minima = vineyardFromEigenvalues(fd_a, fd_c, 1.0, 1e-6);
  CHECK_FALSE(two_minima.valid());
  CHECK(two_minima.reason.find("0 negative") != std::string::npos);
  CHECK_FALSE(
      vineyardFromEigenvalues(fd_a, Eigen::Vector3d(-1, 1, 1), 1.0, 1e-6).valid());  // dimensions differ

  // As a Potential (atom 0's x, y) the surface has no curvature along z: a zero
  // mode at the minimum, so no prefactor rather than a wrong one.
  const MullerBrownPotential mb;
  Structure s = oneAtom(1.0, Eigen::Vector3d(min_a(0), min_a(1), 0));
  const VineyardPrefactors flat = vineyardPrefactors(mb, s, point(saddle(0), saddle(1), 0),
                                                     point(min_c(0), min_c(1), 0), {}, VineyardOptions{});
  CHECK_FALSE(flat.forward.valid());
  CHECK_FALSE(flat.reverse.valid());
  CHECK(flat.forward.reason.find("zero or negative mode") != std::string::npos);
  CHECK(flat.force_calls == 3 * 2 * 3);
}

TEST_CASE("vineyard: a separable double well gives the attempt frequency omega_min / 2 pi, masses included") {
  const double a = 2.0, ky = 7.0, kz = 30.0, m = 2.5;
  const DoubleWell well(a, ky, kz);
  const Structure min_a = oneAtom(m, Eigen::Vector3d(-1, 0, 0));
  const double nu = std::sqrt(8 * a / m) / kTwoPi;
  const VineyardPrefactors v = vineyardPrefactors(well, min_a, point(0, 0, 0), point(1, 0, 0), {}, {});
  REQUIRE(v.forward.valid());
  REQUIRE(v.reverse.valid());
  CHECK(v.forward.value == doctest::Approx(nu).epsilon(1e-8));
  CHECK(v.reverse.value == doctest::Approx(nu).epsilon(1e-8));
  CHECK(v.force_calls == 3 * 2 * 3);

  // The "saddle" of a well in two directions (x and y both double wells would
  // be second order): here a minimum as the saddle has no unstable mode.
  const VineyardPrefactors no_saddle =
      vineyardPrefactors(well, min_a, point(1, 0, 0), point(1, 0, 0), {}, {});
  CHECK_FALSE(no_saddle.forward.valid());
  CHECK(no_saddle.forward.reason.find("0 negative") != std::string::npos);
  // A missing mass is an error, not a default.
  Structure massless = min_a;
  massless.masses = {0.0};
  const VineyardPrefactors no_mass =
      vineyardPrefactors(well, massless, point(0, 0, 0), point(1, 0, 0), {}, {});
  CHECK_FALSE(no_mass.forward.valid());
  CHECK(no_mass.forward.reason.find("mass") != std::string::npos);
}

TEST_CASE("vineyard: metal units, 1/ps from eV, Angstrom and g/mol") {
  // LAMMPS units metal: force->ftm2v = 1 / 1.0364269e-4 converts eV / (Angstrom g/mol)
  // into (Angstrom/ps)^2 / Angstrom, so sqrt(ftm2v) is the frequency unit in 1/ps.
  const double unit = vibrationFrequencyUnit(Units::metal());
  CHECK(unit == doctest::Approx(std::sqrt(1.0 / 1.0364269e-4)).epsilon(1e-6));
  CHECK(unit == doctest::Approx(98.2269).epsilon(1e-6));
  CHECK(vibrationFrequencyUnit(Units::lj()) == 1.0);

  // A Cu atom (63.546 g/mol) in a double well of curvature 8a = 2.4 eV/Angstrom^2:
  // nu = sqrt(k / m) / (2 pi) in SI, 3.04 THz (a typical phonon frequency).
  const double a = 0.3, m = 63.546;
  const double k_si = 8 * a * 1.602176634e-19 / 1e-20;  // J / m^2
  const double m_si = m * 1e-3 / 6.02214076e23;         // kg
  const double nu_per_ps = std::sqrt(k_si / m_si) / kTwoPi * 1e-12;
  VineyardOptions o;
  o.frequency_unit = unit;
  const VineyardPrefactors v = vineyardPrefactors(
      DoubleWell(a, 1.0, 2.0), oneAtom(m, Eigen::Vector3d(-1, 0, 0)), point(0, 0, 0), point(1, 0, 0), {}, o);
  REQUIRE(v.forward.valid());
  MESSAGE("Cu in a 2.4 eV/A^2 well: nu = " << v.forward.value << " /ps");
  CHECK(v.forward.value == doctest::Approx(nu_per_ps).epsilon(1e-7));
  CHECK(v.forward.value == doctest::Approx(3.0382).epsilon(1e-4));
}

namespace {

/// The shifted-force LJ fcc vacancy of the saddle tests (255 atoms, unit masses).
struct VacancyHop {
  std::unique_ptr<Potential> potential = test::singleLj(LjShift::Force);
  Structure start;
  double energy = 0;
  std::vector<int> neighbours;  // the 12 atoms next to the vacancy at the origin

  VacancyHop() {
    start = io::readStructure(std::string(GLASSLAND_TEST_DATA) + "/ljvac_sf_initial.data");
    energy = test::relaxTight(*potential, start);
    for (int i = 0; i < start.size(); ++i)
      if (start.cell.minimumImage(start.positions.col(i)).norm() < 1.3) neighbours.push_back(i);
  }

  SearchOptions options(double active_radius) const {
    SearchOptions o;
    o.saddle.fmax = 1e-5;
    o.refine.relax.fmax = 1e-7;
    o.push_radius = 0.5;  // the centre alone: its hop into the vacancy
    o.active_radius = active_radius;
    if (active_radius > 5) o.saddle.artn.soften_push = 0;  // as in test_vacancy.cpp, every atom free
    o.vineyard.enabled = true;
    return o;
  }

  /// The first search (seed 7, k = 0, 1, ...) around `centre` in which it hops into the vacancy.
  SearchResult hop(int centre, const SearchOptions& o) const {
    for (long k = 0; k < 12; ++k) {
      SearchResult r = runSearch(start, energy, *potential, centre, 7, k, o);
      if (r.outcome == SearchOutcome::Converged &&
          start.cell.minimumImage(r.positions_b.col(centre)).norm() < 0.2)
        return r;
    }
    FAIL("no hop of atom " << centre << " in 12 searches");
    return {};
  }
};

/// ln of the Vineyard prefactor from the full 3N x 3N Hessians of the test's own
/// finite differences (unit masses), dropping the three translations (the three
/// eigenvalues of smallest magnitude) by hand.
double logVineyardDense(const Potential& p, const Structure& minimum, const Structure& saddle) {
  auto vibrations = [&](const Structure& s) {
    Eigen::VectorXd lambda = spectrum(test::denseHessian(p, s));
    std::vector<double> v(lambda.data(), lambda.data() + lambda.size());
    std::sort(v.begin(), v.end(), [](double x, double y) { return std::abs(x) < std::abs(y); });
    for (int i = 0; i < 3; ++i) CHECK(std::abs(v[i]) < 1e-4);
    return std::vector<double>(v.begin() + 3, v.end());
  };
  double sum = 0;
  int negative = 0;
  for (double l : vibrations(minimum)) sum += std::log(l);
  for (double l : vibrations(saddle)) {
    if (l < 0)
      ++negative;
    else
      sum -= std::log(l);
  }
  CHECK(negative == 1);
  return 0.5 * sum - std::log(kTwoPi);
}

}  // namespace

TEST_CASE("vineyard: fcc LJ vacancy hop, every atom free: forward = reverse, equal to the dense 3N Hessian") {
  const VacancyHop v;
  REQUIRE(v.neighbours.size() == 12);
  const SearchResult r = v.hop(v.neighbours[0], v.options(10.0));  // all 255 atoms active
  REQUIRE(r.active_atoms == v.start.size());
  CAPTURE(r.prefactor_message);
  REQUIRE(std::isfinite(r.prefactor_forward));
  REQUIRE(std::isfinite(r.prefactor_reverse));
  MESSAGE("vacancy hop, all atoms free: nu_fwd = "
          << r.prefactor_forward << ", nu_rev = " << r.prefactor_reverse << " /tau, barrier "
          << r.barrier_forward << ", " << r.prefactor_force_calls << " force calls for them");
  CHECK(r.prefactor_force_calls == 3 * 2 * 3 * v.start.size());
  // The two minima are images of each other under the fcc symmetry that swaps
  // the atom and the vacancy: the same spectrum, up to finite-difference error.
  CHECK(std::abs(r.prefactor_forward / r.prefactor_reverse - 1) < 1e-5);
  // Of the order of the Einstein frequency sqrt(k / m) / (2 pi) ~ 1 / tau of the LJ crystal.
  CHECK(r.prefactor_forward > 0.3);
  CHECK(r.prefactor_forward < 3.0);
  // The same formula from the test's own full Hessians (translations dropped by magnitude).
  Structure a = v.start, s = v.start;
  a.positions = r.positions_a;
  s.positions = r.saddle_positions;
  const double dense = logVineyardDense(*v.potential, a, s);
  CHECK(std::abs(std::log(r.prefactor_forward) - dense) < 1e-4);

  // Freezing one atom j of a periodic crystal instead of projecting out the
  // translations divides every determinant by the same (m_j / M)^3 (the weight of
  // the orthonormal null vectors on atom j): ln det H(min) - ln |det H(saddle)|
  // is the same either way, exactly (the prefactor is not: the unstable mode
  // itself changes a little when an atom is held).
  int far = 0;
  for (int i = 0; i < v.start.size(); ++i)
    if (v.start.cell.minimumImage(v.start.positions.col(i)).norm() >
        v.start.cell.minimumImage(v.start.positions.col(far)).norm())
      far = i;
  std::vector<int> all_but_far;
  for (int i = 0; i < v.start.size(); ++i)
    if (i != far) all_but_far.push_back(i);
  auto logDetRatio = [&](AtomSubset active, bool translations) {
    const double h = VineyardOptions{}.step;
    const HessianSpectrum m = massWeightedSpectrum(*v.potential, a, active, translations, h);
    const HessianSpectrum t = massWeightedSpectrum(*v.potential, s, active, translations, h);
    REQUIRE(m.error.empty());
    REQUIRE(t.error.empty());
    CHECK(m.eigenvalues(0) > 0);
    CHECK(t.eigenvalues(0) < 0);
    CHECK(t.eigenvalues(1) > 0);
    return m.eigenvalues.array().abs().log().sum() - t.eigenvalues.array().abs().log().sum();
  };
  const double projected = logDetRatio({}, true);
  const double pinned = logDetRatio(all_but_far, false);
  MESSAGE("ln det ratio: translations projected " << projected << ", atom " << far << " held " << pinned);
  CHECK(std::abs(projected - pinned) < 1e-6);
}

TEST_CASE("vineyard: fcc LJ vacancy, local searches: prefactors identical for 1 and 2 threads") {
  const VacancyHop v;
  ExploreOptions o;
  o.searches = 6;
  o.seed = 3;
  o.centres.kind = CentreSelection::Kind::Ids;
  for (int i : v.neighbours) o.centres.ids.push_back(v.start.ids[static_cast<std::size_t>(i)]);
  o.search = v.options(3.0);  // local: a frozen shell beyond 3 sigma
  std::map<int, std::map<long, SearchResult>> by_threads;
  for (int threads : {1, 2}) {
    o.threads = threads;
    Explorer(v.start, v.energy, *v.potential, o).run([&](const SearchResult& r) {
      by_threads[threads][r.index] = r;
    });
  }
  int with_prefactors = 0;
  for (const auto& [k, r] : by_threads[1]) {
    const SearchResult& q = by_threads[2].at(k);
    CHECK(r.outcome == q.outcome);
    if (r.outcome != SearchOutcome::Converged) continue;
    CAPTURE(r.prefactor_message);
    CHECK(std::isfinite(r.prefactor_forward));
    CHECK(r.prefactor_forward == q.prefactor_forward);  // bit-identical
    CHECK(r.prefactor_reverse == q.prefactor_reverse);
    CHECK(r.prefactor_force_calls == 3 * 2 * 3 * r.active_atoms);
    MESSAGE("search " << k << ": " << r.active_atoms << " active atoms, barrier " << r.barrier_forward
                      << ", nu_fwd " << r.prefactor_forward << ", nu_rev " << r.prefactor_reverse);
    ++with_prefactors;
  }
  CHECK(with_prefactors > 0);
}

namespace {

/// Eigenvalues of the mass-weighted Hessian of the `active` atoms from the
/// plain central differences of the whole active region's forces (the
/// reference for massWeightedSpectrum, which differences only the atoms near
/// each moved one).
Eigen::VectorXd plainSpectrum(const Potential& p, const Structure& s, const std::vector<int>& active,
                              double step) {
  Structure work = s;
  EnergyObjective objective(p, work, active);
  Eigen::MatrixXd h = finiteDifferenceHessian(objective, objective.coordinates(), step);
  for (Eigen::Index i = 0; i < h.rows(); ++i)
    for (Eigen::Index j = 0; j < h.cols(); ++j)
      h(i, j) /= std::sqrt(s.masses[s.types[active[i / 3]]] * s.masses[s.types[active[j / 3]]]);
  return spectrum(h);
}

}  // namespace

TEST_CASE(
    "vineyard: Hessian columns from the moved atom's neighbourhood equal the whole region's (LJ, EAM)") {
  const double step = VineyardOptions{}.step;
  SUBCASE("pair potential: LJ vacancy crystal, 4 sigma around the vacancy") {
    const VacancyHop v;
    const std::vector<int> active = atomsWithin(v.start.cell, v.start.positions, v.neighbours, 1.5);
    const HessianSpectrum local = massWeightedSpectrum(*v.potential, v.start, active, false, step);
    REQUIRE(local.error.empty());
    CHECK(local.force_calls == 2 * 3 * static_cast<long>(active.size()));
    const Eigen::VectorXd plain = plainSpectrum(*v.potential, v.start, active, step);
    CHECK((local.eigenvalues - plain).cwiseAbs().maxCoeff() < 1e-8 * plain.cwiseAbs().maxCoeff());
  }
  SUBCASE("many-body: EAM Cu-Ni (eam/alloy), the atoms within 5 Angstrom of atom 0") {
    const std::string dir = std::string(GLASSLAND_TEST_DATA) + "/eam_alloy";
    const auto eam = makePotential(
        OptionsReader(YAML::Load("{type: eam/alloy, file: CuNi.eam.alloy}"), "potential", "c.yaml"),
        {"Ni", "Cu"}, Units::metal(), dir);
    const Structure s = io::readStructure(dir + "/cuni256.data", {"Ni", "Cu"});
    const std::vector<int> centre{0};
    const std::vector<int> active = atomsWithin(s.cell, s.positions, centre, 5.0);
    const HessianSpectrum local = massWeightedSpectrum(*eam, s, active, false, step);
    REQUIRE(local.error.empty());
    const Eigen::VectorXd plain = plainSpectrum(*eam, s, active, step);
    MESSAGE(active.size() << " EAM atoms: largest eigenvalue difference "
                          << (local.eigenvalues - plain).cwiseAbs().maxCoeff() << " of "
                          << plain.cwiseAbs().maxCoeff());
    CHECK((local.eigenvalues - plain).cwiseAbs().maxCoeff() < 1e-8 * plain.cwiseAbs().maxCoeff());
    // A pair-potential range would miss the second-neighbour coupling through
    // the densities: the many-body default 2 cutoff is needed.
    CHECK(eam->forceConstantRange() == doctest::Approx(2 * eam->cutoff()));
  }
}
