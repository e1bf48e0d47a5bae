#include "glassland/config/config.hpp"

#include <fmt/format.h>

#include <cstdint>
#include <fstream>
#include <map>
#include <sstream>
#include <utility>
#include <vector>

#include "glassland/config/stage_options.hpp"
#include "glassland/core/error.hpp"

namespace glassland {

namespace fs = std::filesystem;

const std::vector<std::string>& configSections() {
  static const std::vector<std::string> sections = {"units",  "structure", "species", "potential",
                                                    "output", "minimize",  "explore", "landscape",
                                                    "graph",  "kmc",       "report",  "run"};
  return sections;
}

void applyOverride(YAML::Node& root, std::string_view assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string_view::npos || eq == 0) {
    throw InputError("--set '" + std::string(assignment) + "': expected key=value or section.key=value");
  }
  const std::string path(assignment.substr(0, eq));
  const std::string text(assignment.substr(eq + 1));
  YAML::Node value;
  try {
    value = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    throw InputError("--set '" + std::string(assignment) + "': the value is not valid YAML: " + e.msg);
  }
  // section.key, or deeper (explore.artn.climb_mode=false): each part but the
  // last names a mapping, created when missing.
  std::vector<std::string> keys;
  for (std::size_t start = 0;;) {
    const auto dot = path.find('.', start);
    keys.push_back(path.substr(start, dot == std::string::npos ? std::string::npos : dot - start));
    if (keys.back().empty()) {
      throw InputError("--set '" + std::string(assignment) + "': expected key=value or section.key=value");
    }
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  YAML::Node node = root;
  std::string walked;
  for (std::size_t i = 0; i + 1 < keys.size(); ++i) {
    walked += (i ? "." : "") + keys[i];
    YAML::Node child = node[keys[i]];
    if (child && !child.IsNull() && !child.IsMap()) {
      throw InputError("--set '" + std::string(assignment) + "': '" + walked + "' is not a section");
    }
    if (!child || child.IsNull()) node[keys[i]] = YAML::Node(YAML::NodeType::Map);
    // reset() rebinds the handle; `node = ...` would overwrite the parent's data
    // (yaml-cpp assignment writes through to the shared node).
    node.reset(node[keys[i]]);
  }
  node[keys.back()] = value;
}

namespace {

/// A quoted value must close on the line it opens: yaml-cpp reads an
/// unclosed quote as a string running over the following lines to the end of
/// the file, and the keys it swallows are then reported missing, far from the
/// typo. (A config has no use for multi-line quoted strings.)
void requireClosedQuote(const YAML::Node& scalar, const std::vector<std::string>& lines,
                        const std::string& file) {
  if (scalar.Tag() != "!") return;  // yaml-cpp tags quoted scalars "!", plain ones "?"
  const YAML::Mark mark = scalar.Mark();
  if (mark.line < 0 || mark.line >= static_cast<int>(lines.size())) return;
  const std::string& line = lines[static_cast<std::size_t>(mark.line)];
  if (mark.column < 0 || mark.column >= static_cast<int>(line.size())) return;
  const char quote = line[static_cast<std::size_t>(mark.column)];
  if (quote != '"' && quote != '\'') return;
  for (std::size_t i = static_cast<std::size_t>(mark.column) + 1; i < line.size(); ++i) {
    if (quote == '"' && line[i] == '\\') {
      ++i;  // an escaped character
    } else if (line[i] == quote) {
      if (quote == '\'' && i + 1 < line.size() && line[i + 1] == '\'') {
        ++i;  // '' is a quote inside single quotes
      } else {
        return;
      }
    }
  }
  throw InputError(file, mark.line + 1,
                   std::string("not valid YAML: the quoted value starting at column ") +
                       std::to_string(mark.column + 1) + " is not closed on this line (missing " + quote +
                       ")");
}

/// Checks what yaml-cpp lets through: keys given twice (it keeps both entries
/// and reads the first, a silent choice between two values) and unclosed quotes.
void checkDocument(const YAML::Node& node, const std::vector<std::string>& lines, const std::string& file,
                   const std::string& path) {
  if (node.IsScalar()) {
    requireClosedQuote(node, lines, file);
    return;
  }
  if (node.IsSequence()) {
    for (const auto& item : node) checkDocument(item, lines, file, path);
    return;
  }
  if (!node.IsMap()) return;
  std::map<std::string, int> seen;
  for (auto it = node.begin(); it != node.end(); ++it) {
    if (!it->first.IsScalar()) {
      throw InputError(file, OptionsReader::lineOf(it->first),
                       "a key must be a word, not a list or a mapping ('" + YAML::Dump(it->first) + "')");
    }
    checkDocument(it->first, lines, file, path);
    const std::string key = it->first.Scalar();
    const std::string qualified = path.empty() ? key : path + "." + key;
    const int line = OptionsReader::lineOf(it->first);
    const auto [at, inserted] = seen.emplace(key, line);
    if (!inserted) {
      throw InputError(file, line,
                       "key '" + qualified + "' appears twice (also on line " + std::to_string(at->second) +
                           "): expected each key once");
    }
    checkDocument(it->second, lines, file, qualified);
  }
}

/// The dotted key an assignment "a.b=value" sets.
std::string overrideKey(const std::string& assignment) { return assignment.substr(0, assignment.find('=')); }

}  // namespace

Config Config::load(const fs::path& file, const std::vector<std::string>& overrides) {
  Config config;
  config.file = file;
  config.directory = file.has_parent_path() ? file.parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::exists(file, ec)) throw InputError(file.string(), 0, "config file not found");
  if (fs::is_directory(file, ec))
    throw InputError(file.string(), 0, "is a directory; expected a YAML config file");
  try {
    config.root = YAML::LoadFile(file.string());
  } catch (const YAML::ParserException& e) {
    throw InputError(file.string(), e.mark.line + 1, "not valid YAML: " + e.msg);
  } catch (const YAML::Exception& e) {
    throw InputError(file.string(), 0, "cannot read: " + e.msg);
  } catch (const std::exception& e) {
    throw InputError(file.string(), 0, std::string("cannot read: ") + e.what());
  }
  if (config.root.IsNull()) config.root = YAML::Node(YAML::NodeType::Map);
  if (!config.root.IsMap()) throw InputError(file.string(), 1, "a config is a mapping of key: value");
  {
    std::ifstream in(file);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    checkDocument(config.root, lines, file.string(), "");
  }
  for (const auto& assignment : overrides) applyOverride(config.root, assignment);

  try {
    config.readKeys();
  } catch (const InputError& e) {
    // A value that came from --set has no line in the file: name the --set
    // argument instead of blaming line 1 (where yaml-cpp puts such nodes).
    for (const auto& assignment : overrides) {
      const std::string key = overrideKey(assignment);
      const std::string& why = e.reason();
      if (why.find("key '" + key + "'") != std::string::npos ||
          why.find("key '" + key + ".") != std::string::npos)
        throw InputError("--set '" + assignment + "': " + why);
    }
    throw;
  }
  return config;
}

void Config::readKeys() {
  const std::string file_name = file.string();
  Config& config = *this;
  OptionsReader top(config.root, "", file_name);
  top.get("units", config.units);
  try {
    Units::byName(config.units);
  } catch (const InputError& e) {
    top.failAt("units", e.what());
  }
  // `structure:` is a file name, or a mapping with `file:` and the reader's options.
  if (!top.has("structure")) top.fail("missing required key 'structure'");
  std::string structure_file;
  if (top.child("structure").IsMap()) {
    OptionsReader reader = top.section("structure");
    reader.require("file", structure_file);
    config.read_options = io::ReadOptions::fromYaml(reader);
    reader.finish();
  } else {
    top.get("structure", structure_file);
  }
  config.structure = config.resolve(structure_file);
  top.get("species", config.species);
  for (std::size_t i = 0; i < config.species.size(); ++i) {
    if (config.species[i].empty() || config.species[i].find_first_of(" \t\n#") != std::string::npos)
      top.failAt("species", "species names must be non-empty words (got '" + config.species[i] + "')");
    for (std::size_t j = 0; j < i; ++j)
      if (config.species[i] == config.species[j])
        top.failAt("species", "'" + config.species[i] + "' names two types: expected one name per type");
  }
  std::string output_dir = "out";
  top.get("output", output_dir);
  if (output_dir.empty()) top.failAt("output", "expected a directory name, got an empty string");
  config.output = config.resolve(output_dir);
  if (!top.has("potential")) top.fail("missing required section 'potential'");
  // An LJ table is keyed by species names: without `species` the file's types
  // would be matched to it as "1", "2", ... by accident.
  if (const YAML::Node potential = top.child("potential"); potential.IsMap() && config.species.empty()) {
    const YAML::Node type = potential["type"];
    if (type && type.IsScalar() && type.Scalar() == "lj")
      top.fail(
          "potential type lj needs `species:`, the names of the file's types 1, 2, ... (e.g. species: [A, "
          "B])");
  }
  for (const auto& name : configSections()) top.allow({name});
  top.finish();

  validateStageOptions(config);
}

OptionsReader Config::section(std::string_view name) const {
  const std::string key(name);
  return OptionsReader(root[key], key, file.string());
}

fs::path Config::resolve(const fs::path& p) const {
  if (p.is_absolute()) return p;
  return (directory / p).lexically_normal();
}

std::string Config::effectiveYaml() const {
  YAML::Emitter out;
  out << root;
  return std::string(out.c_str()) + "\n";
}

std::string stableHash(std::string_view text) {
  std::uint64_t hash = 1469598103934665603ull;
  for (unsigned char c : text) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return fmt::format("{:016x}", hash);
}

std::string Config::hashOf(const std::vector<std::string>& sections,
                           const std::vector<std::string>& ignored) const {
  // Hash of the emitted YAML of each section: formatting and comments in the
  // file do not matter, values do.
  std::string text;
  for (const auto& name : sections) {
    text += name + "=";
    // A deep copy: yaml-cpp nodes share their data, so removing keys from
    // `root[name]` itself would change the config.
    YAML::Node node = YAML::Clone(root[name]);
    if (node.IsMap()) {
      for (const auto& key : ignored) {
        if (key.size() <= name.size() || key.compare(0, name.size() + 1, name + ".") != 0) continue;
        // Walk down "a.b.c" to the mapping that holds the last key.
        std::string rest = key.substr(name.size() + 1);
        // reset(), not operator=: assigning a yaml-cpp node overwrites the node it refers to.
        YAML::Node parent;
        parent.reset(node);
        bool found = true;
        for (auto dot = rest.find('.'); dot != std::string::npos && found; dot = rest.find('.')) {
          const YAML::Node child = std::as_const(parent)[rest.substr(0, dot)];
          found = child && child.IsMap();
          if (found) parent.reset(child);
          rest = rest.substr(dot + 1);
        }
        if (found) parent.remove(rest);
      }
    }
    if (node) {
      YAML::Emitter out;
      out << node;
      text += out.c_str();
    }
    text += ";";
  }
  return stableHash(text);
}

}  // namespace glassland
