#pragma once
/// \file
/// Internal to the report module: the writer of OUTPUT/report/ and the helpers
/// its files share. One ReportWriter, its members defined one file per part:
/// report.cpp (the orchestration: the order of the parts, index.html's head and
/// file list), data_files.cpp (CSV, GraphML, extxyz), data_json.cpp
/// (report_data.json and report.json's key numbers), section_kmc.cpp (KMC
/// tables, MSD and Arrhenius plots), section_barriers.cpp (barrier asymmetry,
/// p_back, by depth), section_graph.cpp (the disconnectivity graph).

#include <fmt/format.h>
#include <cmath>
#include <filesystem>
#include <limits>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "glassland/landscape/basin_graph.hpp"
#include "glassland/report/plot.hpp"
#include "glassland/report/report.hpp"

namespace glassland::report {

inline constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// A number as shown in the tables: 4 significant digits, an em dash for a
/// missing (non-finite) value.
inline std::string shown(double v) { return std::isfinite(v) ? fmt::format("{:.4g}", v) : "\u2014"; }

/// A number for JSON: null when not finite.
inline nlohmann::json num(double v) { return std::isfinite(v) ? nlohmann::json(v) : nlohmann::json(nullptr); }

/// Rows (centre, count) of a histogram, for `histeps` / `boxes`.
inline std::vector<std::vector<double>> histogramRows(const Histogram& h) {
  std::vector<std::vector<double>> rows;
  for (int k = 0; k < h.bins(); ++k) rows.push_back({h.centre(k), static_cast<double>(h.counts[k])});
  return rows;
}

/// Line colours of the plots with one series per species or temperature.
inline const std::vector<std::string>& seriesColours() {
  static const std::vector<std::string> colours = {"#1f77b4", "#d62728", "#2ca02c",
                                                   "#9467bd", "#ff7f0e", "#8c564b"};
  return colours;
}

/// Collects the pieces of index.html and the list of files.
class ReportWriter {
 public:
  ReportWriter(const ReportInputs& inputs, const ReportOptions& options)
      : in_(inputs), options_(options), dir_(inputs.output / "report") {}

  ReportResult write();

 private:
  void writeFile(const std::string& name, const std::string& content);
  /// A plot as inline SVG, or a note saying why it is missing.
  std::string plot(PlotSpec spec);

  // data_files.cpp
  void writeCsvFiles();
  void writeKmcCsvFiles();
  void writeStructures();
  // data_json.cpp
  void writeDataJson();
  nlohmann::json keyNumbers() const;
  // section_kmc.cpp
  std::string kmcSection();
  std::string kmcTable() const;
  std::string arrheniusTable() const;
  std::string arrheniusSection();
  std::string msdSection();
  // section_barriers.cpp
  std::string asymmetrySection();
  std::string pBackSection();
  std::string depthSection();
  // section_graph.cpp
  std::string disconnectivitySection();
  // report.cpp
  std::string indexHead() const;
  std::string provenanceSection() const;
  std::string filesSection() const;

  const ReportInputs& in_;
  const ReportOptions& options_;
  std::filesystem::path dir_;
  std::filesystem::path scratch_;
  bool gnuplot_ = false;
  int plots_ok_ = 0, plots_missing_ = 0;
  AsymmetryReport asym_;
  std::optional<landscape::DisconnectivityTree> tree_;  ///< of the store's basin graph
  ReportResult result_;
  std::string unit_e_, unit_l_, unit_t_, unit_temp_, unit_d_gp_, unit_d_html_;
};

}  // namespace glassland::report
