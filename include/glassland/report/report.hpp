#pragma once
/// \file
/// The report of a glassland run, written into OUTPUT/report/:
/// - index.html: self-contained (inline CSS and SVG, no external URL): summary
///   tables of D, D_rw, f per species and temperature and of E_D, E_rw, E_f;
///   histograms of E_fwd, E_rev, Delta E; E_fwd against E_rev; p_back(T); the
///   Arrhenius plot per species; statistics by depth for slabs;
/// - transitions.csv, kmc.csv, arrhenius.csv, asymmetry.csv and report_data.json
///   with the same numbers;
/// - landscape.graphml (the basin graph of the whole store at report time; the
///   graph stage's OUTPUT/graph.graphml is the store after explore);
/// - saddles.xyz and minima.xyz (extxyz for OVITO) with per-atom displacement columns.
/// Plots need gnuplot (SVG terminal); without it every plot becomes a note and
/// the rest of the report is written as usual.

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "glassland/core/units.hpp"
#include "glassland/landscape/event_store.hpp"
#include "glassland/report/asymmetry.hpp"
#include "glassland/report/kmc_summary.hpp"
#include "glassland/report/options.hpp"

namespace glassland::report {

/// The store's transitions as records, with the depth of the most displaced
/// atom below the nearer free surface (in the start minimum's positions) when
/// the root cell has an open dimension.
std::vector<TransitionRecord> transitionRecords(const landscape::EventStore& store);

/// How the report was made, shown at its top and in report_data.json, so a
/// report read on its own says which program, config and seeds gave it.
struct Provenance {
  std::string version;                               ///< glassland version
  std::string config_file;                           ///< the config file as given
  std::string config_yaml;                           ///< the effective config (after --set)
  std::vector<std::pair<std::string, long>> seeds;   ///< e.g. {"explore.seed", 1}, {"kmc.seed", 1}
  std::vector<std::pair<std::string, long>> counts;  ///< e.g. {"searches", 120}, {"minima", 40}
  std::string date;                                  ///< when the report was written (UTC, ISO 8601)
};

/// What the report is made of. Everything optional may be absent; the report
/// then says what is missing instead of failing.
struct ReportInputs {
  std::filesystem::path output;  ///< OUTPUT directory; the report goes to OUTPUT/report
  Units units;                   ///< unit system of every number (axis labels)
  std::string title = "glassland report";
  std::optional<KmcSummary> kmc;                  ///< from OUTPUT/kmc.json
  const landscape::EventStore* store = nullptr;   ///< landscape store (graph, structures); may be null
  std::vector<TransitionRecord> transitions;      ///< from the store
  std::vector<landscape::MinimumSummary> minima;  ///< from the store
  std::vector<double> temperatures;               ///< for p_back: kmc.json's, else the config's
  double prefactor = 1.0;                         ///< default attempt frequency nu (1/time), > 0
  bool free_surface = false;                      ///< root cell has an open dimension
  std::vector<std::string> missing;               ///< inputs not found, shown as notes
  Provenance provenance;                          ///< shown when version is not empty
  int disconnectivity_levels = 20;                ///< energy levels of the disconnectivity graph (>= 2)
};

/// What writeReport did.
struct ReportResult {
  std::vector<std::string> files;     ///< every file written, relative to OUTPUT
  std::vector<std::string> warnings;  ///< for the console (gnuplot missing, plots skipped, ...)
  nlohmann::json numbers;             ///< the key numbers (also in report_data.json)
};

/// Writes OUTPUT/report/ (see the file comment). Files are written atomically.
/// Throws glassland::Error only when a file cannot be written.
ReportResult writeReport(const ReportInputs& inputs, const ReportOptions& options);

/// Temperature unit label of a unit system ("K" for metal, "epsilon/k_B" for lj).
std::string temperatureUnit(const Units& units);

}  // namespace glassland::report
