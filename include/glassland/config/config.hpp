#pragma once
/// \file
/// The YAML config that drives every stage. Top-level keys are typed here;
/// each stage's section is read by the options struct of the module that owns
/// it (MinimizeOptions, ExploreOptions, KmcOptions, ...). Relative paths in the
/// file are relative to the file's own directory, so a config and its data
/// travel together.

#include <yaml-cpp/yaml.h>

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "glassland/core/options.hpp"
#include "glassland/core/units.hpp"
#include "glassland/io/io.hpp"

namespace glassland {

/// A loaded config file with the command line's --set overrides applied.
struct Config {
  std::filesystem::path file;       ///< the config file as given
  std::filesystem::path directory;  ///< its directory: relative paths resolve here
  YAML::Node root;                  ///< the effective document (after overrides)

  std::string units = "lj";              ///< `units:` lj | metal
  std::filesystem::path structure;       ///< `structure:` (or `structure: {file: ...}`) resolved path
  io::ReadOptions read_options;          ///< `structure: {frame, periodic, min_distance}`
  std::vector<std::string> species;      ///< `species:` names of the file's types 1, 2, ...
  std::filesystem::path output = "out";  ///< `output:` resolved output directory

  /// Reads and validates `file`: top-level keys, and every stage section via
  /// its options struct (unknown keys anywhere are an InputError listing the
  /// valid ones). `overrides` are "section.key=value" or "key=value".
  static Config load(const std::filesystem::path& file, const std::vector<std::string>& overrides = {});

  /// Reader over a top-level section ("minimize", "potential", ...); an absent
  /// section reads as empty, so every key keeps its default.
  OptionsReader section(std::string_view name) const;
  const Units& unitSystem() const { return Units::byName(units); }
  /// `p` resolved against the config file's directory (absolute paths unchanged).
  std::filesystem::path resolve(const std::filesystem::path& p) const;
  /// The effective config as YAML text (written into the output directory).
  std::string effectiveYaml() const;
  /// Stable hash (hex) of the YAML text of the given top-level sections, for
  /// deciding whether a stage's output is up to date or a store matches.
  /// Keys listed in `ignored` ("section.key", or deeper: "kmc.adaptive.threads")
  /// do not count.
  std::string hashOf(const std::vector<std::string>& sections,
                     const std::vector<std::string>& ignored = {}) const;

 private:
  /// Reads the top-level keys of `root` and validates every stage section.
  void readKeys();
};

/// Applies one "--set" assignment to a YAML document: "section.key=value"
/// sets root[section][key], "key=value" sets root[key]; the value is parsed as
/// YAML (so "0.1", "[1, 2]" and "{species: B}" work). Throws InputError on a
/// malformed assignment.
void applyOverride(YAML::Node& root, std::string_view assignment);

/// FNV-1a 64-bit hash of `text` as 16 hex digits: stable across runs and
/// machines (unlike std::hash).
std::string stableHash(std::string_view text);

/// The top-level keys a config may have.
const std::vector<std::string>& configSections();

}  // namespace glassland
