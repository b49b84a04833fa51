#include "tools/gyrus/progress.h"

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace gyrus::cli {

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
  std::fprintf(stderr, "\r%s [%.*s%*s] %ld/%ld %.1fs %s\033[K", label_.c_str(), filled,
               "==============================", kWidth - filled, "", done_, total_, seconds,
               detail.c_str());
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
