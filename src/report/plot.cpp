#include "glassland/report/plot.hpp"

#include <sys/wait.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

namespace glassland::report {

namespace fs = std::filesystem;

namespace {

/// `text` as a single-quoted shell word.
std::string shellQuote(const std::string& text) {
  std::string out = "'";
  for (char c : text) {
    if (c == '\'') {
      out += "'\\''";
    } else {
      out += c;
    }
  }
  return out + "'";
}

/// `text` as a double-quoted gnuplot string (backslash escapes are processed
/// inside double quotes, so backslashes and quotes are doubled / escaped).
std::string gnuplotString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

int runShell(const std::string& command) {
  const int status = std::system(command.c_str());
  if (status == -1 || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

std::string readText(const fs::path& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

/// The SVG gnuplot wrote, made fit to sit inline beside other plots in one
/// HTML page: no XML prolog, every element id prefixed with the plot id (all
/// gnuplot SVGs define the same ids: gnuplot_canvas, gpPt0, ...), and the
/// plot's title as the accessible title.
std::string inlineSvg(const std::string& svg, const PlotSpec& spec) {
  const auto start = svg.find("<svg");
  if (start == std::string::npos) return "";
  std::string body = svg.substr(start);

  std::set<std::string> ids;
  const std::regex id_attr(R"(\bid=(['"])([^'"]+)\1)");
  for (auto it = std::sregex_iterator(body.begin(), body.end(), id_attr); it != std::sregex_iterator();
       ++it) {
    ids.insert((*it)[2].str());
  }
  const std::string prefix = spec.id + "_";
  const std::regex reference(R"((\bid=['"]|#)([A-Za-z_][-\w.]*))");
  std::string out;
  auto last = body.cbegin();
  for (auto it = std::sregex_iterator(body.begin(), body.end(), reference); it != std::sregex_iterator();
       ++it) {
    const auto& m = *it;
    out.append(last, m[0].first);
    out += m[1].str();
    if (ids.count(m[2].str())) out += prefix;
    out += m[2].str();
    last = m[0].second;
  }
  out.append(last, body.cend());

  const std::string title = "<title>" + escapeXml(spec.title) + "</title>";
  const auto t0 = out.find("<title>");
  const auto t1 = out.find("</title>");
  if (t0 != std::string::npos && t1 != std::string::npos && t1 > t0) {
    out.replace(t0, t1 + 8 - t0, title);
  }
  out.replace(0, 4, "<svg class=\"plot\" role=\"img\" aria-label=\"" + escapeXml(spec.title) + "\"");
  return out;
}

}  // namespace

std::string escapeXml(const std::string& text) {
  std::string out;
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string gnuplotLiteral(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '_' || c == '^' || c == '@' || c == '&' || c == '~' || c == '{' || c == '}' || c == '\\')
      out += '\\';
    out += c;
  }
  return out;
}

bool gnuplotAvailable(const std::string& gnuplot) {
  return runShell(shellQuote(gnuplot) + " --version > /dev/null 2>&1") == 0;
}

PlotResult renderPlot(const PlotSpec& spec, const std::string& gnuplot, const fs::path& work_dir) {
  PlotResult result;
  std::error_code ec;
  fs::create_directories(work_dir, ec);
  if (ec) {
    result.message = "cannot create " + work_dir.string() + ": " + ec.message();
    return result;
  }
  std::ostringstream script;
  script << "set terminal svg size " << spec.width << "," << spec.height
         << " dynamic enhanced font 'Helvetica,13' background '#ffffff'\n"
         << "set encoding utf8\n"
         << "set output " << gnuplotString(spec.id + ".svg") << "\n"
         << "set title " << gnuplotString(spec.title) << "\n"
         << "set xlabel " << gnuplotString(spec.xlabel) << "\n"
         << "set ylabel " << gnuplotString(spec.ylabel) << "\n"
         << "set grid lc rgb '#dddddd'\n"
         << "set key below box\n"  // outside the axes: a legend never covers data
         << "set border lw 1.2\n";
  for (const auto& s : spec.settings) script << s << "\n";
  std::vector<std::string> clauses;
  for (std::size_t k = 0; k < spec.series.size(); ++k) {
    const auto& series = spec.series[k];
    std::ostringstream data;
    data.precision(17);
    long rows = 0;
    for (const auto& row : series.rows) {
      bool finite = true;
      for (double v : row) finite = finite && std::isfinite(v);
      if (!finite) continue;  // gnuplot would stop at a NaN line; leave the point out
      for (std::size_t c = 0; c < row.size(); ++c) data << (c ? " " : "") << row[c];
      data << "\n";
      ++rows;
    }
    if (rows == 0) continue;
    const std::string file = spec.id + "_" + std::to_string(k) + ".dat";
    std::ofstream(work_dir / file) << data.str();
    clauses.push_back(gnuplotString(file) + " using " + series.using_columns + " with " + series.with +
                      (series.title.empty() ? " notitle" : " title " + gnuplotString(series.title)));
  }
  if (clauses.empty()) {
    result.message = "no data to plot";
    return result;
  }
  script << "plot ";
  for (std::size_t k = 0; k < clauses.size(); ++k) script << (k ? ", \\\n     " : "") << clauses[k];
  script << "\nunset output\n";
  const fs::path script_file = work_dir / (spec.id + ".gp");
  std::ofstream(script_file) << script.str();

  const fs::path log = work_dir / (spec.id + ".log");
  const int code =
      runShell("cd " + shellQuote(work_dir.string()) + " && " + shellQuote(gnuplot) + " " +
               shellQuote(script_file.filename().string()) + " > " + shellQuote(log.string()) + " 2>&1");
  if (code != 0) {
    std::string why = readText(log);
    if (why.size() > 400) why = why.substr(why.size() - 400);
    result.message = code == 127 ? "gnuplot (" + gnuplot + ") was not found"
                                 : "gnuplot failed (exit " + std::to_string(code) + "): " + why;
    return result;
  }
  result.svg = inlineSvg(readText(work_dir / (spec.id + ".svg")), spec);
  if (result.svg.empty()) {
    result.message = "gnuplot wrote no SVG";
    return result;
  }
  result.ok = true;
  return result;
}

}  // namespace glassland::report
