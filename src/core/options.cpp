#include "glassland/core/options.hpp"

namespace glassland {

OptionsReader::OptionsReader(YAML::Node node, std::string section, std::string file)
    : node_(std::move(node)), section_(std::move(section)), file_(std::move(file)) {
  if (node_ && !node_.IsNull() && !node_.IsMap()) {
    fail("section '" + section_ + "' must be a mapping of key: value");
  }
  // Keys are compared as strings below: a list, mapping or null as a key
  // (`[1, 2]: x`, found by fuzz/fuzz_config) would throw a YAML conversion error.
  if (node_ && node_.IsMap()) {
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      if (!it->first.IsScalar()) {
        throw InputError(file_, lineOf(it->first),
                         std::string(section_.empty() ? "a key" : "a key in '" + section_ + "'") +
                             " is a list, a mapping or empty; expected a name such as 'file'");
      }
    }
  }
}

int OptionsReader::lineOf(const YAML::Node& node) {
  if (!node) return 0;
  const YAML::Mark mark = node.Mark();
  return mark.line >= 0 ? mark.line + 1 : 0;
}

std::string OptionsReader::qualified(std::string_view key) const {
  return section_.empty() ? std::string(key) : section_ + "." + std::string(key);
}

YAML::Node OptionsReader::lookup(std::string_view key) {
  known_.emplace(key);
  if (!node_ || !node_.IsMap()) return YAML::Node(YAML::NodeType::Undefined);
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    if (it->first.as<std::string>() == key) return it->second;
  }
  return YAML::Node(YAML::NodeType::Undefined);
}

bool OptionsReader::has(std::string_view key) { return static_cast<bool>(lookup(key)); }

YAML::Node OptionsReader::child(std::string_view key) { return lookup(key); }

OptionsReader OptionsReader::section(std::string_view key) {
  return OptionsReader(lookup(key), qualified(key), file_);
}

void OptionsReader::allow(std::initializer_list<std::string_view> keys) {
  for (auto key : keys) known_.emplace(key);
}

void OptionsReader::finish() const {
  if (!node_ || !node_.IsMap()) return;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const auto key = it->first.as<std::string>();
    if (known_.count(key)) continue;
    std::string valid;
    for (const auto& k : known_) valid += (valid.empty() ? "" : ", ") + k;
    throw InputError(file_, lineOf(it->first),
                     "unknown key '" + qualified(key) + "' (valid keys" +
                         (section_.empty() ? "" : " in '" + section_ + "'") + ": " + valid + ")");
  }
}

void OptionsReader::fail(const std::string& message) const {
  throw InputError(file_, lineOf(node_), message);
}

void OptionsReader::failAt(std::string_view key, const std::string& message) const {
  YAML::Node at = const_cast<OptionsReader*>(this)->lookup(key);
  throw InputError(file_, lineOf(at ? at : node_), "key '" + qualified(key) + "': " + message);
}

}  // namespace glassland
