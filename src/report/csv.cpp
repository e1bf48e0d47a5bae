#include "glassland/report/csv.hpp"

#include <charconv>
#include <cmath>
#include <limits>

#include "glassland/core/error.hpp"

namespace glassland::report {

std::size_t CsvTable::column(const std::string& name) const {
  for (std::size_t i = 0; i < header.size(); ++i) {
    if (header[i] == name) return i;
  }
  throw Error("CSV table has no column '" + name + "'");
}

std::string csvNumber(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

double parseCsvNumber(const std::string& text) {
  if (text == "nan" || text.empty()) return std::numeric_limits<double>::quiet_NaN();
  if (text == "inf") return std::numeric_limits<double>::infinity();
  if (text == "-inf") return -std::numeric_limits<double>::infinity();
  double value = 0.0;
  const auto result = std::from_chars(text.data(), text.data() + text.size(), value);
  if (result.ec != std::errc() || result.ptr != text.data() + text.size()) {
    throw Error("CSV: '" + text + "' is not a number");
  }
  return value;
}

namespace {
std::string field(const std::string& text) {
  if (text.find_first_of(",\"\n\r") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::string line(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    out += field(fields[i]);
  }
  return out + "\n";
}
}  // namespace

std::string toCsv(const CsvTable& table) {
  std::string out = line(table.header);
  for (const auto& row : table.rows) out += line(row);
  return out;
}

CsvTable parseCsv(const std::string& text) {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> fields;
  std::string current;
  bool quoted = false, any = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < text.size() && text[i + 1] == '"') {
          current += '"';
          ++i;
        } else {
          quoted = false;
        }
      } else {
        current += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
      any = true;
    } else if (c == ',') {
      fields.push_back(std::move(current));
      current.clear();
      any = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (any || !current.empty()) {
        fields.push_back(std::move(current));
        records.push_back(std::move(fields));
      }
      fields.clear();
      current.clear();
      any = false;
    } else {
      current += c;
      any = true;
    }
  }
  if (quoted) throw Error("CSV: unterminated quoted field");
  if (any || !current.empty()) {
    fields.push_back(std::move(current));
    records.push_back(std::move(fields));
  }
  CsvTable table;
  if (records.empty()) return table;
  table.header = std::move(records.front());
  for (std::size_t r = 1; r < records.size(); ++r) {
    if (records[r].size() != table.header.size()) {
      throw Error("CSV: row " + std::to_string(r + 1) + " has " + std::to_string(records[r].size()) +
                  " fields, the header " + std::to_string(table.header.size()));
    }
    table.rows.push_back(std::move(records[r]));
  }
  return table;
}

CsvTable transitionsTable(const std::vector<TransitionRecord>& records) {
  CsvTable table;
  table.header = {"id",    "from",    "to",      "saddle_energy",    "e_fwd",
                  "e_rev", "delta_e", "species", "max_displacement", "max_displacement_atom",
                  "depth"};
  for (const auto& r : records) {
    table.rows.push_back({std::to_string(r.id), std::to_string(r.from), std::to_string(r.to),
                          csvNumber(r.saddle_energy), csvNumber(r.e_fwd), csvNumber(r.e_rev),
                          csvNumber(r.deltaE()), r.species, csvNumber(r.max_displacement),
                          std::to_string(r.max_displacement_atom_id), csvNumber(r.depth)});
  }
  return table;
}

std::vector<TransitionRecord> transitionsFromTable(const CsvTable& table) {
  const auto id = table.column("id"), from = table.column("from"), to = table.column("to");
  const auto saddle = table.column("saddle_energy"), fwd = table.column("e_fwd"), rev = table.column("e_rev");
  const auto species = table.column("species"), disp = table.column("max_displacement");
  const auto atom = table.column("max_displacement_atom"), depth = table.column("depth");
  std::vector<TransitionRecord> records;
  for (const auto& row : table.rows) {
    TransitionRecord r;
    r.id = std::stol(row[id]);
    r.from = std::stol(row[from]);
    r.to = std::stol(row[to]);
    r.saddle_energy = parseCsvNumber(row[saddle]);
    r.e_fwd = parseCsvNumber(row[fwd]);
    r.e_rev = parseCsvNumber(row[rev]);
    r.species = row[species];
    r.max_displacement = parseCsvNumber(row[disp]);
    r.max_displacement_atom_id = std::stol(row[atom]);
    r.depth = parseCsvNumber(row[depth]);
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace glassland::report
