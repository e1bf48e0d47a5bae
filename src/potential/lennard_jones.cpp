#include "glassland/potential/lennard_jones.hpp"

#include <cmath>
#include <optional>
#include <utility>

#include "glassland/core/error.hpp"
#include "glassland/potential/pair_potential.hpp"

namespace glassland {

namespace {

// The two truncations, written as LAMMPS writes them (pair_lj_cut.cpp and
// pair_lj_smooth_linear.cpp, version 29 Sep 2021) so that the results agree to
// the last few bits: fpair = -(dE/dr)/r.

/// lj/cut with pair_modify shift yes: E = V(r) - V(rc).
struct LjCut {
  using Coeff = LennardJones::Coeff;
  static double energy(double r2, const Coeff& c) {
    const double r2inv = 1.0 / r2;
    const double r6inv = r2inv * r2inv * r2inv;
    return r6inv * (c.lj3 * r6inv - c.lj4) - c.offset;
  }
  static double energyForce(double r2, const Coeff& c, double& fpair) {
    const double r2inv = 1.0 / r2;
    const double r6inv = r2inv * r2inv * r2inv;
    const double forcelj = r6inv * (c.lj1 * r6inv - c.lj2);
    fpair = forcelj * r2inv;
    return r6inv * (c.lj3 * r6inv - c.lj4) - c.offset;
  }
};

/// lj/smooth/linear: E = V(r) - V(rc) - (r - rc) V'(rc); dljcut = -V'(rc).
struct LjSmoothLinear {
  using Coeff = LennardJones::Coeff;
  static double energy(double r2, const Coeff& c) {
    const double r2inv = 1.0 / r2;
    const double r6inv = r2inv * r2inv * r2inv;
    const double r = std::sqrt(r2);
    return r6inv * (c.lj3 * r6inv - c.lj4) - c.offset + (r - c.cut) * c.dljcut;
  }
  static double energyForce(double r2, const Coeff& c, double& fpair) {
    const double r2inv = 1.0 / r2;
    const double r6inv = r2inv * r2inv * r2inv;
    const double rinv = std::sqrt(r2inv);
    const double forcelj = rinv * (r6inv * (c.lj1 * r6inv - c.lj2)) - c.dljcut;
    fpair = forcelj * rinv;
    const double r = std::sqrt(r2);
    return r6inv * (c.lj3 * r6inv - c.lj4) - c.offset + (r - c.cut) * c.dljcut;
  }
};

LennardJones::Coeff makeCoeff(const LjPair& p, LjShift shift) {
  LennardJones::Coeff c;
  // LAMMPS PairLJCut::init_one / PairLJSmoothLinear::init_one.
  c.lj1 = 48.0 * p.epsilon * std::pow(p.sigma, 12.0);
  c.lj2 = 24.0 * p.epsilon * std::pow(p.sigma, 6.0);
  c.lj3 = 4.0 * p.epsilon * std::pow(p.sigma, 12.0);
  c.lj4 = 4.0 * p.epsilon * std::pow(p.sigma, 6.0);
  c.cut = p.cutoff;
  c.cutsq = p.cutoff * p.cutoff;
  if (shift == LjShift::Energy) {
    const double ratio = p.sigma / p.cutoff;
    c.offset = 4.0 * p.epsilon * (std::pow(ratio, 12.0) - std::pow(ratio, 6.0));
    c.dljcut = 0.0;
  } else {
    const double cut6inv = std::pow(p.cutoff, -6.0);
    const double cutinv = 1.0 / p.cutoff;
    c.offset = cut6inv * (c.lj3 * cut6inv - c.lj4);
    c.dljcut = cutinv * cut6inv * (c.lj1 * cut6inv - c.lj2);
  }
  return c;
}

/// Type index of a species name, or -1.
int indexOf(const std::vector<std::string>& species, const std::string& name) {
  for (std::size_t t = 0; t < species.size(); ++t) {
    if (species[t] == name) return static_cast<int>(t);
  }
  return -1;
}

/// Splits "A-B" into two species indices; species names may themselves hold '-'.
std::optional<std::pair<int, int>> parsePairKey(const std::string& key,
                                                const std::vector<std::string>& species) {
  for (std::size_t pos = key.find('-'); pos != std::string::npos; pos = key.find('-', pos + 1)) {
    const int a = indexOf(species, key.substr(0, pos));
    const int b = indexOf(species, key.substr(pos + 1));
    if (a >= 0 && b >= 0) return std::make_pair(a, b);
  }
  return std::nullopt;
}

std::string speciesList(const std::vector<std::string>& species) {
  std::string s;
  for (const auto& name : species) s += (s.empty() ? "" : ", ") + name;
  return s;
}

}  // namespace

void LennardJonesOptions::setPair(int a, int b, const LjPair& p) {
  const auto n = static_cast<std::size_t>(numTypes());
  if (pairs.size() != n * n) pairs.assign(n * n, LjPair{});
  pairs[a * n + b] = p;
  pairs[b * n + a] = p;
}

LennardJonesOptions LennardJonesOptions::kobAndersen(const std::vector<std::string>& species, LjShift shift) {
  if (species.size() != 2) {
    throw InputError("the kob-andersen preset needs exactly two species (A, B), got " +
                     std::to_string(species.size()) + (species.empty() ? "" : ": " + speciesList(species)));
  }
  LennardJonesOptions o;
  o.species = species;
  o.shift = shift;
  // Kob & Andersen, PRE 51, 4626 (1995); cutoffs 2.5 sigma_ab written out as
  // LAMMPS's pair_coeff lines give them (2.5, 2.0, 2.2).
  o.setPair(0, 0, {1.0, 1.0, 2.5});
  o.setPair(0, 1, {1.5, 0.8, 2.0});
  o.setPair(1, 1, {0.5, 0.88, 2.2});
  return o;
}

LennardJonesOptions LennardJonesOptions::fromYaml(OptionsReader& section,
                                                  const std::vector<std::string>& species,
                                                  const Units& units) {
  section.allow({"type"});
  std::string shift_name = "energy";
  section.get("shift", shift_name);
  LjShift shift = LjShift::Energy;
  if (shift_name == "force") {
    shift = LjShift::Force;
  } else if (shift_name != "energy") {
    section.failAt("shift", "expected 'energy' (lj/cut + shift yes) or 'force' (lj/smooth/linear), got '" +
                                shift_name + "'");
  }
  double skin = units.name == "metal" ? 2.0 : 0.3;
  section.get("skin", skin);
  if (!(skin >= 0.0) || !std::isfinite(skin)) section.failAt("skin", "must be a non-negative length");

  const bool has_preset = section.has("preset");
  const bool has_pairs = section.has("pairs");
  if (has_preset && has_pairs) section.failAt("pairs", "give either 'preset' or 'pairs', not both");
  if (!has_preset && !has_pairs)
    section.fail("potential type lj needs 'preset: kob-andersen' or a 'pairs' table");
  if (species.empty()) section.fail("potential type lj needs the species names (top-level 'species')");

  LennardJonesOptions o;
  if (has_preset) {
    std::string preset;
    section.get("preset", preset);
    if (preset != "kob-andersen")
      section.failAt("preset", "unknown preset '" + preset + "' (known: kob-andersen)");
    if (species.size() != 2) {
      section.failAt("preset", "kob-andersen needs exactly two species (A, B), got " +
                                   std::to_string(species.size()) + ": " + speciesList(species));
    }
    o = kobAndersen(species, shift);
  } else {
    o.species = species;
    o.shift = shift;
    const std::size_t n = species.size();
    std::vector<char> given(n * n, 0);
    o.pairs.assign(n * n, LjPair{});
    OptionsReader pairs = section.section("pairs");
    const YAML::Node& node = pairs.node();
    if (!node || !node.IsMap())
      section.failAt("pairs", "expected a mapping like {A-A: {epsilon: 1, sigma: 1, cutoff: 2.5}}");
    for (auto it = node.begin(); it != node.end(); ++it) {
      const auto key = it->first.as<std::string>();
      const auto ab = parsePairKey(key, species);
      if (!ab) {
        pairs.failAt(key,
                     "not a pair of known species written 'X-Y' (species: " + speciesList(species) + ")");
      }
      const auto [a, b] = *ab;
      if (given[a * n + b])
        pairs.failAt(key, "the pair " + species[a] + "-" + species[b] + " is given twice");
      given[a * n + b] = given[b * n + a] = 1;
      OptionsReader entry = pairs.section(key);
      LjPair p;
      entry.require("epsilon", p.epsilon).require("sigma", p.sigma);
      p.cutoff = 2.5 * p.sigma;
      entry.get("cutoff", p.cutoff);
      entry.finish();
      if (!(p.epsilon >= 0.0) || !std::isfinite(p.epsilon)) entry.failAt("epsilon", "must be >= 0");
      if (!(p.sigma > 0.0) || !std::isfinite(p.sigma)) entry.failAt("sigma", "must be > 0");
      if (!(p.cutoff > 0.0) || !std::isfinite(p.cutoff)) entry.failAt("cutoff", "must be > 0");
      o.setPair(a, b, p);
    }
    for (std::size_t a = 0; a < n; ++a) {
      for (std::size_t b = a; b < n; ++b) {
        if (!given[a * n + b]) {
          section.failAt("pairs", "missing pair " + species[a] + "-" + species[b] +
                                      " (every pair of the species " + speciesList(species) + " is needed)");
        }
      }
    }
  }
  o.skin = skin;
  return o;
}

LennardJones::LennardJones(LennardJonesOptions options) : options_(std::move(options)) {
  const int nt = options_.numTypes();
  if (nt == 0 || options_.pairs.size() != static_cast<std::size_t>(nt * nt)) {
    throw Error("lj: the pair table needs species^2 entries");
  }
  table_.resize(options_.pairs.size());
  for (int a = 0; a < nt; ++a) {
    for (int b = 0; b < nt; ++b) {
      const LjPair& p = options_.pair(a, b);
      if (!(p.sigma > 0.0) || !(p.epsilon >= 0.0) || !(p.cutoff > 0.0)) {
        throw Error("lj: pair " + options_.species[a] + "-" + options_.species[b] +
                    " needs sigma > 0, epsilon >= 0 and cutoff > 0");
      }
      table_[a * nt + b] = makeCoeff(p, options_.shift);
      cutoff_ = std::max(cutoff_, p.cutoff);
    }
  }
  if (!(options_.skin >= 0.0)) throw Error("lj: the skin must be >= 0");
  list_settings_.cutoff = cutoff_;
  list_settings_.skin = options_.skin;
  list_settings_.full = false;
  pair_cutoffs_.resize(options_.pairs.size());
  for (std::size_t k = 0; k < options_.pairs.size(); ++k) pair_cutoffs_[k] = options_.pairs[k].cutoff;
}

double LennardJones::compute(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active) const {
  const int nt = options_.numTypes();
  if (options_.shift == LjShift::Energy) {
    return pairCompute<LjCut>(s, forces, ws, active, table_, nt, list_settings_, pair_cutoffs_);
  }
  return pairCompute<LjSmoothLinear>(s, forces, ws, active, table_, nt, list_settings_, pair_cutoffs_);
}

std::unique_ptr<Potential> makeLennardJones(OptionsReader& section, const std::vector<std::string>& species,
                                            const Units& units) {
  return std::make_unique<LennardJones>(LennardJonesOptions::fromYaml(section, species, units));
}

}  // namespace glassland
