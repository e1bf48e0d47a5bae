#include "glassland/kmc/lattice_provider.hpp"

#include <array>
#include <cmath>

#include "glassland/core/error.hpp"

namespace glassland::kmc {

namespace {

using Int3 = std::array<int, 3>;

// Lattices in integer coordinates of a/4 inside the cubic cell [0, 4)^3: the
// basis and the candidate nearest-neighbour vectors. A candidate is a neighbour
// of a site when it lands on a site (diamond: only 4 of the 8 (+-1,+-1,+-1) do).
struct LatticeGeometry {
  std::vector<Int3> basis;
  std::vector<Int3> candidates;
  int coordination = 0;
};

LatticeGeometry geometry(const std::string& lattice) {
  LatticeGeometry g;
  const std::vector<Int3> fcc_basis{{0, 0, 0}, {2, 2, 0}, {2, 0, 2}, {0, 2, 2}};
  if (lattice == "sc") {
    g.basis = {{0, 0, 0}};
    g.candidates = {{4, 0, 0}, {-4, 0, 0}, {0, 4, 0}, {0, -4, 0}, {0, 0, 4}, {0, 0, -4}};
    g.coordination = 6;
  } else if (lattice == "bcc") {
    g.basis = {{0, 0, 0}, {2, 2, 2}};
    for (int x : {-2, 2})
      for (int y : {-2, 2})
        for (int z : {-2, 2}) g.candidates.push_back({x, y, z});
    g.coordination = 8;
  } else if (lattice == "fcc") {
    g.basis = fcc_basis;
    for (int a : {-2, 2})
      for (int b : {-2, 2}) {
        g.candidates.push_back({a, b, 0});
        g.candidates.push_back({a, 0, b});
        g.candidates.push_back({0, a, b});
      }
    g.coordination = 12;
  } else if (lattice == "diamond") {
    g.basis = fcc_basis;
    for (const auto& b : fcc_basis) g.basis.push_back({b[0] + 1, b[1] + 1, b[2] + 1});
    for (int x : {-1, 1})
      for (int y : {-1, 1})
        for (int z : {-1, 1}) g.candidates.push_back({x, y, z});
    g.coordination = 4;
  } else {
    throw InputError("unknown lattice '" + lattice + "' (expected one of: fcc, bcc, sc, diamond)");
  }
  return g;
}

// Occupation of the sites, the trajectory's part of the lattice state.
struct LatticeContext final : ProviderContext {
  std::vector<int> atom_on_site;  // -1 on the vacancy
  std::vector<KmcEvent> events;   // buffer returned by events()
};

}  // namespace

LatticeVacancyOptions LatticeVacancyOptions::fromYaml(OptionsReader& reader) {
  LatticeVacancyOptions o;
  reader.allow({"type"});
  reader.get("lattice", o.lattice).get("cells", o.cells).get("lattice_constant", o.lattice_constant);
  reader.get("barrier", o.barrier).get("prefactor", o.prefactor);
  reader.finish();
  if (o.lattice != "fcc" && o.lattice != "bcc" && o.lattice != "sc" && o.lattice != "diamond") {
    reader.failAt("lattice", "unknown lattice '" + o.lattice + "' (expected one of: fcc, bcc, sc, diamond)");
  }
  if (o.cells < 2) reader.failAt("cells", "needs at least 2 cells per side");
  // The provider tabulates (4 cells)^3 grid points: bounded before allocating.
  if (o.cells > kMaxLatticeCells)
    reader.failAt("cells", "must be at most " + std::to_string(kMaxLatticeCells) + " cells per side");
  if (!(o.barrier >= 0.0)) reader.failAt("barrier", "must be an energy >= 0");
  if (!(o.lattice_constant > 0.0)) reader.failAt("lattice_constant", "must be positive");
  return o;
}

double exactCorrelationFactor(const std::string& lattice) {
  // Compaan & Haven, Trans. Faraday Soc. 52, 786 (1956); Manning, "Diffusion
  // kinetics for atoms in crystals" (1968), table 3-2; diamond: f = 1/2 exactly.
  if (lattice == "fcc") return 0.78145;
  if (lattice == "bcc") return 0.72722;
  if (lattice == "sc") return 0.65311;
  if (lattice == "diamond") return 0.5;
  throw InputError("no exact correlation factor for lattice '" + lattice + "'");
}

LatticeVacancyProvider::LatticeVacancyProvider(const LatticeVacancyOptions& options) : options_(options) {
  if (options_.cells < 2) throw InputError("lattice-vacancy: needs at least 2 cells per side");
  const LatticeGeometry g = geometry(options_.lattice);
  const int side = 4 * options_.cells;  // grid points per side in units of a/4
  const double quarter = options_.lattice_constant / 4.0;
  std::vector<int> site_at(static_cast<std::size_t>(side) * side * side, -1);
  std::vector<Int3> grid;
  auto key = [side](const Int3& p) {
    return (static_cast<std::size_t>(p[0]) * side + static_cast<std::size_t>(p[1])) * side +
           static_cast<std::size_t>(p[2]);
  };
  for (int cx = 0; cx < options_.cells; ++cx)
    for (int cy = 0; cy < options_.cells; ++cy)
      for (int cz = 0; cz < options_.cells; ++cz)
        for (const auto& b : g.basis) {
          const Int3 p{4 * cx + b[0], 4 * cy + b[1], 4 * cz + b[2]};
          site_at[key(p)] = static_cast<int>(grid.size());
          grid.push_back(p);
          positions_.emplace_back(p[0] * quarter, p[1] * quarter, p[2] * quarter);
        }
  coordination_ = g.coordination;
  neighbours_.reserve(grid.size() * static_cast<std::size_t>(coordination_));
  hops_.reserve(neighbours_.capacity());
  for (const auto& p : grid) {
    int found = 0;
    for (const auto& c : g.candidates) {
      Int3 q{};
      for (int d = 0; d < 3; ++d) q[d] = ((p[d] + c[d]) % side + side) % side;
      const int neighbour = site_at[key(q)];
      if (neighbour < 0) continue;
      neighbours_.push_back(neighbour);
      hops_.emplace_back(c[0] * quarter, c[1] * quarter, c[2] * quarter);
      ++found;
    }
    if (found != coordination_) throw Error("lattice-vacancy: wrong coordination while building the lattice");
  }
  hop_length_ = hops_.front().norm();
  species_.assign(grid.size() - 1, 0);
}

std::string LatticeVacancyProvider::name() const {
  return "lattice-vacancy " + options_.lattice + " " + std::to_string(options_.cells) + "^3";
}

std::unique_ptr<ProviderContext> LatticeVacancyProvider::newContext() const {
  auto context = std::make_unique<LatticeContext>();
  // The vacancy starts on site 0; atom a sits on site a + 1.
  context->atom_on_site.resize(positions_.size());
  context->atom_on_site[0] = -1;
  for (std::size_t s = 1; s < positions_.size(); ++s) context->atom_on_site[s] = static_cast<int>(s) - 1;
  context->events.resize(static_cast<std::size_t>(coordination_));
  for (auto& event : context->events) {
    event.barrier = options_.barrier;
    event.prefactor = options_.prefactor;
    event.displacements.resize(1);
  }
  return context;
}

std::span<const KmcEvent> LatticeVacancyProvider::events(StateId state, ProviderContext* context) const {
  auto& ctx = static_cast<LatticeContext&>(*context);
  const auto base = static_cast<std::size_t>(state) * static_cast<std::size_t>(coordination_);
  for (int k = 0; k < coordination_; ++k) {
    const int neighbour = neighbours_[base + static_cast<std::size_t>(k)];
    auto& event = ctx.events[static_cast<std::size_t>(k)];
    event.target = neighbour;
    // The vacancy moves by h; the atom on the neighbour site moves into the
    // vacancy, i.e. by exactly -h.
    event.displacements[0].atom = ctx.atom_on_site[static_cast<std::size_t>(neighbour)];
    event.displacements[0].dr = -hops_[base + static_cast<std::size_t>(k)];
  }
  return ctx.events;
}

void LatticeVacancyProvider::onHop(StateId state, const KmcEvent& event, ProviderContext* context) const {
  auto& ctx = static_cast<LatticeContext&>(*context);
  ctx.atom_on_site[static_cast<std::size_t>(state)] = event.displacements[0].atom;
  ctx.atom_on_site[static_cast<std::size_t>(event.target)] = -1;
}

}  // namespace glassland::kmc
