// A progress bar for long work: drawn on stderr when it is a terminal,
// silent otherwise (pipes, CI logs, --json runs).
#pragma once

#include <chrono>
#include <string>

namespace gyrus::cli {

class Progress {
public:
  Progress(std::string label, long total, bool enabled);
  ~Progress();
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  void advance(long steps = 1, const std::string& detail = {});
  void finish();

  /// True when stderr is a terminal, so a bar is worth drawing.
  static bool stderr_is_terminal();

private:
  void draw(const std::string& detail);

  std::string label_;
  long total_;
  long done_ = 0;
  bool enabled_;
  bool finished_ = false;
  std::chrono::steady_clock::time_point start_, last_draw_;
};

} // namespace gyrus::cli
