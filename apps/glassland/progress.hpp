#pragma once
/// \file
/// A one-line progress bar on stderr with rate and ETA, redrawn at most five
/// times a second; silent in quiet mode or when stderr is not a terminal
/// (then one line per 10 % instead, so logs stay readable).

#include <chrono>
#include <string>

namespace glassland::app {

class ProgressBar {
 public:
  /// `unit` names what is counted ("searches", "steps").
  ProgressBar(std::string label, long total, std::string unit, bool quiet);
  ~ProgressBar();
  ProgressBar(const ProgressBar&) = delete;
  ProgressBar& operator=(const ProgressBar&) = delete;

  /// Reports `done` items finished; values below the largest seen are ignored.
  void update(long done);
  /// Draws the final state and ends the line.
  void finish();

 private:
  void draw(bool final_line);

  std::string label_;
  std::string unit_;
  long total_;
  long done_ = 0;
  bool quiet_;
  bool terminal_;
  bool finished_ = false;
  int last_decile_ = -1;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace glassland::app
