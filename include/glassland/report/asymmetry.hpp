#pragma once
/// \file
/// Barrier-asymmetry statistics (docs/science.md §2): distributions of the forward
/// and reverse barriers and of Delta E = E_fwd - E_rev, the back-hop
/// probability p_back(T) after each hop, grouped by the species of the most
/// displaced atom and, for slab cells, by depth below the nearer free surface.
/// Pure functions of plain records: no store, no files.
///
/// Orientation: a transition is taken as the store holds it, i -> j with i the
/// minimum its search started in, so E_fwd = E_s - E_i, E_rev = E_s - E_j and
/// Delta E = E_j - E_i.

#include <limits>
#include <string>
#include <vector>

#include "glassland/core/structure.hpp"
#include "glassland/landscape/graph_summary.hpp"
#include "glassland/landscape/records.hpp"

namespace glassland::report {

/// One transition i -> j as the statistics see it (energies in energy units,
/// lengths in length units, prefactors in 1/time).
struct TransitionRecord {
  long id = 0;
  long from = 0, to = 0;  ///< minimum ids i, j
  double saddle_energy = 0.0;
  double e_fwd = 0.0;  ///< E_s - E_i
  double e_rev = 0.0;  ///< E_s - E_j
  /// Attempt frequencies i -> j and j -> i; NaN = use the default prefactor.
  double prefactor_fwd = std::numeric_limits<double>::quiet_NaN();
  double prefactor_rev = std::numeric_limits<double>::quiet_NaN();
  std::string species = "none";     ///< species of the most displaced atom ("none" when no atom moves)
  double max_displacement = 0.0;    ///< largest per-atom displacement i -> j
  long max_displacement_atom = -1;  ///< its index in the structure (0-based; -1 when none moves)
  /// The structure file's id of that atom (the `id` column, 1-based for files
  /// without ids): what every output shows; -1 when none moves.
  long max_displacement_atom_id = -1;
  /// Depth of the most displaced atom below the nearer free surface (slabs); NaN otherwise.
  double depth = std::numeric_limits<double>::quiet_NaN();

  double deltaE() const { return e_fwd - e_rev; }
  bool operator==(const TransitionRecord&) const = default;
};

/// Records of the store's transitions: the species of the most displaced atom
/// is landscape::speciesOf (species[types[atom]], "none" when the atom is -1), its
/// id ids[atom] (atom + 1 when `ids` is empty); depth NaN.
std::vector<TransitionRecord> transitionRecords(const std::vector<landscape::TransitionSummary>& transitions,
                                                const std::vector<int>& types,
                                                const std::vector<std::string>& species,
                                                const std::vector<long>& ids = {});

/// True when the cell has at least one non-periodic dimension (a slab or a cluster).
bool hasFreeSurface(const Cell& cell);

/// Distance of atom `atom` from the nearer free surface: for every open
/// dimension d of `cell`, the surfaces are the lowest and highest atom
/// coordinate along d (not the cell bounds, which include vacuum); the depth is
/// the smallest distance to any of them. NaN when every dimension is periodic.
/// Precondition: 0 <= atom < positions.cols().
double surfaceDepth(const Cell& cell, const Positions& positions, long atom);

/// Equal-width histogram: bin k covers [lo + k width, lo + (k+1) width).
struct Histogram {
  double lo = 0.0;
  double width = 1.0;
  std::vector<long> counts;
  long underflow = 0, overflow = 0;  ///< finite values below lo / above the last edge

  int bins() const { return static_cast<int>(counts.size()); }
  double edge(int k) const { return lo + k * width; }
  double centre(int k) const { return lo + (k + 0.5) * width; }
  /// Values counted in the bins.
  long total() const;
  bool operator==(const Histogram&) const = default;
};

/// Counts the finite values of `values` into `bins` bins of `width` from `lo`;
/// a value equal to the upper edge goes into the last bin. Non-finite values
/// are ignored. Preconditions: bins >= 1, width > 0 (else glassland::Error).
Histogram histogram(const std::vector<double>& values, double lo, double width, int bins);

/// An empty histogram whose bins cover every finite value of `values`: the
/// width is (max - min) / bins rounded up to 1, 2, 2.5 or 5 x 10^k, lo a
/// multiple of the width at or below min, and as many bins as needed (bins or
/// bins + 1). Degenerate samples get a range of one unit around the value.
Histogram niceBins(const std::vector<double>& values, int bins);

/// Inputs of the back-hop probabilities.
struct AsymmetryOptions {
  std::vector<double> temperatures;  ///< in temperature units (k_B T in energy units / boltzmann)
  double boltzmann = 1.0;            ///< k_B (energy per temperature unit)
  double prefactor = 1.0;            ///< default attempt frequency nu (1/time), > 0
  int histogram_bins = 30;           ///< bins of every histogram
  double depth_bin = 1.0;            ///< depth bin width (length units), > 0
};

/// p_back at one temperature over a group of transitions.
struct PBackStats {
  double temperature = 0.0;
  landscape::SampleStats stats;
  Histogram histogram;  ///< 0..1 in histogram_bins bins
  /// Transitions with p_back > 1/2 (the hop is more likely undone than not).
  long above_half = 0;
};

/// Everything measured over one group of transitions.
struct GroupStats {
  std::string name;                                            ///< "all", a species name, or "depth [a, b)"
  std::string kind;                                            ///< "all", "species" or "depth"
  double depth_lo = std::numeric_limits<double>::quiet_NaN();  ///< depth bins only
  double depth_hi = std::numeric_limits<double>::quiet_NaN();
  long transitions = 0;
  landscape::SampleStats e_fwd, e_rev, delta_e;
  Histogram h_fwd, h_rev, h_delta;  ///< common bins across groups (see AsymmetryReport)
  /// Transitions whose end j has no known exit except back to i.
  long only_reverse = 0;
  std::vector<PBackStats> p_back;  ///< one per temperature
};

/// The full barrier-asymmetry analysis.
struct AsymmetryReport {
  std::vector<double> temperatures;
  /// p_back[t][r]: back-hop probability after transition r (record order) at temperatures[t].
  std::vector<std::vector<double>> p_back;
  /// only_reverse[r]: every known exit of r's end j leads back to r's start i,
  /// so p_back = 1 by construction (an end explored only through this hop).
  std::vector<bool> only_reverse;
  long end_minima = 0;               ///< distinct end minima j
  long end_minima_only_reverse = 0;  ///< of which with exits back to a single minimum only
  GroupStats all;
  std::vector<GroupStats> by_species;  ///< sorted by name
  std::vector<GroupStats> by_depth;    ///< ascending depth; empty when no record has a depth
};

/// Back-hop probability after each transition i -> j:
///   p_back(T) = k(j -> i) / sum_{m in out(j)} k_m,   k = nu exp(-E / k_B T)
/// (harmonic TST, docs/science.md §2). out(j) holds every known transition at j in
/// the direction leaving j; k(j -> i) sums all of them that end in i (parallel
/// saddles all undo the hop). Stored prefactors are used when finite, else
/// options.prefactor. Evaluated as 1 / sum_m (nu_m / nu_rev) exp(-(E_m - E_rev) / k_B T)
/// so that no rate underflows. Result [t][r]. Precondition: temperatures > 0.
std::vector<std::vector<double>> backHopProbabilities(const std::vector<TransitionRecord>& records,
                                                      const AsymmetryOptions& options);

/// Every statistic above. Throws glassland::Error for non-positive temperatures,
/// prefactor, bins or depth_bin.
AsymmetryReport analyzeAsymmetry(const std::vector<TransitionRecord>& records,
                                 const AsymmetryOptions& options);

}  // namespace glassland::report
