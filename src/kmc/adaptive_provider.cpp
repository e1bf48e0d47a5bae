// Adaptive KMC over the landscape store (EON's adaptive KMC: Xu & Henkelman,
// J. Chem. Phys. 129, 114104 (2008)). See adaptive_provider.hpp for the design.
#include "glassland/kmc/adaptive_provider.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <thread>

#include "glassland/core/error.hpp"
#include "glassland/kmc/search_records.hpp"

namespace glassland::kmc {

using landscape::MinimumId;
using landscape::TransitionId;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Per-trajectory context: keeps the current state's event list alive, so the
/// span handed to KMC stays valid while the catalogue grows.
struct AdaptiveContext final : ProviderContext {
  std::shared_ptr<const std::vector<KmcEvent>> current;
};

/// RNG of the centre choice of search `index`: its own stream (tag "cent"),
/// apart from the push stream that runSearch seeds from (seed, index).
std::mt19937_64 centreRng(std::uint64_t seed, long index) {
  const auto k = static_cast<std::uint64_t>(index);
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32), 0x63656e74u};
  return std::mt19937_64(seq);
}

}  // namespace

AdaptiveOptions AdaptiveOptions::fromYaml(OptionsReader& reader) {
  AdaptiveOptions o;
  reader.get("min_searches", o.min_searches).get("max_searches", o.max_searches);
  reader.get("confidence", o.confidence).get("window_kt", o.window_kt).get("temperature", o.temperature);
  reader.get("random_centres", o.random_centres).get("centre_radius", o.centre_radius);
  reader.get("moved_threshold", o.moved_threshold).get("threads", o.threads);
  reader.finish();
  if (o.min_searches < 1) reader.failAt("min_searches", "must be at least 1");
  if (o.max_searches < o.min_searches) reader.failAt("max_searches", "must be at least min_searches");
  if (o.max_searches >= kSearchStride) {
    reader.failAt("max_searches", "must be below " + std::to_string(kSearchStride));
  }
  if (!(o.confidence > 0.0 && o.confidence < 1.0)) reader.failAt("confidence", "must lie in (0, 1)");
  if (!(o.window_kt > 0.0)) reader.failAt("window_kt", "must be positive");
  if (!(o.random_centres >= 0.0 && o.random_centres <= 1.0))
    reader.failAt("random_centres", "must lie in [0, 1]");
  if (o.threads < 0) reader.failAt("threads", "must be >= 0 (0 = explore.threads)");
  return o;
}

double searchConfidence(long unique, long hits) {
  if (unique <= 0 || hits <= unique) return 0.0;
  // Xu & Henkelman 2008: N equally likely processes, N_s searches find
  // N_f = N (1 - exp(-N_s / N)) distinct ones on average; with c = N_f / N and
  // a = N_s / N_f this is g(c) = c - 1 + exp(-a c) = 0. g is convex with
  // g(1) > 0 and g'(1) = 1 - a e^{-a} > 0, so Newton from c = 1 falls
  // monotonically onto the positive root (the other root is c = 0).
  const double a = static_cast<double>(hits) / static_cast<double>(unique);
  double c = 1.0;
  for (int it = 0; it < 200; ++it) {
    const double e = std::exp(-a * c);
    const double step = (c - 1.0 + e) / (1.0 - a * e);
    c -= step;
    if (std::abs(step) < 1e-15) break;
  }
  return std::clamp(c, 0.0, 1.0);
}

Searcher makeSearcher(const Potential& potential, std::uint64_t seed, SearchOptions options) {
  return [&potential, seed, options = std::move(options)](const Structure& start, double start_energy,
                                                          int centre, long index) {
    return runSearch(start, start_energy, potential, centre, seed, index, options);
  };
}

/// The in-memory view of the store the provider works from, plus the search
/// bookkeeping of every state. Guarded by AdaptiveProvider::mutex_.
struct AdaptiveProvider::Catalogue {
  struct Transition {
    MinimumId from = 0, to = 0;
    double e_fwd = 0.0, e_rev = 0.0;
    double prefactor_fwd = 0.0, prefactor_rev = 0.0;  // <= 0: the KMC prefactor
    std::vector<AtomDisplacement> moves;              // from -> to
  };
  struct State {
    long searches = 0;                                    // search rows of this state in the store
    long next_j = 0;                                      // next offset in its index range
    std::map<TransitionId, long> hits;                    // transitions found by its own searches
    std::shared_ptr<const std::vector<KmcEvent>> events;  // null: (re)build
    std::uint64_t revision = 0;                           // bumped whenever `events` is reset
  };

  landscape::EventStore& store;
  Searcher searcher;
  AdaptiveSettings settings;
  Callback callback;
  MinimumId root = 0;
  std::map<MinimumId, double> energy;
  std::map<TransitionId, Transition> transitions;
  std::map<MinimumId, std::vector<TransitionId>> adjacent;  // ascending ids
  std::map<MinimumId, State> states;
  AdaptiveStats stats;

  Catalogue(landscape::EventStore& s, Searcher f, AdaptiveSettings a, Callback c)
      : store(s), searcher(std::move(f)), settings(std::move(a)), callback(std::move(c)) {}

  /// New minima and transitions of the store into the maps.
  void sync() {
    for (const auto& m : store.minima()) energy[m.id] = m.energy;
    for (const auto& t : store.transitions()) {
      if (transitions.count(t.id)) continue;
      Transition x;
      x.from = t.from_min;
      x.to = t.to_min;
      x.e_fwd = t.e_fwd;
      x.e_rev = t.e_rev;
      x.prefactor_fwd = settings.stored_prefactors ? t.prefactor_fwd.value_or(0.0) : 0.0;
      x.prefactor_rev = settings.stored_prefactors ? t.prefactor_rev.value_or(0.0) : 0.0;
      const landscape::SparseVectors d = store.displacements(t.id);
      x.moves.resize(d.atoms.size());
      for (std::size_t k = 0; k < d.atoms.size(); ++k) {
        x.moves[k].atom = static_cast<int>(d.atoms[k]);
        x.moves[k].dr = d.vectors.col(static_cast<Eigen::Index>(k));
      }
      transitions.emplace(t.id, std::move(x));
      adjacent[t.from_min].push_back(t.id);
      adjacent[t.to_min].push_back(t.id);
      states[t.from_min].events.reset();
      states[t.to_min].events.reset();
      ++states[t.from_min].revision;
      ++states[t.to_min].revision;
    }
  }

  /// Owner state of a search index (kSearchStride ranges; below: the root's
  /// searches of the explore stage).
  MinimumId ownerOf(long index) const { return index < kSearchStride ? root : index / kSearchStride; }

  void loadSearches() {
    for (const auto& record : store.searches()) {
      const MinimumId owner = ownerOf(record.index);
      State& s = states[owner];
      ++s.searches;
      if (record.index >= kSearchStride) s.next_j = std::max(s.next_j, record.index % kSearchStride + 1);
      if (record.transition) countHit(owner, *record.transition);
    }
  }

  /// A search from `m` found transition `t`; it counts only when `t` leaves m
  /// (a relaxation that missed m's stored minimum would give one that does not).
  void countHit(MinimumId m, TransitionId t) {
    const auto it = transitions.find(t);
    if (it != transitions.end() && (it->second.from == m || it->second.to == m)) ++states[m].hits[t];
  }

  double barrierFrom(const Transition& t, MinimumId m) const { return t.from == m ? t.e_fwd : t.e_rev; }

  /// (confidence, lowest barrier) of state m at the provider's window.
  std::pair<double, double> confidence(MinimumId m) {
    const auto adj = adjacent.find(m);
    if (adj == adjacent.end() || adj->second.empty()) return {0.0, kNaN};
    double lowest = std::numeric_limits<double>::infinity();
    for (TransitionId t : adj->second) lowest = std::min(lowest, barrierFrom(transitions.at(t), m));
    long unique = 0, hits = 0;
    for (const auto& [t, count] : states[m].hits) {
      if (barrierFrom(transitions.at(t), m) < lowest + settings.window) {
        ++unique;
        hits += count;
      }
    }
    return {searchConfidence(unique, hits), lowest};
  }

  bool done(MinimumId m) {
    const State& s = states[m];
    if (s.searches >= settings.options.max_searches) return true;
    if (s.searches < settings.options.min_searches) return false;
    return confidence(m).first >= settings.options.confidence;
  }

  /// Local centres of m: allowed atoms within centre_radius of either end of
  /// the move of an atom that moved in the transition that discovered m (the
  /// lowest transition id touching m, inserted together with m).
  std::vector<int> localCentres(MinimumId m, const Structure& s) const {
    if (m == root) return {};
    const auto adj = adjacent.find(m);
    if (adj == adjacent.end() || adj->second.empty()) return {};
    const Transition& t = transitions.at(adj->second.front());
    const double sign = t.to == m ? -1.0 : 1.0;  // other end = here + sign * (from -> to move)
    std::vector<Eigen::Vector3d> ends;
    const AtomDisplacement* largest = nullptr;
    for (const auto& d : t.moves) {
      if (!largest || d.dr.squaredNorm() > largest->dr.squaredNorm()) largest = &d;
      if (d.dr.norm() > settings.moved_threshold) {
        ends.push_back(s.positions.col(d.atom));
        ends.push_back(s.positions.col(d.atom) + sign * d.dr);
      }
    }
    if (ends.empty() && largest) {
      ends.push_back(s.positions.col(largest->atom));
      ends.push_back(s.positions.col(largest->atom) + sign * largest->dr);
    }
    const double r2 = settings.centre_radius * settings.centre_radius;
    std::vector<int> out;
    auto consider = [&](int i) {
      for (const auto& e : ends) {
        if (s.cell.minimumImage(s.positions.col(i) - e).squaredNorm() <= r2) {
          out.push_back(i);
          return;
        }
      }
    };
    if (settings.centres.empty()) {
      for (int i = 0; i < s.size(); ++i) consider(i);
    } else {
      for (int i : settings.centres) consider(i);
    }
    return out;
  }

  int centreOf(long index, const std::vector<int>& local, int natoms) const {
    std::mt19937_64 rng = centreRng(settings.seed, index);
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    if (!local.empty() && u >= settings.options.random_centres) {
      return local[std::uniform_int_distribution<std::size_t>(0, local.size() - 1)(rng)];
    }
    if (settings.centres.empty()) return std::uniform_int_distribution<int>(0, natoms - 1)(rng);
    return settings.centres[std::uniform_int_distribution<std::size_t>(0, settings.centres.size() - 1)(rng)];
  }

  void explore(MinimumId m) {
    Structure start = store.root();
    start.positions = store.minimumPositions(m);
    const double e0 = energy.at(m);
    const std::vector<int> local = localCentres(m, start);
    State& s = states[m];
    const long before = s.searches;
    const int threads = std::max(1, settings.threads);
    while (!done(m)) {
      // The searches up to min_searches are all needed, so they form one batch
      // (dynamic scheduling balances their uneven cost); after that, batches of
      // `threads`. Never past max_searches.
      const long batch = std::min<long>(std::max<long>(threads, settings.options.min_searches - s.searches),
                                        settings.options.max_searches - s.searches);
      const long first = m * kSearchStride + s.next_j;
      std::vector<SearchResult> results(static_cast<std::size_t>(batch));
      const auto t0 = std::chrono::steady_clock::now();
      // Plain threads pulling search numbers from a counter, not an OpenMP
      // team: between batches KMC runs serially, and idle OpenMP workers spin
      // there (GOMP_SPINCOUNT), which on a shared machine cost more than the
      // searches of a cheap state. Results go to their slots by number, so the
      // order of completion does not matter. The first exception is rethrown.
      std::atomic<long> next{0};
      std::exception_ptr error;
      std::mutex error_mutex;
      auto work = [&] {
        for (long b = next++; b < batch; b = next++) {
          try {
            const long index = first + b;
            results[static_cast<std::size_t>(b)] =
                searcher(start, e0, centreOf(index, local, start.size()), index);
          } catch (...) {
            const std::lock_guard<std::mutex> lock(error_mutex);
            if (!error) error = std::current_exception();
          }
        }
      };
      {
        std::vector<std::jthread> pool;
        for (long t = 1; t < std::min<long>(threads, batch); ++t) pool.emplace_back(work);
        work();
      }
      if (error) std::rethrow_exception(error);
      stats.search_seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      stats.searches_run += batch;
      // In index order, with the stopping rule checked before each insert, so
      // the store does not depend on the batch size (= thread count).
      for (long b = 0; b < batch; ++b) {
        if (b > 0 && done(m)) break;
        const SearchResult& r = results[static_cast<std::size_t>(b)];
        const auto inserted = store.insertSearchResult(searchRecord(r), foundTransition(r));
        ++s.searches;
        ++stats.searches_stored;
        s.next_j = r.index - m * kSearchStride + 1;
        if (inserted.new_minimum_a || inserted.new_minimum_b || inserted.new_transition) sync();
        if (inserted.transition) countHit(m, *inserted.transition);
      }
    }
    ++stats.states_explored;
    if (callback) {
      const auto [conf, lowest] = confidence(m);
      ExplorationReport report;
      report.state = m;
      report.searches = s.searches;
      report.new_searches = s.searches - before;
      report.events = static_cast<long>(adjacent.count(m) ? adjacent.at(m).size() : 0);
      report.lowest_barrier = lowest;
      report.confidence = conf;
      callback(report);
    }
  }

  /// Events of m from its adjacent transitions, both orientations.
  std::shared_ptr<const std::vector<KmcEvent>> eventsOf(MinimumId m) {
    State& s = states[m];
    if (s.events) return s.events;
    auto list = std::make_shared<std::vector<KmcEvent>>();
    const auto adj = adjacent.find(m);
    if (adj != adjacent.end()) {
      for (TransitionId id : adj->second) {
        const Transition& t = transitions.at(id);
        KmcEvent e;
        e.displacements = t.moves;
        if (t.from == m) {
          e.target = t.to;
          e.barrier = t.e_fwd;
          e.prefactor = t.prefactor_fwd;
        } else {
          e.target = t.from;
          e.barrier = t.e_rev;
          e.prefactor = t.prefactor_rev;
          for (auto& d : e.displacements) d.dr = -d.dr;
        }
        list->push_back(std::move(e));
      }
    }
    s.events = std::move(list);
    return s.events;
  }
};

AdaptiveProvider::AdaptiveProvider(landscape::EventStore& store, MinimumId initial, Searcher searcher,
                                   AdaptiveSettings settings, Callback callback) {
  const Structure& root = store.root();
  species_ = root.types;
  names_ = root.species;
  if (!searcher) throw InputError("adaptive KMC: no saddle searcher given");
  if (settings.options.min_searches < 1 || settings.options.max_searches < settings.options.min_searches) {
    throw InputError("adaptive KMC: needs 1 <= min_searches <= max_searches");
  }
  if (!(settings.window > 0.0)) throw InputError("adaptive KMC: the relevant window must be positive");
  for (int c : settings.centres) {
    if (c < 0 || c >= root.size())
      throw InputError("adaptive KMC: centre atom " + std::to_string(c) + " out of range");
  }
  catalogue_ =
      std::make_unique<Catalogue>(store, std::move(searcher), std::move(settings), std::move(callback));
  catalogue_->root = initial;
  catalogue_->sync();
  if (!catalogue_->energy.count(initial)) {
    throw InputError("adaptive KMC: the initial minimum " + std::to_string(initial) + " is not in the store");
  }
  catalogue_->loadSearches();
  initial_ = initial;
}

AdaptiveProvider::~AdaptiveProvider() = default;

std::unique_ptr<ProviderContext> AdaptiveProvider::newContext() const {
  return std::make_unique<AdaptiveContext>();
}

std::span<const KmcEvent> AdaptiveProvider::events(StateId state, ProviderContext* context) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  Catalogue& c = *catalogue_;
  if (!c.energy.count(state))
    throw Error("adaptive KMC: state " + std::to_string(state) + " is not a stored minimum");
  if (!c.done(state)) c.explore(state);
  auto list = c.eventsOf(state);
  if (auto* ctx = dynamic_cast<AdaptiveContext*>(context)) ctx->current = list;
  return {list->data(), list->size()};
}

std::uint64_t AdaptiveProvider::eventsRevision(StateId state) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = catalogue_->states.find(state);
  return it == catalogue_->states.end() ? 0 : it->second.revision;
}

bool AdaptiveProvider::explored(MinimumId state) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return catalogue_->done(state);
}

AdaptiveStats AdaptiveProvider::stats() const {
  const std::lock_guard<std::mutex> lock(mutex_);
  return catalogue_->stats;
}

}  // namespace glassland::kmc
