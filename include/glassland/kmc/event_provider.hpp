#pragma once
/// \file
/// What kinetic Monte Carlo needs to know about a landscape: for a state, its
/// escape events (rate or barrier + prefactor, target state, sparse per-atom
/// displacements), and which species each atom belongs to. Providers: a static
/// in-memory graph (graph_provider.hpp), a lattice vacancy for validation
/// (lattice_provider.hpp), and the adaptive on-the-fly explorer
/// (adaptive_provider.hpp).

#include <Eigen/Core>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace glassland::kmc {

/// Identifier of a state. For graph providers it is the index of the state in
/// the graph; for implicit state spaces (the lattice vacancy) it is only the
/// part of the state the provider needs in order to list events (the vacancy
/// site), and the rest lives in the per-trajectory ProviderContext.
using StateId = std::int64_t;

/// Displacement of one atom in one event (length units), sparse: atoms not
/// listed do not move.
struct AtomDisplacement {
  int atom = 0;                                  ///< atom index, 0 <= atom < EventProvider::atomCount()
  Eigen::Vector3d dr = Eigen::Vector3d::Zero();  ///< unwrapped displacement (length units)
};

/// One escape event out of a state.
///
/// The rate is `rate` when it is >= 0 (1/time), otherwise
/// `prefactor * exp(-barrier / (k_B T))` with `prefactor` taken from the KMC
/// options when the event's own prefactor is <= 0 (harmonic TST, docs/science.md §1).
struct KmcEvent {
  StateId target = 0;                           ///< state reached by the event
  double barrier = 0.0;                         ///< E_saddle - E_state (energy units), used when rate < 0
  double prefactor = 0.0;                       ///< attempt frequency (1/time); <= 0: the options' prefactor
  double rate = -1.0;                           ///< rate (1/time) when >= 0: overrides barrier and prefactor
  std::vector<AtomDisplacement> displacements;  ///< atoms that move, each listed once
};

/// Mutable per-trajectory state of a provider (e.g. which atom sits on which
/// lattice site). Graph providers need none. One context belongs to one
/// trajectory and is used by one thread at a time.
class ProviderContext {
 public:
  virtual ~ProviderContext() = default;
};

/// Source of escape events for KMC. All const member functions must be safe to
/// call concurrently from several threads with distinct contexts.
class EventProvider {
 public:
  virtual ~EventProvider() = default;

  /// Short description ("graph", "lattice-vacancy fcc 8^3").
  virtual std::string name() const = 0;
  /// Number of atoms whose displacements are tracked.
  virtual int atomCount() const = 0;
  /// Species index of each atom (size atomCount(), values index speciesNames()).
  virtual const std::vector<int>& atomSpecies() const = 0;
  /// Species names ("A", "B", ...); every species should own at least one atom.
  virtual const std::vector<std::string>& speciesNames() const = 0;

  /// State in which every trajectory starts.
  virtual StateId initialState() const = 0;
  /// A fresh per-trajectory context placed in the initial state (nullptr when
  /// the provider keeps no per-trajectory state).
  virtual std::unique_ptr<ProviderContext> newContext() const { return nullptr; }

  /// Escape events of `state`. `context` is the trajectory's context (nullptr
  /// when newContext() returns nullptr). The span stays valid until the next
  /// call with the same context (or, for complete providers, for the lifetime
  /// of the provider). An empty span means the state has no known escape: the
  /// trajectory ends there and records why.
  virtual std::span<const KmcEvent> events(StateId state, ProviderContext* context) const = 0;

  /// Tells the provider that the trajectory executed `event` out of `state`
  /// (the lattice provider moves the jumping atom in its occupation table). A
  /// superbasin exit is reported too, with the exit's source state and the
  /// basin's copy of the event (not an element of the span events() returned).
  virtual void onHop(StateId /*state*/, const KmcEvent& /*event*/, ProviderContext* /*context*/) const {}

  /// True when the StateId alone fixes every atom's position, so that events()
  /// may be called for states other than the trajectory's current one and the
  /// displacement between two states does not depend on the path. Superbasin
  /// acceleration needs this; it is switched off for other providers.
  virtual bool statesAreComplete() const = 0;

  /// A number that changes whenever the event list of `state` changes (the
  /// adaptive provider adds events to a state when the searches of a neighbour
  /// find transitions touching it); on-the-fly superbasins compare it to know
  /// that a member's events are stale. Providers whose lists never change
  /// return 0. Only meaningful when statesAreComplete().
  virtual std::uint64_t eventsRevision(StateId /*state*/) const { return 0; }

  /// False when the trajectories of a sweep must run one after another (the
  /// adaptive provider grows one shared catalogue; running its trajectories
  /// concurrently would make the catalogue depend on thread scheduling).
  virtual bool parallelTrajectories() const { return true; }

  /// Number of states when the state space is finite and enumerated as
  /// 0..stateCount()-1 (lets KMC tabulate rates once per temperature); -1 otherwise.
  virtual StateId stateCount() const { return -1; }
};

}  // namespace glassland::kmc
