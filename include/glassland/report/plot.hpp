#pragma once

#include "glassland/core/text.hpp"
/// \file
/// Plots through gnuplot's SVG terminal: the data and a script go to a
/// scratch directory, gnuplot runs there, and the SVG comes back as text ready
/// to inline into HTML (XML prolog removed, element ids made unique per plot).

#include <filesystem>
#include <string>
#include <vector>

namespace glassland::report {

/// One data series: rows of numbers written as a whitespace-separated data
/// file, drawn `with` the given gnuplot style ("lines lw 2", "points pt 7",
/// "boxes fs transparent solid 0.4", "yerrorbars pt 7", ...).
struct PlotSeries {
  std::string title;  ///< legend entry (gnuplot enhanced text; "" = none)
  std::string with;
  std::string using_columns = "1:2";  ///< gnuplot `using` clause
  std::vector<std::vector<double>> rows;
};

/// One plot.
struct PlotSpec {
  std::string id;                     ///< unique in the report: file stem and id prefix
  std::string title;                  ///< plot title (enhanced text)
  std::string xlabel;                 ///< with units
  std::string ylabel;                 ///< with units
  std::vector<std::string> settings;  ///< extra gnuplot commands before `plot` ("set logscale y", ...)
  std::vector<PlotSeries> series;
  int width = 640, height = 420;  ///< SVG size in pixels
};

/// Outcome of rendering one plot.
struct PlotResult {
  bool ok = false;
  std::string svg;      ///< inline SVG when ok
  std::string message;  ///< why not, when !ok
};

/// escapeXml (& < > " for XML and HTML text and attribute values) is in core/text.hpp.
using glassland::escapeXml;

/// Escapes gnuplot enhanced-text control characters (_ ^ @ & ~ { }) and quotes
/// so that a user-supplied name prints literally.
std::string gnuplotLiteral(const std::string& text);

/// Runs gnuplot on `spec`, using `work_dir` (created) for data and script.
/// Never throws for a missing or failing gnuplot: returns !ok with a message.
/// A series without rows is left out; a plot without any rows is !ok.
PlotResult renderPlot(const PlotSpec& spec, const std::string& gnuplot,
                      const std::filesystem::path& work_dir);

/// True when `gnuplot --version` runs and exits 0.
bool gnuplotAvailable(const std::string& gnuplot);

}  // namespace glassland::report
