#pragma once
/// \file
/// Lennard-Jones pair potential with a species-pair table (epsilon, sigma and
/// cutoff per pair), in the two truncations LAMMPS offers:
///   - LjShift::Energy = `pair_style lj/cut` + `pair_modify shift yes`:
///     E(r) = V(r) - V(rc); the force jumps at rc;
///   - LjShift::Force = `pair_style lj/smooth/linear`:
///     E(r) = V(r) - V(rc) - (r - rc) V'(rc); energy and force vanish at rc,
///     which curvature estimates in saddle searches need;
/// with V(r) = 4 epsilon [(sigma/r)^12 - (sigma/r)^6].

#include <memory>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/potential.hpp"

namespace glassland {

/// How the potential is truncated at the cutoff.
enum class LjShift {
  Energy,  ///< lj/cut with pair_modify shift yes
  Force,   ///< lj/smooth/linear
};

/// Parameters of one species pair, in energy and length units.
struct LjPair {
  double epsilon = 1.0;  ///< well depth
  double sigma = 1.0;    ///< length where V = 0
  double cutoff = 2.5;   ///< truncation radius (absolute length, not in units of sigma)
};

/// Options of `potential: {type: lj, ...}`.
///
/// YAML keys: `preset: kob-andersen` or `pairs: {A-A: {epsilon, sigma, cutoff}, A-B: ...}`
/// (one of the two; every pair of species must be given, "A-B" and "B-A" are the
/// same pair, `cutoff` defaults to 2.5 sigma), `shift: energy | force` (default
/// energy), `skin` (Verlet skin; default 0.3 in lj units, 2.0 in metal units, as
/// LAMMPS's `neighbor` defaults).
struct LennardJonesOptions {
  std::vector<std::string> species;  ///< type index t -> name
  std::vector<LjPair> pairs;         ///< species.size()^2 entries, symmetric, row-major
  LjShift shift = LjShift::Energy;
  double skin = 0.3;  ///< neighbour-list skin, length units

  int numTypes() const { return static_cast<int>(species.size()); }
  /// Parameters of the pair of type indices (a, b).
  const LjPair& pair(int a, int b) const { return pairs[static_cast<std::size_t>(a * numTypes() + b)]; }
  /// Sets the parameters of (a, b) and (b, a).
  void setPair(int a, int b, const LjPair& p);

  /// The Kob-Andersen 80:20 binary mixture (Phys. Rev. E 51, 4626 (1995)):
  /// AA eps 1 sig 1; AB eps 1.5 sig 0.8; BB eps 0.5 sig 0.88; cutoffs 2.5 sigma_ab.
  /// `species` must hold two names: the first is A (the 80 % majority), the second B.
  static LennardJonesOptions kobAndersen(const std::vector<std::string>& species, LjShift shift);

  /// Reads the `potential:` section (keys above; `type` is read by the registry).
  /// Does not call `section.finish()`; the caller does once every key is read.
  /// Throws InputError naming the file, line and key for any bad value, an
  /// unknown preset or species, a duplicate or missing pair.
  static LennardJonesOptions fromYaml(OptionsReader& section, const std::vector<std::string>& species,
                                      const Units& units);
};

/// The potential itself; stateless, so OpenMP threads can share one instance.
class LennardJones final : public Potential {
 public:
  /// Throws Error when a pair has sigma <= 0, epsilon < 0, a cutoff <= 0, or
  /// the table size does not match the species count.
  explicit LennardJones(LennardJonesOptions options);

  std::string name() const override { return "lj"; }
  double cutoff() const override { return cutoff_; }
  /// A pair potential: moving an atom changes only the forces within the cutoff.
  double forceConstantRange() const override { return cutoff_; }
  /// See Potential::compute. Uses a half Verlet list in `ws` with the options' skin.
  double compute(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active = {}) const override;

  const LennardJonesOptions& options() const { return options_; }

  /// Per-type-pair coefficients in LAMMPS's form (pair_lj_cut.cpp, pair_lj_smooth_linear.cpp).
  struct Coeff {
    double cutsq = 0.0;   ///< rc^2
    double lj1 = 0.0;     ///< 48 eps sig^12
    double lj2 = 0.0;     ///< 24 eps sig^6
    double lj3 = 0.0;     ///< 4 eps sig^12
    double lj4 = 0.0;     ///< 4 eps sig^6
    double offset = 0.0;  ///< V(rc)
    double cut = 0.0;     ///< rc
    double dljcut = 0.0;  ///< -V'(rc)
  };

 private:
  LennardJonesOptions options_;
  std::vector<Coeff> table_;
  double cutoff_ = 0.0;
  NeighborSettings list_settings_;    ///< half list out to the largest cutoff + skin
  std::vector<double> pair_cutoffs_;  ///< per-type-pair list radii rc_ab (+ skin)
};

/// `type: lj` (registry.cpp): preset or pair table, shift energy|force.
std::unique_ptr<Potential> makeLennardJones(OptionsReader& section, const std::vector<std::string>& species,
                                            const Units& units);

}  // namespace glassland
