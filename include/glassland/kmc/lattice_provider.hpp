#pragma once
/// \file
/// A single vacancy on a periodic crystal lattice, hopping to its nearest
/// neighbours with equal rates: the validation case with exactly known tracer
/// correlation factors (fcc 0.78145, bcc 0.72722, simple cubic 0.65311,
/// diamond 0.5; Compaan & Haven 1956, Manning 1968).

#include <array>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/kmc/event_provider.hpp"

namespace glassland::kmc {

/// The largest `cells` of the lattice-vacancy provider: (4 cells)^3 grid points
/// are tabulated, 1 GB of them at cells = 160; 64 cells per side is a million
/// fcc sites, plenty for a validation case.
inline constexpr int kMaxLatticeCells = 64;

/// Options of the lattice-vacancy provider (`kmc.provider: {type: lattice-vacancy, ...}`).
struct LatticeVacancyOptions {
  std::string lattice = "fcc";    ///< fcc | bcc | sc | diamond
  int cells = 8;                  ///< cubic unit cells per side (periodic), 2 .. kMaxLatticeCells
  double lattice_constant = 1.0;  ///< cubic cell edge (length units)
  double barrier = 1.0;           ///< vacancy hop barrier (energy units)
  double prefactor = 0.0;         ///< attempt frequency (1/time); <= 0: the KMC options' prefactor

  /// Reads the mapping (the key `type` is allowed and ignored); rejects unknown keys.
  static LatticeVacancyOptions fromYaml(OptionsReader& reader);
};

/// Exact tracer correlation factor of a single vacancy on `lattice` in an
/// infinite crystal (fcc, bcc, sc, diamond); throws InputError for others.
double exactCorrelationFactor(const std::string& lattice);

/// The vacancy provider. The StateId is the vacancy's site; which atom sits on
/// which site lives in the trajectory's context, so the jumping atom is known
/// and moves by exactly minus the vacancy's hop vector. Atoms are the lattice
/// sites minus one (the initial vacancy at site 0), all of species "A".
class LatticeVacancyProvider final : public EventProvider {
 public:
  /// Builds the lattice; throws InputError for an unknown lattice or cells < 2.
  explicit LatticeVacancyProvider(const LatticeVacancyOptions& options);

  std::string name() const override;
  int atomCount() const override { return static_cast<int>(species_.size()); }
  const std::vector<int>& atomSpecies() const override { return species_; }
  const std::vector<std::string>& speciesNames() const override { return names_; }
  StateId initialState() const override { return 0; }
  std::unique_ptr<ProviderContext> newContext() const override;
  std::span<const KmcEvent> events(StateId state, ProviderContext* context) const override;
  void onHop(StateId state, const KmcEvent& event, ProviderContext* context) const override;
  bool statesAreComplete() const override { return false; }

  /// Number of lattice sites (atoms + 1).
  int siteCount() const { return static_cast<int>(positions_.size()); }
  /// Coordination number (neighbours per site).
  int coordination() const { return coordination_; }
  /// Nearest-neighbour distance (length units).
  double hopLength() const { return hop_length_; }
  /// Cartesian position of site s (length units).
  const Eigen::Vector3d& sitePosition(int s) const { return positions_[static_cast<std::size_t>(s)]; }

 private:
  LatticeVacancyOptions options_;
  std::vector<Eigen::Vector3d> positions_;
  std::vector<int> neighbours_;        // site * coordination_ + k -> neighbour site
  std::vector<Eigen::Vector3d> hops_;  // same layout: vector site -> neighbour (length units)
  int coordination_ = 0;
  double hop_length_ = 0.0;
  std::vector<int> species_;
  std::vector<std::string> names_{"A"};
};

}  // namespace glassland::kmc
