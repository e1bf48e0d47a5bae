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
#include <string_view>
#include <thread>

#include "glassland/core/error.hpp"
#include "glassland/explore/search_records.hpp"

namespace glassland::kmc {

using landscape::MinimumId;
using landscape::TransitionId;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Per-trajectory context: keeps the current state's event list alive, so the
/// span handed to KMC stays valid while the catalogue grows; and the last hop
/// (parent -> entered through transition `via`), for recycling.
struct AdaptiveContext final : ProviderContext {
  std::shared_ptr<const std::vector<KmcEvent>> current;
  std::shared_ptr<const std::vector<TransitionId>> current_ids;  // transition of each event
  MinimumId entered = -1;
  MinimumId parent = -1;
  TransitionId via = -1;
};

double secondsSince(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

/// Suffix of the method name of a recycled search in the store.
constexpr std::string_view kRecycledSuffix = "-recycled";

/// Hits of a recycled search that found a transition of the state, `inherited`
/// being the parent's hits of the recycled event: the parent's evidence, and
/// at least the one find of the recycled search itself. Not 1 + inherited: a
/// far event handed on over k hops would gain k hits no random search made.
long recycledHits(long inherited) { return std::max<long>(1, inherited); }

bool isRecycled(const landscape::SearchRecord& record) { return record.method.ends_with(kRecycledSuffix); }

/// Runs work(b) for b = 0 .. count-1 on `threads` threads. Plain threads
/// pulling numbers from a counter, not an OpenMP team: between batches KMC
/// runs serially, and idle OpenMP workers spin there (GOMP_SPINCOUNT), which
/// on a shared machine cost more than the searches of a cheap state. The work
/// writes to slot b, so the order of completion does not matter. The first
/// exception is rethrown.
template <typename Work>
void runParallel(long count, int threads, Work&& work) {
  std::atomic<long> next{0};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto loop = [&] {
    for (long b = next++; b < count; b = next++) {
      try {
        work(b);
      } catch (...) {
        const std::lock_guard<std::mutex> lock(error_mutex);
        if (!error) error = std::current_exception();
      }
    }
  };
  {
    std::vector<std::jthread> pool;
    for (long t = 1; t < std::min<long>(threads, count); ++t) pool.emplace_back(loop);
    loop();
  }
  if (error) std::rethrow_exception(error);
}

/// RNG of the centre choice of search `index`: its own stream (tag "cent"),
/// apart from the push stream that runSearch seeds from (seed, index).
std::mt19937_64 centreRng(std::uint64_t seed, long index) {
  const auto k = static_cast<std::uint64_t>(index);
  std::seed_seq seq{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32),
                    static_cast<std::uint32_t>(k), static_cast<std::uint32_t>(k >> 32), 0x63656e74u};
  return std::mt19937_64(seq);
}

}  // namespace

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
    long searches = 0;                        // search rows of this state in the store
    long recycled = 0;                        // of which recycled attempts
    long next_j = 0;                          // next offset in its index range
    std::map<TransitionId, long> hits;        // transitions found by its own searches (+ inherited hits)
    std::map<TransitionId, long> fresh_hits;  // of which by its searches from scratch
    std::shared_ptr<const std::vector<KmcEvent>> events;         // null: (re)build
    std::shared_ptr<const std::vector<TransitionId>> event_ids;  // the transition of each event
    std::uint64_t revision = 0;                                  // bumped whenever `events` is reset
  };
  /// How a state was entered: from `parent` through transition `via` (-1: unknown).
  struct Entry {
    MinimumId parent = -1;
    TransitionId via = -1;
  };
  /// A parent's event to recycle in the state explored.
  struct Candidate {
    TransitionId transition = 0;
    Positions guess;        // the parent's saddle mapped onto the state
    std::vector<int> core;  // the atoms that move in it
    long inherited = 0;     // the parent's hits of it
  };

  landscape::EventStore& store;
  Searcher searcher;
  Recycler recycler;
  AdaptiveSettings settings;
  Callback callback;
  MinimumId root = 0;
  std::map<MinimumId, double> energy;
  std::map<TransitionId, Transition> transitions;
  std::map<MinimumId, std::vector<TransitionId>> adjacent;  // ascending ids
  std::map<MinimumId, State> states;
  AdaptiveStats stats;

  Catalogue(landscape::EventStore& s, Searcher f, Recycler r, AdaptiveSettings a, Callback c)
      : store(s),
        searcher(std::move(f)),
        recycler(std::move(r)),
        settings(std::move(a)),
        callback(std::move(c)) {}

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

  void loadSearches() {
    for (const auto& record : store.searches()) {
      const MinimumId owner = explore::searchOrigin(record.index, root);
      State& s = states[owner];
      ++s.searches;
      if (record.index >= explore::kSearchStride)
        s.next_j = std::max(s.next_j, explore::searchNumber(record.index) + 1);
      const bool recycled = isRecycled(record);
      s.recycled += recycled;
      // A recycled search's seed column holds the hits it inherited (see the header).
      if (record.transition)
        countHit(owner, *record.transition, recycled ? recycledHits(static_cast<long>(record.seed)) : 1,
                 !recycled);
    }
  }

  /// A search from `m` (from scratch: `fresh`) found transition `t`: `weight`
  /// hits; they count only when `t` leaves m (a relaxation that missed m's
  /// stored minimum would give one that does not).
  void countHit(MinimumId m, TransitionId t, long weight, bool fresh) {
    const auto it = transitions.find(t);
    if (it == transitions.end() || (it->second.from != m && it->second.to != m)) return;
    states[m].hits[t] += weight;
    if (fresh) ++states[m].fresh_hits[t];
  }

  double barrierFrom(const Transition& t, MinimumId m) const { return t.from == m ? t.e_fwd : t.e_rev; }

  /// (confidence, lowest barrier) of state m at the provider's window, from
  /// all its hits or (fresh_only) those of its searches from scratch.
  std::pair<double, double> confidence(MinimumId m, bool fresh_only = false) {
    const auto adj = adjacent.find(m);
    if (adj == adjacent.end() || adj->second.empty()) return {0.0, kNaN};
    double lowest = std::numeric_limits<double>::infinity();
    for (TransitionId t : adj->second) lowest = std::min(lowest, barrierFrom(transitions.at(t), m));
    long unique = 0, hits = 0;
    for (const auto& [t, count] : fresh_only ? states[m].fresh_hits : states[m].hits) {
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
    if (confidence(m).first < settings.options.confidence) return false;
    // After recycling, the searches from scratch must also reach the
    // confidence on their own (EON counts only them): they cover the region
    // the hop changed, for which the parent's evidence says nothing.
    if (s.recycled == 0) return true;
    return s.searches - s.recycled >= settings.options.min_fresh_searches &&
           confidence(m, true).first >= settings.options.confidence;
  }

  /// The atoms that moved in `t`: farther than moved_threshold, or the one
  /// that moved most when none did.
  std::vector<AtomDisplacement> movedIn(const Transition& t) const {
    std::vector<AtomDisplacement> out;
    const AtomDisplacement* largest = nullptr;
    for (const auto& d : t.moves) {
      if (!largest || d.dr.squaredNorm() > largest->dr.squaredNorm()) largest = &d;
      if (d.dr.norm() > settings.moved_threshold) out.push_back(d);
    }
    if (out.empty() && largest) out.push_back(*largest);
    return out;
  }

  /// Both ends of the moves of the atoms that moved in `t`, seen from its end
  /// `x` (positions `px`).
  std::vector<Eigen::Vector3d> moveEnds(const Transition& t, MinimumId x, const Positions& px) const {
    const double sign = t.to == x ? -1.0 : 1.0;  // other end = here + sign * (from -> to move)
    std::vector<Eigen::Vector3d> ends;
    for (const auto& d : movedIn(t)) {
      ends.push_back(px.col(d.atom));
      ends.push_back(px.col(d.atom) + sign * d.dr);
    }
    return ends;
  }

  /// How m was entered: as the trajectory's context says when it recorded the
  /// hop into m, else through the transition that discovered m (the lowest
  /// transition id touching m, inserted together with m), from its other end.
  Entry entryOf(MinimumId m, const AdaptiveContext* ctx) const {
    if (m == root) return {};
    if (ctx && ctx->entered == m) {
      const auto it = transitions.find(ctx->via);
      if (it != transitions.end() && ((it->second.from == ctx->parent && it->second.to == m) ||
                                      (it->second.to == ctx->parent && it->second.from == m)))
        return {ctx->parent, ctx->via};
    }
    const auto adj = adjacent.find(m);
    if (adj == adjacent.end() || adj->second.empty()) return {};
    const Transition& t = transitions.at(adj->second.front());
    return {t.from == m ? t.to : t.from, adj->second.front()};
  }

  /// Local centres of m: allowed atoms within centre_radius of either end of
  /// the move of an atom that moved in the transition by which m was entered.
  std::vector<int> localCentres(MinimumId m, const Structure& s, const Entry& entry) const {
    if (entry.via < 0) return {};
    const std::vector<Eigen::Vector3d> ends = moveEnds(transitions.at(entry.via), m, s.positions);
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

  /// Centre of search `index`: local (a random one of `local`) with
  /// probability 1 - random_centres, or always when `local_only`; else random.
  int centreOf(long index, const std::vector<int>& local, int natoms, bool local_only) const {
    std::mt19937_64 rng = centreRng(settings.seed, index);
    const double u = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
    if (!local.empty() && (local_only || u >= settings.options.random_centres)) {
      return local[std::uniform_int_distribution<std::size_t>(0, local.size() - 1)(rng)];
    }
    if (settings.centres.empty()) return std::uniform_int_distribution<int>(0, natoms - 1)(rng);
    return settings.centres[std::uniform_int_distribution<std::size_t>(0, settings.centres.size() - 1)(rng)];
  }

  /// The events of m's parent to recycle (see the header): in ascending
  /// transition id, at most `limit`.
  std::vector<Candidate> recycleCandidates(MinimumId m, const Structure& sm, const Entry& entry, long limit) {
    std::vector<Candidate> out;
    if (!settings.options.recycle || !recycler || entry.via < 0 || limit <= 0) return out;
    const MinimumId p = entry.parent;
    const auto adj = adjacent.find(p);
    if (adj == adjacent.end()) return out;
    const Positions xp = store.minimumPositions(p);
    const std::vector<Eigen::Vector3d> hop = moveEnds(transitions.at(entry.via), p, xp);
    double lowest = std::numeric_limits<double>::infinity();
    for (TransitionId id : adj->second) lowest = std::min(lowest, barrierFrom(transitions.at(id), p));
    const double r2 = settings.recycle_radius * settings.recycle_radius;
    const Cell& cell = sm.cell;
    for (TransitionId id : adj->second) {
      if (static_cast<long>(out.size()) >= limit) break;
      const Transition& t = transitions.at(id);
      if (id == entry.via || t.from == m || t.to == m) continue;
      if (!(barrierFrom(t, p) < lowest + settings.window)) continue;  // not relevant out of p
      const std::vector<Eigen::Vector3d> ends = moveEnds(t, p, xp);
      bool far = true;
      for (const auto& x : ends) {
        for (const auto& y : hop) far = far && cell.minimumImage(x - y).squaredNorm() > r2;
      }
      if (!far) continue;
      Candidate c;
      c.transition = id;
      const Positions saddle = store.saddlePositions(id);
      c.guess = sm.positions;
      for (Eigen::Index i = 0; i < c.guess.cols(); ++i)
        c.guess.col(i) += cell.minimumImage(saddle.col(i) - xp.col(i));
      for (const auto& d : movedIn(t)) c.core.push_back(d.atom);
      const auto h = states[p].hits.find(id);
      c.inherited = h == states[p].hits.end() ? 0 : h->second;
      out.push_back(std::move(c));
    }
    return out;
  }

  /// Writes search result r of m (the store, the hit counts, the counters).
  /// `inherited` >= 0: a recycled search inheriting that many hits.
  void insert(MinimumId m, const SearchResult& r, long inherited) {
    State& s = states[m];
    landscape::SearchRecord record = explore::searchRecord(r);
    if (inherited >= 0) record.seed = static_cast<std::uint64_t>(inherited);  // see the header
    const auto inserted = store.insertSearchResult(record, explore::foundTransition(r));
    ++s.searches;
    ++stats.searches_stored;
    stats.force_calls += r.force_calls;
    s.next_j = r.index - explore::searchIndex(m, 0) + 1;
    if (inserted.new_minimum_a || inserted.new_minimum_b || inserted.new_transition) sync();
    if (inherited >= 0) {
      ++s.recycled;
      ++stats.recycled_stored;
      stats.recycled_force_calls += r.force_calls;
    }
    if (inserted.transition) {
      const long before = s.hits.count(*inserted.transition) ? s.hits.at(*inserted.transition) : 0;
      countHit(m, *inserted.transition, inherited >= 0 ? recycledHits(inherited) : 1, inherited < 0);
      const auto it = s.hits.find(*inserted.transition);
      if (inherited >= 0 && it != s.hits.end() && it->second > before) ++stats.recycled_found;
    }
  }

  void explore(MinimumId m, const Entry& entry) {
    Structure start = store.root();
    start.positions = store.minimumPositions(m);
    const double e0 = energy.at(m);
    const std::vector<int> local = localCentres(m, start, entry);
    State& s = states[m];
    const long before = s.searches;
    const long recycled_before = s.recycled, found_before = stats.recycled_found;
    const int threads = std::max(1, settings.threads);
    if (s.searches == 0) {
      // Event recycling, first: one batch, inserted in index order.
      const std::vector<Candidate> candidates = recycleCandidates(
          m, start, entry, settings.options.max_searches - settings.options.min_fresh_searches);
      const long batch = static_cast<long>(candidates.size());
      const long first = explore::searchIndex(m, s.next_j);
      std::vector<SearchResult> results(candidates.size());
      const auto t_run = std::chrono::steady_clock::now();
      runParallel(batch, threads, [&](long b) {
        const Candidate& c = candidates[static_cast<std::size_t>(b)];
        results[static_cast<std::size_t>(b)] = recycler(start, e0, c.guess, c.core, first + b);
      });
      stats.search_seconds += secondsSince(t_run);
      stats.recycled_run += batch;
      stats.searches_run += batch;
      for (long b = 0; b < batch; ++b)
        insert(m, results[static_cast<std::size_t>(b)], candidates[static_cast<std::size_t>(b)].inherited);
    }
    while (!done(m)) {
      // The searches up to min_searches are all needed, so they form one batch
      // (dynamic scheduling balances their uneven cost), and so are those up to
      // min_fresh_searches after recycling; after that, batches of `threads`.
      // Never past max_searches.
      long needed = settings.options.min_searches - s.searches;
      if (s.recycled > 0)
        needed = std::max(needed, settings.options.min_fresh_searches - (s.searches - s.recycled));
      const long batch =
          std::min<long>(std::max<long>(threads, needed), settings.options.max_searches - s.searches);
      const long first = explore::searchIndex(m, s.next_j);
      std::vector<SearchResult> results(static_cast<std::size_t>(batch));
      const auto t_run = std::chrono::steady_clock::now();
      runParallel(batch, threads, [&](long b) {
        const long index = first + b;
        results[static_cast<std::size_t>(b)] =
            searcher(start, e0, centreOf(index, local, start.size(), s.recycled > 0), index);
      });
      stats.search_seconds += secondsSince(t_run);
      stats.searches_run += batch;
      // In index order, with the stopping rule checked before each insert, so
      // the store does not depend on the batch size (= thread count).
      for (long b = 0; b < batch; ++b) {
        if (b > 0 && done(m)) break;
        insert(m, results[static_cast<std::size_t>(b)], -1);
      }
    }
    ++stats.states_explored;
    if (callback) {
      const auto [conf, lowest] = confidence(m);
      ExplorationReport report;
      report.state = m;
      report.searches = s.searches;
      report.new_searches = s.searches - before;
      report.recycled = s.recycled - recycled_before;
      report.recycled_found = stats.recycled_found - found_before;
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
    auto ids = std::make_shared<std::vector<TransitionId>>();
    const auto adj = adjacent.find(m);
    if (adj != adjacent.end()) {
      for (TransitionId id : adj->second) {
        ids->push_back(id);
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
    s.event_ids = std::move(ids);
    return s.events;
  }
};

AdaptiveProvider::AdaptiveProvider(landscape::EventStore& store, MinimumId initial, Searcher searcher,
                                   AdaptiveSettings settings, Callback callback, Recycler recycler) {
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
  catalogue_ = std::make_unique<Catalogue>(store, std::move(searcher), std::move(recycler),
                                           std::move(settings), std::move(callback));
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
  auto* ctx = dynamic_cast<AdaptiveContext*>(context);
  if (!c.done(state)) c.explore(state, c.entryOf(state, ctx));
  auto list = c.eventsOf(state);
  if (ctx) {
    ctx->current = list;
    ctx->current_ids = c.states[state].event_ids;
  }
  return {list->data(), list->size()};
}

std::uint64_t AdaptiveProvider::eventsRevision(StateId state) const {
  const std::lock_guard<std::mutex> lock(mutex_);
  const auto it = catalogue_->states.find(state);
  return it == catalogue_->states.end() ? 0 : it->second.revision;
}

void AdaptiveProvider::onHop(StateId state, const KmcEvent& event, ProviderContext* context) const {
  auto* ctx = dynamic_cast<AdaptiveContext*>(context);
  if (!ctx) return;
  ctx->entered = -1;
  // A plain hop: the event is one of the list events() handed out last (KMC's choice).
  if (ctx->current && ctx->current_ids) {
    const std::span<const KmcEvent> list(*ctx->current);
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (&list[k] == &event) {
        ctx->entered = event.target;
        ctx->parent = state;
        ctx->via = (*ctx->current_ids)[k];
        return;
      }
    }
  }
  // Not from that list: a superbasin exit, whose event is the basin's own copy
  // of an event of `state`. The transition is the lowest-id one joining the two
  // states with that barrier out of `state`.
  const std::lock_guard<std::mutex> lock(mutex_);
  const Catalogue& c = *catalogue_;
  const auto adj = c.adjacent.find(state);
  if (adj == c.adjacent.end()) return;
  for (TransitionId id : adj->second) {
    const auto& t = c.transitions.at(id);
    const MinimumId other = t.from == state ? t.to : t.from;
    if (other == event.target && c.barrierFrom(t, state) == event.barrier) {
      ctx->entered = event.target;
      ctx->parent = state;
      ctx->via = id;
      return;
    }
  }
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
