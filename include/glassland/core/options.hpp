#pragma once
/// \file
/// Typed configuration: each module owns an options struct with defaults as
/// member initialisers and a `fromYaml(const OptionsReader&)` beside it. The
/// reader records every key asked for, so `finish()` can reject unknown keys
/// with the list of valid ones; every error names the file and the line.

#include <yaml-cpp/yaml.h>

#include <cmath>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "glassland/core/error.hpp"

namespace glassland {

/// The largest thread count a config may ask for (explore.threads, kmc.threads,
/// kmc.adaptive.threads). Far above any machine this runs on; it exists because
/// OpenMP dies with a stack overflow, not an error, at 100000.
inline constexpr int kMaxThreads = 1024;

/// One YAML mapping (a config section) being read into an options struct.
class OptionsReader {
 public:
  /// `section` is the dotted path used in messages ("explore", "potential.pairs");
  /// `file` the config file name. A null node reads as an empty mapping.
  OptionsReader(YAML::Node node, std::string section, std::string file);

  /// Sets `value` from `key` when present; leaves the default otherwise.
  template <class T>
  OptionsReader& get(std::string_view key, T& value) {
    YAML::Node child = lookup(key);
    if (child) value = convert<T>(child, key);
    return *this;
  }
  /// Like get, but a missing key is an error.
  template <class T>
  OptionsReader& require(std::string_view key, T& value) {
    YAML::Node child = lookup(key);
    if (!child) fail("missing required key '" + qualified(key) + "'");
    value = convert<T>(child, key);
    return *this;
  }
  /// True when `key` is present (also registers it as valid).
  bool has(std::string_view key);
  /// The node under `key` (null when absent), registered as valid.
  YAML::Node child(std::string_view key);
  /// A reader for the mapping under `key`.
  OptionsReader section(std::string_view key);
  /// Registers keys that are valid but read elsewhere.
  void allow(std::initializer_list<std::string_view> keys);

  /// Throws InputError when the mapping holds a key nobody asked for.
  void finish() const;

  /// Throws InputError at this section's line.
  [[noreturn]] void fail(const std::string& message) const;
  /// Throws InputError at the line of `key`.
  [[noreturn]] void failAt(std::string_view key, const std::string& message) const;

  const std::string& file() const { return file_; }
  const std::string& sectionName() const { return section_; }
  const YAML::Node& node() const { return node_; }
  /// Line (1-based) of `node` in the file, 0 when unknown.
  static int lineOf(const YAML::Node& node);

 private:
  YAML::Node lookup(std::string_view key);
  std::string qualified(std::string_view key) const;

  template <class T>
  T convert(const YAML::Node& child, std::string_view key) const {
    T value{};
    try {
      value = child.as<T>();
    } catch (const YAML::Exception&) {
      throw InputError(
          file_, lineOf(child),
          "key '" + qualified(key) + "': cannot read '" + YAML::Dump(child) + "' as " + typeName<T>());
    }
    // No config value means anything as .inf or .nan: every number must be finite
    // (a temperature of .inf or fmax of .inf was accepted and gave nonsense).
    if constexpr (std::is_floating_point_v<T>) {
      if (!std::isfinite(value)) notFinite(child, key);
    } else if constexpr (std::is_same_v<T, std::vector<double>>) {
      for (double v : value)
        if (!std::isfinite(v)) notFinite(child, key);
    }
    return value;
  }
  [[noreturn]] void notFinite(const YAML::Node& child, std::string_view key) const {
    throw InputError(file_, lineOf(child),
                     "key '" + qualified(key) + "': '" + YAML::Dump(child) + "' is not a finite number");
  }
  template <class T>
  static std::string typeName() {
    if constexpr (std::is_same_v<T, bool>)
      return "true/false";
    else if constexpr (std::is_integral_v<T>)
      return "an integer";
    else if constexpr (std::is_floating_point_v<T>)
      return "a number";
    else if constexpr (std::is_same_v<T, std::string>)
      return "a string";
    else
      return "the expected type";
  }

  YAML::Node node_;
  std::string section_;
  std::string file_;
  std::set<std::string, std::less<>> known_;
};

}  // namespace glassland
