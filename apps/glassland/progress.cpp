#include "progress.hpp"

#include <fmt/format.h>
#include <unistd.h>

#include <cstdio>

namespace glassland::app {

namespace {
std::string formatSeconds(double s) {
  if (!(s >= 0) || s > 1e7) return "--:--";
  const long total = static_cast<long>(s + 0.5);
  if (total >= 3600) return fmt::format("{}:{:02}:{:02}", total / 3600, (total / 60) % 60, total % 60);
  return fmt::format("{:02}:{:02}", total / 60, total % 60);
}
}  // namespace

ProgressBar::ProgressBar(std::string label, long total, std::string unit, bool quiet)
    : label_(std::move(label)),
      unit_(std::move(unit)),
      total_(total),
      quiet_(quiet),
      terminal_(isatty(fileno(stderr)) != 0),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

ProgressBar::~ProgressBar() {
  if (!finished_ && terminal_ && !quiet_ && done_ > 0) std::fputc('\n', stderr);
}

void ProgressBar::update(long done) {
  if (done <= done_) return;  // progress only moves forward
  done_ = done;
  if (quiet_) return;
  const auto now = std::chrono::steady_clock::now();
  if (terminal_) {
    if (now - last_draw_ < std::chrono::milliseconds(200) && done_ < total_) return;
    last_draw_ = now;
    draw(false);
  } else {
    // Without a terminal: one line per 10 %, the last one left to finish().
    const int decile = total_ > 0 ? static_cast<int>(10 * done_ / total_) : 10;
    if (decile == last_decile_ || done_ >= total_) return;
    last_decile_ = decile;
    draw(false);
  }
}

void ProgressBar::finish() {
  if (finished_) return;
  finished_ = true;
  if (quiet_) return;
  draw(true);
}

void ProgressBar::draw(bool final_line) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? done_ / elapsed : 0.0;
  const double eta = rate > 0 ? (total_ - done_) / rate : -1.0;
  const double fraction = total_ > 0 ? static_cast<double>(done_) / total_ : 1.0;
  constexpr int width = 30;
  const int filled = static_cast<int>(fraction * width);
  const std::string bar = std::string(filled, '#') + std::string(width - filled, '.');
  const std::string text = fmt::format(
      "{:<10} [{}] {:>3.0f}% {}/{} {} | {:.3g} {}/s | {} {}", label_, bar, 100 * fraction, done_, total_,
      unit_, rate, unit_, final_line ? "took" : "ETA", formatSeconds(final_line ? elapsed : eta));
  if (terminal_) {
    std::fprintf(stderr, "\r%s\033[K%s", text.c_str(), final_line ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s\n", text.c_str());
  }
  std::fflush(stderr);
}

}  // namespace glassland::app
