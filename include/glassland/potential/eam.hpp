#pragma once
/// \file
/// Embedded-atom method potentials read from DYNAMO setfl (or funcfl) files,
/// evaluated exactly as LAMMPS `pair_style eam/alloy`, `eam/fs` (and `eam`) do (same tables, same
/// splines, same clamping and the same linear extrapolation of F beyond the
/// table), so energies and forces agree with LAMMPS to round-off.
///
/// E = sum_i F_{t_i}(rho_i) + sum_{i<j} phi_{t_i t_j}(r_ij),
/// rho_i = sum_{j != i} rho_{t_j -> t_i}(r_ij)   (Daw & Baskes, PRB 29, 6443 (1984);
/// Finnis & Sinclair, Phil. Mag. A 50, 45 (1984) for the pair-dependent densities).

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/units.hpp"
#include "glassland/potential/potential.hpp"
#include "glassland/potential/setfl.hpp"

namespace glassland {

/// The `potential:` section for `type: eam/alloy`, `eam/fs` or `eam`.
struct EamOptions {
  /// The setfl file, or for `type: eam` the funcfl file of every species; a
  /// relative path resolves against the config's folder.
  std::string file;
  /// `type: eam` with `file: {species: funcfl file, ...}`: one file per species.
  std::map<std::string, std::string> species_files;
  double skin = 1.0;  ///< neighbour-list skin (Angstrom)

  /// Reads `file` (required: a file name, or for funcfl also a mapping) and
  /// `skin`; does not call finish().
  static EamOptions fromYaml(OptionsReader& section, SetflFile::Style style);
};

/// EAM from a setfl file. Stateless: per-configuration data (neighbour list,
/// densities rho_i, embedding derivatives F'(rho_i)) live in the Workspace, so
/// threads share one instance. Energies in eV, lengths in Angstrom, forces in eV/Angstrom.
class EamPotential final : public Potential {
 public:
  /// `species[t]` names the element of structure type t; every name must be
  /// an element of `file` (InputError naming the file and its element line otherwise).
  EamPotential(const SetflFile& file, const std::vector<std::string>& species, double skin = 1.0);

  /// "eam/alloy", "eam/fs" or "eam", after the file's style.
  std::string name() const override { return name_; }
  /// The file's cutoff (Angstrom).
  double cutoff() const override { return cutoff_; }
  /// Neighbour-list skin (Angstrom).
  double skin() const { return skin_; }
  /// Mass of each structure type as the file gives it (g/mol).
  const std::vector<double>& masses() const { return masses_; }

  /// See Potential::compute. The full evaluation is a density pass and a force
  /// pass over a half neighbour list. With an active subset A, the atoms whose
  /// embedding energy changes when A moves (A and every atom within the cutoff
  /// of A, the set S) are the list's centres; the energy is
  ///   sum_{a in A} F(rho_a) + sum_{i in S\A} [F(rho_i) - F(rho_i^frozen)] + sum_{pairs touching A} phi,
  /// where rho_i^frozen is the density from frozen neighbours only. It differs
  /// from the total energy by sum_{i not in A} F(rho_i^frozen) + sum_{frozen pairs} phi,
  /// which depends on frozen atoms alone, so energy differences are exact
  /// whichever frozen atoms S happens to contain. The densities rho_i^frozen
  /// are kept in the Workspace and reused by the next local call as long as
  /// the active set, S, the cell, the types and every frozen position are
  /// bit-for-bit unchanged (the case inside a saddle search); that call then
  /// evaluates only the pairs that touch an active atom.
  double compute(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active = {}) const override;

 private:
  /// Value coefficients (c3..c6) of rho_{t_j -> t_i} then rho_{t_i -> t_j} at one knot.
  struct alignas(64) DensityKnot {
    double c[8];
  };
  /// Derivative coefficients (c0..c2) of rho_{j->i}, rho_{i->j} and r*phi, then
  /// the value coefficients (c3..c6) of r*phi, padded to two cache lines.
  struct alignas(64) ForceKnot {
    double c[16];
  };

  /// One neighbour within the cutoff: pair vector, knot record (t_j * nr + m - 1
  /// within the centre's row of the tables), fraction p into it, and 1/r.
  struct PairGeometry {
    double dx, dy, dz;
    double p;
    double recip;
    std::size_t knot;
    int j;
  };
  /// Fills `pairs` with the neighbours of the k-th centre that lie within the
  /// cutoff and for which skip(j) is false; returns their number.
  template <class Skip>
  int gatherPairs(const NeighborList& list, int k, const double* x, const int* type, bool with_recip,
                  Skip skip, std::vector<PairGeometry>& pairs) const;

  template <bool kForces>
  double computeAll(const Structure& s, Positions* forces, Workspace& ws) const;
  template <bool kForces>
  double computeLocal(const Structure& s, Positions* forces, Workspace& ws, AtomSubset active) const;
  /// Local evaluation, first pass: builds the centre set S around the active
  /// atoms and leaves in ws.per_atom_a the densities rho_i of every centre and
  /// rho_i^frozen from frozen neighbours, in per_atom_b each atom's role.
  void localDensities(const Structure& s, Workspace& ws, AtomSubset active,
                      std::vector<PairGeometry>& pairs) const;
  /// The density sums of localDensities, from scratch (rho and rho_frozen) or
  /// from the cached rho_frozen (only pairs touching an active atom). False
  /// when an active atom reached an atom outside S (the centres must grow).
  bool addDensities(const NeighborList& list, const Structure& s, const double* role, double* rho,
                    double* rho_frozen, std::vector<PairGeometry>& pairs) const;
  bool addCachedDensities(const NeighborList& list, const Structure& s, const double* role, double* rho,
                          const double* rho_frozen, std::vector<PairGeometry>& pairs) const;
  /// Local evaluation, second pass: adds the pair energies touching an active
  /// atom to `energy` (in list order) and, with kForces, the forces on active atoms.
  template <bool kForces>
  double addLocalPairs(const Structure& s, const NeighborList& list, const double* fp, const double* role,
                       double* f, double energy, std::vector<PairGeometry>& pairs) const;
  /// F_t(rho) with LAMMPS's linear continuation past the table; writes F'(rho).
  double embed(int type, double rho, double& derivative) const;
  void checkTypes(const Structure& s) const;

  std::string name_;
  double cutoff_ = 0.0;
  double cutoff_sq_ = 0.0;
  double skin_ = 1.0;
  int num_types_ = 0;
  int nr_ = 0;
  double inverse_dr_ = 0.0;
  double rho_max_ = 0.0;
  std::vector<double> masses_;
  std::vector<EamSpline> embedding_;  ///< per structure type
  std::vector<DensityKnot> density_;  ///< [(t_i * num_types + t_j) * nr + knot]
  std::vector<ForceKnot> force_;      ///< same layout
};

/// Reads `file` in the given style and builds the potential (see EamPotential).
std::unique_ptr<EamPotential> loadEam(const std::string& file, SetflFile::Style style,
                                      const std::vector<std::string>& species, double skin = 1.0);

/// `type: eam/alloy` and `type: eam/fs` (registry.cpp): a LAMMPS setfl file;
/// `type: eam` (style Funcfl): DYNAMO funcfl files, one per species.
std::unique_ptr<Potential> makeEam(OptionsReader& section, const std::vector<std::string>& species,
                                   const Units& units, const std::string& config_dir, SetflFile::Style style);

}  // namespace glassland
