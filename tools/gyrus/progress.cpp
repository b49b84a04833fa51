#include "tools/gyrus/progress.h"

#include <algorithm>
#include <cstdio>
#include <string>
#include <unistd.h>

namespace gyrus::cli {

namespace {
std::string format_duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 3600)
    std::snprintf(text, sizeof text, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  else if (s >= 60)
    std::snprintf(text, sizeof text, "%ldm%02lds", s / 60, s % 60);
  else
    std::snprintf(text, sizeof text, "%.1fs", seconds);
  return text;
}
} // namespace

Progress::Progress(std::string label, long total, bool enabled)
    : label_(std::move(label)), total_(std::max(total, 1L)), enabled_(enabled),
      start_(std::chrono::steady_clock::now()) {}

Progress::~Progress() {
  finish();
}

bool Progress::stderr_is_terminal() {
  return ::isatty(STDERR_FILENO) == 1;
}

void Progress::advance(long steps, const std::string& detail) {
  done_ = std::min(done_ + steps, total_);
  const auto now = std::chrono::steady_clock::now();
  // Redrawing more often than ~20 Hz only costs time.
  if (done_ == total_ || now - last_draw_ > std::chrono::milliseconds(50)) {
    last_draw_ = now;
    draw(detail);
  }
}

void Progress::draw(const std::string& detail) {
  if (!enabled_)
    return;
  constexpr int kWidth = 30;
  const int filled = static_cast<int>(kWidth * done_ / total_);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  // Remaining time extrapolated from the mean rate so far.
  const double eta = done_ > 0 ? seconds * static_cast<double>(total_ - done_) / done_ : 0.0;
  std::fprintf(stderr, "\r%s [%.*s%*s] %ld/%ld %s, ETA %s %s\033[K", label_.c_str(), filled,
               "==============================", kWidth - filled, "", done_, total_,
               format_duration(seconds).c_str(), format_duration(eta).c_str(), detail.c_str());
  std::fflush(stderr);
}

void Progress::finish() {
  if (finished_)
    return;
  finished_ = true;
  if (enabled_ && done_ > 0)
    std::fputc('\n', stderr);
}

} // namespace gyrus::cli
