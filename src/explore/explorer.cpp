#include "glassland/explore/explorer.hpp"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <exception>
#include <map>
#include <mutex>

#include "glassland/core/error.hpp"
#include "glassland/core/interrupt.hpp"

namespace glassland {

std::vector<int> CentreSelection::resolve(const Structure& s) const {
  std::vector<int> out;
  switch (kind) {
    case Kind::All:
      for (int i = 0; i < s.size(); ++i) out.push_back(i);
      break;
    case Kind::Ids: {
      std::map<long, int> index;
      for (int i = 0; i < s.size(); ++i) index[s.ids[static_cast<std::size_t>(i)]] = i;
      for (long id : ids) {
        const auto it = index.find(id);
        if (it == index.end())
          throw InputError(file, line, "explore.centres: no atom with id " + std::to_string(id));
        out.push_back(it->second);
      }
      break;
    }
    case Kind::Species: {
      const int type = s.typeOf(species);
      if (type < 0) throw InputError(file, line, "explore.centres: unknown species '" + species + "'");
      for (int i = 0; i < s.size(); ++i)
        if (s.types[static_cast<std::size_t>(i)] == type) out.push_back(i);
      break;
    }
  }
  if (out.empty()) throw InputError(file, line, "explore.centres: the selection holds no atom");
  return out;
}

namespace {

/// Replaces `target` with the sub-section `name` of `section` (the search
/// methods' own option blocks, e.g. explore.artn), when the config has it.
template <class Options>
void readSubsection(OptionsReader& section, const char* name, Options& target) {
  if (!section.has(name)) return;
  OptionsReader sub = section.section(name);
  target = Options::fromYaml(sub);
}

}  // namespace

ExploreOptions ExploreOptions::fromYaml(OptionsReader& section) {
  ExploreOptions o;
  std::string method(methodName(o.search.saddle.method));
  section.get("method", method);
  try {
    o.search.saddle.method = parseMethod(method);
  } catch (const InputError&) {
    section.failAt("method", "'" + method + "' is not a saddle method (valid: artn, dimer)");
  }
  section.get("searches", o.searches).get("seed", o.seed).get("threads", o.threads).get("store", o.store);
  if (o.searches < 0) section.failAt("searches", "must be >= 0");
  if (o.threads < 0) section.failAt("threads", "must be >= 0 (0 = all cores)");
  if (o.threads > kMaxThreads) section.failAt("threads", "must be at most " + std::to_string(kMaxThreads));
  // The campaign lists its search indices before it starts; far more searches
  // than could ever run would only exhaust memory.
  if (o.searches > kMaxSearches)
    section.failAt("searches", "must be at most " + std::to_string(kMaxSearches));

  o.centres.file = section.file();
  if (YAML::Node c = section.child("centres")) {
    o.centres.line = OptionsReader::lineOf(c);
    if (c.IsScalar()) {
      if (c.as<std::string>() != "all")
        section.failAt("centres", "expected all, a list of atom ids or {species: NAME}");
      o.centres.kind = CentreSelection::Kind::All;
    } else if (c.IsSequence()) {
      o.centres.kind = CentreSelection::Kind::Ids;
      for (const auto& item : c) {
        try {
          o.centres.ids.push_back(item.as<long>());
        } catch (const YAML::Exception&) {
          section.failAt("centres", "atom ids must be integers");
        }
      }
      if (o.centres.ids.empty()) section.failAt("centres", "the list of atom ids is empty");
    } else if (c.IsMap()) {
      OptionsReader sub = section.section("centres");
      o.centres.kind = CentreSelection::Kind::Species;
      sub.require("species", o.centres.species);
      sub.finish();
    } else {
      section.failAt("centres", "expected all, a list of atom ids or {species: NAME}");
    }
  }

  SearchOptions& s = o.search;
  section.get("push_radius", s.push_radius)
      .get("push_norm", s.push_norm)
      .get("active_radius", s.active_radius)
      .get("activation_radius", s.activation_radius)
      .get("full_relax", s.full_relax)
      .get("full_saddle", s.full_saddle)
      .get("full_saddle_max_force_calls", s.full_saddle_max_force_calls)
      .get("push_attempts", s.push_attempts)
      .get("displacement_threshold", s.displacement_threshold)
      .get("saddle_fmax", s.saddle.fmax)
      .get("max_force_calls", s.saddle.max_force_calls)
      .get("max_energy_rise", s.saddle.max_energy_rise)
      .get("push_over", s.refine.push_over)
      .get("same_energy", s.refine.same_energy)
      .get("same_distance", s.refine.same_distance)
      .get("second_eigenvalue_floor", s.refine.second_eigenvalue_floor);
  if (!(s.push_radius >= 0)) section.failAt("push_radius", "must be >= 0");
  if (!(s.push_norm > 0)) section.failAt("push_norm", "must be > 0");
  if (s.push_attempts < 1) section.failAt("push_attempts", "must be >= 1");
  if (s.full_saddle_max_force_calls < 1) section.failAt("full_saddle_max_force_calls", "must be >= 1");
  if (!(s.active_radius >= s.push_radius)) section.failAt("active_radius", "must be >= push_radius");
  if (!(s.activation_radius >= 0)) section.failAt("activation_radius", "must be >= 0 (0: every active atom)");
  if (!(s.displacement_threshold >= 0)) section.failAt("displacement_threshold", "must be >= 0");
  if (!(s.saddle.fmax > 0)) section.failAt("saddle_fmax", "must be > 0");
  if (s.saddle.max_force_calls < 1) section.failAt("max_force_calls", "must be >= 1");
  if (!(s.saddle.max_energy_rise > 0)) section.failAt("max_energy_rise", "must be > 0");
  if (!(s.refine.push_over > 0)) section.failAt("push_over", "must be > 0");
  if (!(s.refine.same_energy > 0)) section.failAt("same_energy", "must be > 0");
  if (!(s.refine.same_distance > 0)) section.failAt("same_distance", "must be > 0");

  readSubsection(section, "artn", s.saddle.artn);
  readSubsection(section, "dimer", s.saddle.dimer);
  readSubsection(section, "lanczos", s.saddle.lanczos);
  readSubsection(section, "dimer_rotation", s.saddle.rotation);
  readSubsection(section, "perp_relax", s.saddle.perp);
  if (section.has("relax")) {
    OptionsReader sub = section.section("relax");
    // Keys not given keep the refinement's own defaults (L-BFGS to 1e-5), not minimize's.
    s.refine.relax = MinimizeOptions::fromYaml(sub, s.refine.relax);
  }
  section.finish();
  return o;
}

Explorer::Explorer(Structure start, double start_energy, const Potential& potential, ExploreOptions options)
    : start_(std::move(start)),
      start_energy_(start_energy),
      potential_(potential),
      options_(std::move(options)),
      centres_(options_.centres.resolve(start_)) {}

ExploreSummary Explorer::run(const Sink& sink, const Progress& progress, const std::set<long>& skip) {
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<long> todo;
  for (long k = 0; k < options_.searches; ++k)
    if (!skip.count(k)) todo.push_back(k);
  const long total = static_cast<long>(todo.size());
  const int threads = options_.threads > 0 ? options_.threads : omp_get_max_threads();

  ExploreSummary summary;
  summary.threads = threads;
  std::vector<double> converged_calls;
  // Distinct saddles so far: (energy, index of the first result, positions).
  struct Known {
    double energy;
    long index;
    Positions positions;
  };
  std::vector<Known> known, connected;
  const RefineOptions& id = options_.search.refine;
  auto sameSaddle = [&](const Known& s, const SearchResult& r) {
    // Same saddle: same energy within tolerance and no atom further apart than
    // the distance tolerance (minimum image), as EON identifies states.
    return std::abs(s.energy - r.saddle_energy) <= id.same_energy &&
           maxAtomDistance(start_.cell, s.positions, r.saddle_positions) <= id.same_distance;
  };
  // Classifies a result and hands it to the sink; called in index order.
  auto deliver = [&](SearchResult& r) {
    if (r.hasSaddle()) {
      for (const Known& s : known) {
        if (sameSaddle(s, r)) {
          r.duplicate_of = s.index;
          break;
        }
      }
      if (r.duplicate_of < 0) known.push_back({r.saddle_energy, r.index, r.saddle_positions});
      if (r.outcome == SearchOutcome::Converged &&
          std::none_of(connected.begin(), connected.end(),
                       [&](const Known& s) { return sameSaddle(s, r); })) {
        connected.push_back({r.saddle_energy, r.index, r.saddle_positions});
      }
    }
    ++summary.outcomes[static_cast<std::size_t>(r.outcome)];
    ++summary.searches;
    if (r.outcome == SearchOutcome::Converged) converged_calls.push_back(static_cast<double>(r.force_calls));
    if (sink) sink(r);
  };

  // Finished results wait here until every earlier search has been delivered.
  std::map<long, SearchResult> waiting;  // by position in `todo`
  long next_to_deliver = 0;
  std::mutex mutex;
  std::exception_ptr failure;
  long done = 0;

#pragma omp parallel for schedule(dynamic, 1) num_threads(threads)
  for (long t = 0; t < total; ++t) {
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (failure) continue;
    }
    // Ctrl-C: no new search starts; those in flight finish and are delivered in
    // order, so the store holds a prefix-consistent set to resume from.
    if (interruptRequested()) continue;
    try {
      const long k = todo[static_cast<std::size_t>(t)];
      SearchResult r =
          runSearch(start_, start_energy_, potential_, centreOf(k), options_.seed, k, options_.search);
      std::lock_guard<std::mutex> lock(mutex);
      if (failure) continue;
      waiting.emplace(t, std::move(r));
      for (auto it = waiting.begin(); it != waiting.end() && it->first == next_to_deliver;
           it = waiting.erase(it), ++next_to_deliver) {
        deliver(it->second);
      }
      ++done;
      if (progress) progress(done, total);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (!failure) failure = std::current_exception();
    }
  }
  if (failure) std::rethrow_exception(failure);
  throwIfInterrupted();
  summary.unique_saddles = static_cast<long>(connected.size());

  if (summary.searches > 0)
    summary.success_rate = static_cast<double>(summary.count(SearchOutcome::Converged)) / summary.searches;
  if (!converged_calls.empty()) {
    std::sort(converged_calls.begin(), converged_calls.end());
    const std::size_t m = converged_calls.size();
    summary.force_calls_median =
        m % 2 ? converged_calls[m / 2] : 0.5 * (converged_calls[m / 2 - 1] + converged_calls[m / 2]);
  }
  summary.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return summary;
}

}  // namespace glassland
