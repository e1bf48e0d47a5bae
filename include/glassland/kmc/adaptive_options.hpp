#pragma once
/// \file
/// Settings of the adaptive (on-the-fly) event provider, the `adaptive:`
/// sub-section of `kmc:`. Kept apart from adaptive_provider.hpp so that
/// kmc.hpp need not see the saddle and landscape modules.

#include "glassland/core/options.hpp"

namespace glassland::kmc {

/// How the adaptive provider decides that a state is explored enough.
///
/// A state is explored by saddle searches started from it until EON's
/// confidence (Xu & Henkelman, J. Chem. Phys. 129, 114104 (2008); EON's
/// "new" confidence scheme) reaches `confidence`: with N_f distinct relevant
/// transitions found by N_s relevant hits of the state's own searches, the
/// estimated fraction of relevant transitions found is the c solving
/// N_f / N = c = 1 - exp(-(N_s / N_f) c) (equally likely processes); a
/// transition is relevant when its barrier out of the state is below the
/// lowest known barrier plus `window_kt` k_B T (EON: thermally accessible
/// window, 20 k_B T). At least `min_searches` and at most `max_searches`
/// searches run per state (searches of earlier runs, kept in the store, count;
/// recycled attempts count too).
struct AdaptiveOptions {
  int min_searches = 10;     ///< searches per state before the confidence is judged
  int max_searches = 50;     ///< searches per state at most (then the state counts as explored)
  double confidence = 0.95;  ///< target fraction of relevant transitions found, in (0, 1)
  double window_kt = 20.0;   ///< relevant window above the lowest barrier, in units of k_B T
  /// Temperature of the window (temperature units); <= 0: the highest of
  /// kmc.temperatures, so that one catalogue serves the whole sweep.
  double temperature = 0.0;
  /// Fraction of searches centred on a random atom of explore.centres; the
  /// others are centred near the atoms that moved in the transition by which
  /// the state was entered (events are local). The root minimum always uses
  /// random centres; a state that recycled events local ones only.
  double random_centres = 0.2;
  /// Atoms within this distance (length units) of an atom that moved (either
  /// end of its move) are local centres; <= 0: the search's push_radius.
  double centre_radius = 0.0;
  /// An atom "moved" in a transition when it moved farther than this (length
  /// units); <= 0: the KMC hop threshold. When none did, the one that moved most.
  double moved_threshold = 0.0;
  /// Threads for the searches of one state (after the first min_searches,
  /// batches of this many searches); 0: explore.threads. Results do not depend on it.
  int threads = 0;
  /// Event recycling (Xu & Henkelman 2008; kART reuses events by their local
  /// environment): a state entered from an explored parent first re-converges
  /// the parent's events that lie away from the atoms that moved in the hop,
  /// from their mapped saddles, and inherits the parent's hits of them (see
  /// adaptive_provider.hpp); the searches from scratch then go near the moved atoms.
  bool recycle = true;
  /// A parent's event is recycled only when none of its moving atoms (either
  /// end of its move) comes within this distance (length units) of an atom
  /// that moved in the hop (either end); <= 0: the potential's cutoff (no
  /// moving atom of the event interacts with a moved one). Every recycled
  /// saddle is re-converged and verified, so the radius trades attempts that
  /// fail against events kept: KA glass, 2.5 sigma: 95 % of 397 attempts
  /// verified; 4 sigma (the search's active radius) recycles half as many.
  double recycle_radius = 0.0;
  /// Searches from scratch at least on a state that recycled events (they
  /// search the region the hop changed, which recycling cannot cover).
  int min_fresh_searches = 2;

  /// Reads the mapping; rejects unknown keys and bad values (InputError).
  static AdaptiveOptions fromYaml(OptionsReader& reader);
};

}  // namespace glassland::kmc
