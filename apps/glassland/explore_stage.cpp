// `glassland explore`: saddle searches around the inherent structure, each
// written to the landscape store in its own transaction as it finishes, so a
// killed run loses only the searches in flight and a rerun resumes.

#include <fmt/format.h>
#include <omp.h>

#include <algorithm>
#include <chrono>
#include <cmath>

#include "glassland/config/stage_options.hpp"
#include "glassland/explore/explorer.hpp"
#include "glassland/explore/search_records.hpp"
#include "glassland/landscape/event_store.hpp"
#include "progress.hpp"
#include "stages.hpp"
#include "system.hpp"

namespace glassland::app {

namespace {

/// The config hash written into the store: everything that decides which
/// minima and transitions exist, but not how many searches run or on how many
/// threads (so a run can be extended with more searches).
std::string landscapeHash(const Config& config) {
  const std::string hash =
      config.hashOf({"units", "structure", "species", "potential", "minimize", "explore", "landscape"},
                    {"explore.searches", "explore.threads", "explore.store"});
  // With kmc.prefactor: vineyard the transitions carry prefactors: such a store
  // cannot be extended without them, nor the other way round. (Other stores keep
  // their hash.)
  return exploreOptions(config).search.vineyard.enabled ? stableHash(hash + ";prefactor=vineyard") : hash;
}

/// The value below which a fraction q of the sorted `v` lies (linear interpolation).
double quantile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double at = q * static_cast<double>(sorted.size() - 1);
  const auto i = static_cast<std::size_t>(at);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (at - static_cast<double>(i)) * (sorted[i + 1] - sorted[i]);
}

double median(std::vector<double> v) {
  if (v.empty()) return 0.0;
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

void runExplore(const StageArguments& args) {
  const Config config = Config::load(args.config_file, args.overrides);
  const ExploreOptions options = exploreOptions(config);
  const System system = loadSystem(config);
  // Before the store is opened: a second process on this output must not add
  // the root minimum again (stages.hpp).
  lockOutput(config);
  const RootMinimum root = inherentStructure(config, args);

  landscape::StoreHeader header;
  header.units = config.units;
  header.potential = system.potential->name() + " " + config.hashOf({"potential"});
  header.config_hash = landscapeHash(config);
  header.root = root.structure;
  const auto path = storePath(config);
  landscape::EventStore store =
      landscape::EventStore::openOrCreate(path.string(), header, identityOptions(config));

  // On resume the root is the one stored, bit for bit. It is the store's first
  // minimum, with its exact positions: left to the searches, the root would be
  // whichever search's relaxed start finished first (equal only within the
  // identity tolerance), and every later search from it would depend on that.
  const Structure& start = store.root();
  store.addMinimum(root.energy, start.positions);
  const std::set<long> done = store.completedSearches();
  long to_run = 0;
  for (long k = 0; k < options.searches; ++k) to_run += done.count(k) ? 0 : 1;
  if (!args.quiet && !done.empty()) {
    fmt::print("explore: resuming {}: {} searches already recorded, {} to run\n", path.string(), done.size(),
               to_run);
  }

  Explorer explorer(start, root.energy, *system.potential, options);
  ProgressBar bar("explore", to_run, "searches", args.quiet);
  long finished = 0;
  // Vineyard prefactors of this run's converged searches, and their cost.
  std::vector<double> prefactors, prefactor_calls;
  long prefactors_missing = 0;
  std::string first_missing;
  const auto begin = std::chrono::steady_clock::now();
  const ExploreSummary run = explorer.run(
      [&](const SearchResult& result) {
        store.insertSearchResult(explore::searchRecord(result), explore::foundTransition(result));
        if (options.search.vineyard.enabled && result.outcome == SearchOutcome::Converged) {
          prefactor_calls.push_back(static_cast<double>(result.prefactor_force_calls));
          for (double p : {result.prefactor_forward, result.prefactor_reverse}) {
            if (std::isfinite(p)) prefactors.push_back(p);
          }
          if (!result.prefactor_message.empty()) {
            ++prefactors_missing;
            if (first_missing.empty())
              first_missing = "search " + std::to_string(result.index) + ": " + result.prefactor_message;
          }
        }
        bar.update(++finished);
      },
      {}, done);
  bar.finish();
  const double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - begin).count();

  // Totals over every search in the store (this run and earlier ones).
  nlohmann::json outcomes = nlohmann::json::object();
  for (SearchOutcome o : kAllOutcomes) outcomes[std::string(outcomeName(o))] = 0;
  std::vector<double> converged_calls;
  long searches = 0;
  for (const auto& record : store.searches()) {
    if (record.index >= options.searches) continue;
    ++searches;
    outcomes[record.outcome] = outcomes.value(record.outcome, 0) + 1;
    if (record.outcome == outcomeName(SearchOutcome::Converged)) {
      converged_calls.push_back(static_cast<double>(record.force_calls));
    }
  }
  nlohmann::json out;
  out["searches"] = searches;
  out["outcomes"] = outcomes;
  out["unique_saddles"] = store.numTransitions();
  out["minima"] = store.numMinima();
  out["success_rate"] = searches ? static_cast<double>(converged_calls.size()) / searches : 0.0;
  out["force_calls_median"] = median(converged_calls);
  // Timings, the thread count and how many searches this particular run did
  // (a resumed run does fewer) vary between runs with the same result: kept
  // apart, out of the digest the next stage checks (stage_common.cpp).
  out["timing"] = {{"wall_seconds", wall}, {"threads", run.threads}, {"searches_this_run", run.searches}};
  out["method"] = std::string(methodName(options.search.saddle.method));
  out["store"] = path.filename().string();
  if (options.search.vineyard.enabled) {
    std::sort(prefactors.begin(), prefactors.end());
    // Both directions of this run's converged searches (1/time).
    out["vineyard"] = {{"prefactors", prefactors.size()},
                       {"searches_without", prefactors_missing},
                       {"first_without", first_missing},
                       {"prefactor_median", quantile(prefactors, 0.5)},
                       {"prefactor_p10", quantile(prefactors, 0.1)},
                       {"prefactor_p90", quantile(prefactors, 0.9)},
                       {"force_calls_median", median(prefactor_calls)}};
  }
  writeStageJson(config, "explore", out);

  if (!args.quiet) {
    fmt::print(
        "explore: {} searches ({} this run), {} converged ({:.0f} %), {} unique saddles, {} minima, "
        "median {} force calls per converged search, {:.1f} s on {} threads\n",
        searches, run.searches, converged_calls.size(), 100.0 * out["success_rate"].get<double>(),
        store.numTransitions(), store.numMinima(), median(converged_calls), wall, run.threads);
    if (options.search.vineyard.enabled) {
      fmt::print(
          "explore: Vineyard prefactors of this run: {} (median {:.4g}, 10-90 % {:.4g}-{:.4g} per {}), "
          "median {} force calls per converged search for them, {} searches without\n",
          prefactors.size(), quantile(prefactors, 0.5), quantile(prefactors, 0.1), quantile(prefactors, 0.9),
          config.unitSystem().time, median(prefactor_calls), prefactors_missing);
      if (!first_missing.empty()) fmt::print("explore: first without: {}\n", first_missing);
    }
  }
}

}  // namespace glassland::app
