// The kmc section of a config: KmcOptions::fromYaml reads every key, then
// checks the values (after reader.finish(), so unknown keys are named first).
#include <cmath>
#include <string>

#include "glassland/kmc/kmc.hpp"

namespace glassland::kmc {

namespace {

// `prefactor` is a number or the word `vineyard` (harmonic TST per transition).
void readPrefactor(OptionsReader& reader, KmcOptions& o) {
  const YAML::Node prefactor = reader.child("prefactor");
  if (prefactor && prefactor.IsScalar() && prefactor.Scalar() == "vineyard") {
    o.vineyard = true;
  } else if (prefactor) {
    double value = 0.0;
    try {
      value = prefactor.as<double>();
    } catch (const YAML::Exception&) {
      reader.failAt("prefactor",
                    "expected a number (1/time) or vineyard, got '" +
                        (prefactor.IsScalar() ? prefactor.Scalar() : std::string("a non-scalar")) + "'");
    }
    if (!std::isfinite(value)) reader.failAt("prefactor", "expected a finite number (1/time) or vineyard");
    o.prefactor = value;
  }
}

// `duration`: one time, or one per temperature. True when the key is there.
bool readDuration(OptionsReader& reader, KmcOptions& o) {
  const YAML::Node duration = reader.child("duration");
  if (duration) {
    if (duration.IsSequence()) {
      reader.get("duration", o.duration);
    } else {
      double value = 0.0;
      reader.get("duration", value);
      o.duration = {value};
    }
  }
  return static_cast<bool>(duration);
}

// `provider`: a name, or a map {type: lattice-vacancy, ...} with that provider's settings.
void readProvider(OptionsReader& reader, KmcOptions& o) {
  YAML::Node provider = reader.child("provider");
  if (provider) {
    if (provider.IsScalar()) {
      reader.get("provider", o.provider);
      if (o.provider == "lattice-vacancy") {
        OptionsReader empty(YAML::Node(), reader.sectionName() + ".provider", reader.file());
        o.lattice = LatticeVacancyOptions::fromYaml(empty);
      }
    } else if (provider.IsMap()) {
      OptionsReader sub = reader.section("provider");
      sub.require("type", o.provider);
      if (o.provider != "lattice-vacancy") {
        sub.failAt("type", "only provider type lattice-vacancy takes settings (got '" + o.provider + "')");
      }
      o.lattice = LatticeVacancyOptions::fromYaml(sub);
    } else {
      reader.failAt("provider", "expected graph, adaptive, or {type: lattice-vacancy, ...}");
    }
    if (o.provider != "graph" && o.provider != "adaptive" && o.provider != "lattice-vacancy") {
      reader.failAt("provider", "unknown provider '" + o.provider +
                                    "' (expected one of: graph, adaptive, lattice-vacancy)");
    }
  }
}

void checkTemperaturesAndPrefactor(const OptionsReader& reader, const KmcOptions& o) {
  if (o.temperatures.empty()) reader.failAt("temperatures", "needs at least one temperature");
  for (double t : o.temperatures) {
    if (!(t > 0.0) || !std::isfinite(t))
      reader.failAt("temperatures", "temperatures must be positive and finite");
  }
  for (std::size_t i = 0; i < o.temperatures.size(); ++i) {
    for (std::size_t j = 0; j < i; ++j) {
      if (o.temperatures[i] == o.temperatures[j])
        reader.failAt("temperatures", "each temperature may appear once");
    }
  }
  if (o.prefactor < 0.0) reader.failAt("prefactor", "must be positive (or omitted for the units' default)");
  if (o.vineyard && o.provider == "lattice-vacancy")
    reader.failAt("prefactor",
                  "vineyard needs the saddle searches of provider graph or adaptive; the "
                  "lattice-vacancy provider takes its prefactor from provider.prefactor");
}

// Trajectories, steps and how long each runs (duration or target_msd).
void checkRunLength(OptionsReader& reader, const KmcOptions& o, bool has_duration) {
  if (o.trajectories < 1) reader.failAt("trajectories", "needs at least 1 trajectory");
  // Every trajectory's statistics are kept until the estimates: bounded before allocating.
  if (o.trajectories > 1000000) reader.failAt("trajectories", "must be at most 1000000");
  if (o.steps < 1) reader.failAt("steps", "needs at least 1 step");
  // 4 * steps is the default max_steps: kept far from int64 overflow.
  if (o.steps > 1'000'000'000'000'000) reader.failAt("steps", "must be at most 10^15");
  if (o.max_steps < 0) reader.failAt("max_steps", "must be >= 0 (0 = 4 * steps)");
  if (o.target_msd < 0.0) reader.failAt("target_msd", "must be positive (or 0 for 100 hop_threshold^2)");
  if (has_duration) {
    if (o.duration.empty()) reader.failAt("duration", "needs a time, or one per temperature");
    for (double t : o.duration) {
      if (!(t > 0.0 && std::isfinite(t))) reader.failAt("duration", "simulated times must be positive");
    }
    if (o.duration.size() != 1 && o.duration.size() != o.temperatures.size()) {
      reader.failAt("duration", "expected one time, or one per temperature (" +
                                    std::to_string(o.temperatures.size()) + "), got " +
                                    std::to_string(o.duration.size()));
    }
    if (reader.has("target_msd")) {
      reader.failAt("target_msd", "give duration or target_msd, not both (duration fixes t_run directly)");
    }
  }
}

void checkSuperbasinAndThreads(const OptionsReader& reader, const KmcOptions& o) {
  if (o.superbasin_max_states < 2) reader.failAt("superbasin_max_states", "must be at least 2");
  if (!(o.superbasin_kt > 0.0)) reader.failAt("superbasin_kt", "must be positive");
  if (o.superbasin_scheme != "barrier" && o.superbasin_scheme != "count" && o.superbasin_scheme != "both") {
    reader.failAt("superbasin_scheme", "expected barrier, count or both (got '" + o.superbasin_scheme + "')");
  }
  if (o.superbasin_count < 1) reader.failAt("superbasin_count", "must be at least 1");
  if (o.threads < 0) reader.failAt("threads", "must be >= 0 (0 = OpenMP default)");
  if (o.threads > kMaxThreads) reader.failAt("threads", "must be at most " + std::to_string(kMaxThreads));
}

}  // namespace

KmcOptions KmcOptions::fromYaml(OptionsReader& reader) {
  KmcOptions o;
  reader.get("temperatures", o.temperatures);
  readPrefactor(reader, o);
  reader.get("trajectories", o.trajectories).get("steps", o.steps).get("seed", o.seed);
  reader.get("superbasin", o.superbasin).get("superbasin_barrier", o.superbasin_barrier);
  reader.get("superbasin_kt", o.superbasin_kt).get("superbasin_max_states", o.superbasin_max_states);
  reader.get("superbasin_position_tolerance", o.superbasin_position_tolerance);
  reader.get("superbasin_scheme", o.superbasin_scheme).get("superbasin_count", o.superbasin_count);
  reader.get("hop_threshold", o.hop_threshold).get("lateral", o.lateral).get("threads", o.threads);
  reader.get("target_msd", o.target_msd).get("max_steps", o.max_steps);
  const bool has_duration = readDuration(reader, o);
  if (reader.has("adaptive")) {
    OptionsReader sub = reader.section("adaptive");
    o.adaptive = AdaptiveOptions::fromYaml(sub);
  }
  readProvider(reader, o);
  reader.finish();
  checkTemperaturesAndPrefactor(reader, o);
  checkRunLength(reader, o, has_duration);
  checkSuperbasinAndThreads(reader, o);
  return o;
}

}  // namespace glassland::kmc
