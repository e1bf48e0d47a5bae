// `glassland config [SECTION]`: the defaults as commented YAML, made from the
// tables of docs/configuration.md (embedded at build time, config_reference.cpp.in),
// so the program and the reference cannot disagree. Every table row
// `| key | default | unit | meaning |` becomes `key: default  # (unit) meaning`;
// a key without a plain default (required, or one that depends on other keys)
// is printed commented out with what the reference says instead.

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "glassland/core/error.hpp"
#include "stages.hpp"
#include "version.hpp"

namespace glassland::app {

extern const std::string_view kConfigurationReference;

namespace {

struct Row {
  std::string key, def, unit, meaning;
};
struct Table {
  std::string intro;    ///< the paragraph line just above the table
  std::string variant;  ///< "type: lj" for a heading "potential, `type: lj`"
  std::vector<Row> rows;
};
struct Section {
  std::vector<Row> rows;      ///< the first table under the section's own heading
  std::vector<Table> others;  ///< variants and further tables (commented out)
};

std::string trimmed(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return std::string(s);
}

bool isSectionPath(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return std::islower(static_cast<unsigned char>(c)) || c == '_' || c == '.';
  });
}

/// Markdown to plain text: links keep their text, no backticks or emphasis.
std::string plain(std::string s) {
  s.erase(std::remove(s.begin(), s.end(), '`'), s.end());
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '[') {
      const auto close = s.find("](", i);
      const auto end = close == std::string::npos ? close : s.find(')', close);
      if (end != std::string::npos) {
        out += s.substr(i + 1, close - i - 1);
        i = end;
        continue;
      }
    }
    if (s[i] == '\\' && i + 1 < s.size() && s[i + 1] == '|') continue;
    // Emphasis (*Activation:*), but not a lone star (pair_coeff * *, 2.5 * sigma).
    const bool space_before = i == 0 || s[i - 1] == ' ', space_after = i + 1 == s.size() || s[i + 1] == ' ';
    if (s[i] == '*' && !(space_before && space_after)) continue;
    out += s[i];
  }
  const std::string contract = "(contract) ";
  if (out.rfind(contract, 0) == 0) out.erase(0, contract.size());
  return out;
}

/// The first sentence, at most ~110 characters.
std::string oneLine(const std::string& text) {
  std::string s = text;
  for (std::size_t i = 0; i + 2 < s.size(); ++i) {
    if (s[i] != '.' || s[i + 1] != ' ') continue;
    const char next = s[i + 2];
    const std::string before = s.substr(i >= 3 ? i - 3 : 0, i >= 3 ? 3 : i);
    if ((std::isupper(static_cast<unsigned char>(next)) || next == '(') && before != "e.g" &&
        before != "i.e" && before != " vs") {
      s.resize(i + 1);
      break;
    }
  }
  if (s.size() > 110) {
    auto cut = s.rfind(' ', 107);
    s = s.substr(0, cut == std::string::npos ? 107 : cut) + " ...";
  }
  return s;
}

std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out;
  std::string cell;
  for (std::size_t i = 1; i < line.size(); ++i) {  // after the leading '|'
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      cell += "\\|";
      ++i;
    } else if (line[i] == '|') {
      out.push_back(trimmed(cell));
      cell.clear();
    } else {
      cell += line[i];
    }
  }
  return out;
}

class Reference {
 public:
  Reference() { parse(); }

  const Section* find(const std::string& path) const {
    auto it = sections_.find(path);
    return it == sections_.end() ? nullptr : &it->second;
  }
  std::vector<std::string> names() const {
    std::vector<std::string> out;
    for (const auto& [name, s] : sections_) {
      if (!name.empty() && !s.rows.empty()) out.push_back(name);
    }
    return out;
  }

  /// Prints `path`'s keys at `indent`; `commented` comments every line out.
  void print(std::ostream& out, const std::string& path, int indent, bool commented) const {
    const Section* section = find(path);
    if (!section) return;
    for (const Row& row : section->rows) printRow(out, path, row, indent, commented);
    for (const Table& t : section->others) {
      const std::string pad(static_cast<std::size_t>(indent), ' ');
      out << pad << "# " << (t.variant.empty() ? oneLine(plain(t.intro)) : "with " + t.variant + ":") << "\n";
      for (const Row& row : t.rows) printRow(out, path, row, indent, true);
    }
  }

 private:
  void parse() {
    std::istringstream in{std::string(kConfigurationReference)};
    std::string line, last_text;
    std::optional<std::string> current;
    std::string variant;
    bool in_table = false, first_table = true;
    Table* table = nullptr;
    bool in_code = false;
    while (std::getline(in, line)) {
      if (line.rfind("```", 0) == 0) in_code = !in_code;
      if (in_code || line.rfind("```", 0) == 0) {
        in_table = false;
        continue;
      }
      if (line.rfind("#", 0) == 0) {
        in_table = false;
        const std::string title = trimmed(line.substr(line.find_first_not_of('#')));
        current.reset();
        variant.clear();
        first_table = true;
        if (title == "Top level") {
          current = "";
        } else {
          const auto comma = title.find(", `");
          const std::string head = title.substr(0, comma);
          if (isSectionPath(head)) {
            current = head;
            if (comma != std::string::npos) {
              std::string v = title.substr(comma + 2);
              v.erase(std::remove(v.begin(), v.end(), '`'), v.end());
              variant = v;
            }
          }
        }
        continue;
      }
      if (line.rfind("| ", 0) != 0) {
        in_table = false;
        if (!trimmed(line).empty()) last_text = trimmed(line);
        continue;
      }
      const auto c = cells(line);
      if (c.size() < 4 || c[0] == "key" || c[0].rfind("---", 0) == 0 || !current) continue;
      if (!in_table) {
        in_table = true;
        Section& s = sections_[*current];
        if (first_table && variant.empty()) {
          table = nullptr;
        } else {
          s.others.push_back({last_text, first_table ? variant : "", {}});
          table = &s.others.back();
        }
        first_table = false;
      }
      Row row{plain(c[0]), c[1], c[2], c[3]};
      if (table)
        table->rows.push_back(row);
      else
        sections_[*current].rows.push_back(row);
    }
  }

  /// The section a default links to: `{}` -> path.key, "see [x](#..)" or "as [x](#..)" -> x.
  std::string linked(const std::string& path, const Row& row) const {
    const std::string own = path.empty() ? row.key : path + "." + row.key;
    if (row.def == "`{}`") return own;
    const auto open = row.def.find('['), close = row.def.find("](#");
    if (open != std::string::npos && close != std::string::npos)
      return row.def.substr(open + 1, close - open - 1);
    return "";
  }

  void printRow(std::ostream& out, const std::string& path, const Row& row, int indent,
                bool commented) const {
    const std::string pad(static_cast<std::size_t>(indent), ' ');
    const std::string hash = commented ? "# " : "";
    const std::string unit = row.unit == "\u2014" || row.unit.empty() ? "" : "(" + plain(row.unit) + ") ";
    const std::string meaning = oneLine(plain(row.meaning));
    const std::string sub = linked(path, row);
    if (!sub.empty() && find(sub)) {
      out << pad << hash << row.key << ":\n";
      print(out, sub, indent + 2, commented);
      return;
    }
    // A plain default is one backticked value: `0.1`, `[0.30, 0.35]`, `all`.
    const bool plain_default = row.def.size() >= 2 && row.def.front() == '`' && row.def.back() == '`' &&
                               std::count(row.def.begin(), row.def.end(), '`') == 2;
    std::string left, comment;
    if (plain_default) {
      left = hash + row.key + ": " + row.def.substr(1, row.def.size() - 2);
      comment = unit + meaning;
    } else {
      const std::string def = plain(row.def);
      left = "# " + row.key + ":";
      comment = "[" +
                (row.def.rfind("required", 0) == 0 ? std::string("required")
                 : def == "\u2014"                 ? std::string("no default")
                                                   : "default: " + def) +
                "] " + unit + meaning;
    }
    out << pad << left << std::string(left.size() + indent < 36 ? 36 - left.size() - indent : 1, ' ') << "# "
        << comment << "\n";
    // A scalar that may also be a mapping (structure, potential, kmc.provider):
    // its keys follow, commented out.
    const std::string own = path.empty() ? row.key : path + "." + row.key;
    if (find(own)) {
      if (plain_default) out << pad << "# " << row.key << ": (or as a mapping)\n";
      print(out, own, indent + 2, true);
    }
  }

  std::map<std::string, Section> sections_;
};

}  // namespace

std::string defaultConfigYaml(const std::string& section) {
  static const Reference reference;
  std::ostringstream out;
  out << "# glassland " << kVersion << ": every config key with its default, from docs/configuration.md\n"
      << "# (which explains each key in full). Commented-out keys have no plain default: they are\n"
      << "# required, take their default from other keys, or are alternative forms.\n";
  if (section.empty()) {
    out << "# `structure` and `potential` are required: uncomment and fill them in.\n";
    reference.print(out, "", 0, false);
    return out.str();
  }
  if (!reference.find(section) || reference.find(section)->rows.empty()) {
    std::string list;
    for (const auto& name : reference.names()) list += (list.empty() ? "" : ", ") + name;
    throw InputError("config: unknown section '" + section + "' (sections: " + list + ")");
  }
  // The section nested under its parents: explore.artn -> explore: / artn:.
  int indent = 0;
  std::size_t start = 0;
  for (;;) {
    const auto dot = section.find('.', start);
    out << std::string(static_cast<std::size_t>(indent), ' ') << section.substr(start, dot - start) << ":\n";
    indent += 2;
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  reference.print(out, section, indent, false);
  return out.str();
}

void runConfig(const std::string& section) { fmt::print("{}", defaultConfigYaml(section)); }

}  // namespace glassland::app
