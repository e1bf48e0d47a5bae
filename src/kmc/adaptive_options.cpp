// The adaptive provider's options, its search stopping rule (Xu & Henkelman
// 2008) and the search functions it calls (declared in adaptive_provider.hpp).
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "glassland/core/error.hpp"
#include "glassland/explore/search_records.hpp"
#include "glassland/kmc/adaptive_provider.hpp"

namespace glassland::kmc {

AdaptiveOptions AdaptiveOptions::fromYaml(OptionsReader& reader) {
  AdaptiveOptions o;
  reader.get("min_searches", o.min_searches).get("max_searches", o.max_searches);
  reader.get("confidence", o.confidence).get("window_kt", o.window_kt).get("temperature", o.temperature);
  reader.get("random_centres", o.random_centres).get("centre_radius", o.centre_radius);
  reader.get("moved_threshold", o.moved_threshold).get("threads", o.threads);
  reader.get("recycle", o.recycle).get("recycle_radius", o.recycle_radius);
  reader.get("min_fresh_searches", o.min_fresh_searches);
  reader.finish();
  if (o.min_searches < 1) reader.failAt("min_searches", "must be at least 1");
  if (o.max_searches < o.min_searches) reader.failAt("max_searches", "must be at least min_searches");
  if (o.max_searches >= explore::kSearchStride) {
    reader.failAt("max_searches", "must be below " + std::to_string(explore::kSearchStride));
  }
  if (!(o.confidence > 0.0 && o.confidence < 1.0)) reader.failAt("confidence", "must lie in (0, 1)");
  if (!(o.window_kt > 0.0)) reader.failAt("window_kt", "must be positive");
  if (!(o.random_centres >= 0.0 && o.random_centres <= 1.0))
    reader.failAt("random_centres", "must lie in [0, 1]");
  if (o.threads < 0) reader.failAt("threads", "must be >= 0 (0 = explore.threads)");
  if (o.threads > kMaxThreads) reader.failAt("threads", "must be at most " + std::to_string(kMaxThreads));
  if (o.min_fresh_searches < 0 || o.min_fresh_searches > o.max_searches)
    reader.failAt("min_fresh_searches", "must lie in [0, max_searches]");
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

AdaptiveSettings adaptiveSettings(const KmcOptions& kmc, const ExploreOptions& campaign, const Units& units,
                                  double potential_cutoff, const Structure& root,
                                  const std::string& config_file) {
  explore::requireBelowAdaptiveSearches(campaign.searches, config_file);
  const AdaptiveOptions& adaptive = kmc.adaptive;
  AdaptiveSettings settings;
  settings.options = adaptive;
  const double t_window = adaptive.temperature > 0.0
                              ? adaptive.temperature
                              : *std::max_element(kmc.temperatures.begin(), kmc.temperatures.end());
  settings.window = adaptive.window_kt * units.boltzmann * t_window;
  settings.centre_radius =
      adaptive.centre_radius > 0.0 ? adaptive.centre_radius : campaign.search.push_radius;
  settings.moved_threshold = adaptive.moved_threshold > 0.0 ? adaptive.moved_threshold
                             : kmc.hop_threshold > 0.0      ? kmc.hop_threshold
                                                            : units.hop_threshold;
  settings.threads = adaptive.threads > 0   ? adaptive.threads
                     : campaign.threads > 0 ? campaign.threads
                                            : omp_get_max_threads();
  settings.recycle_radius = adaptive.recycle_radius > 0.0 ? adaptive.recycle_radius : potential_cutoff;
  settings.seed = campaign.seed;
  settings.stored_prefactors = kmc.vineyard;
  settings.centres = campaign.centres.resolve(root);
  return settings;
}

Searcher makeSearcher(const Potential& potential, std::uint64_t seed, SearchOptions options) {
  return [&potential, seed, options = std::move(options)](const Structure& start, double start_energy,
                                                          int centre, long index) {
    return runSearch(start, start_energy, potential, centre, seed, index, options);
  };
}

Recycler makeRecycler(const Potential& potential, std::uint64_t seed, SearchOptions options) {
  return [&potential, seed, options = std::move(options)](const Structure& start, double start_energy,
                                                          const Positions& saddle_guess,
                                                          const std::vector<int>& core, long index) {
    return runRecycledSearch(start, start_energy, potential, saddle_guess, core, seed, index, options);
  };
}

}  // namespace glassland::kmc
