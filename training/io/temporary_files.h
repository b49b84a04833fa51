// Temporary files in the middle of an atomic write, removed should SIGINT, SIGTERM or
// SIGHUP end the process: an interrupted run leaves neither the output nor a temporary
// file behind.
//
// Header-only, so that every library that writes through a temporary file (training/io's
// write_atomically, runtime/image's writer) shares the one process-wide registry without
// linking another library. The registry is a fixed array of slots, so that the signal
// handler only reads memory and calls unlink(2), both async-signal-safe.
#pragma once

#include <atomic>
#include <csignal>
#include <cstddef>
#include <cstring>
#include <filesystem>
#include <unistd.h>

namespace gyrus::io {

namespace temporary_files_detail {

constexpr size_t kSlots = 64;
constexpr size_t kPathBytes = 4096;

enum State : int { kFree = 0, kFilling = 1, kRegistered = 2 };

struct Slot {
  std::atomic<int> state{kFree};
  char path[kPathBytes] = {};
};

inline Slot slots[kSlots];

inline void remove_and_reraise(int signum) {
  for (Slot& slot : slots)
    if (slot.state.load() == kRegistered)
      ::unlink(slot.path);
  // SA_RESETHAND restored the default action; the signal, blocked while this handler
  // runs, ends the process as soon as the handler returns.
  ::raise(signum);
}

} // namespace temporary_files_detail

/// Registers `path`, a temporary file about to be written, for removal by the signal
/// handler until the guard goes out of scope (after the file was renamed or removed).
/// Best effort: a path too long for a slot, or more than 64 at once, goes unregistered.
class TemporaryFileGuard {
public:
  explicit TemporaryFileGuard(const std::filesystem::path& path) {
    using namespace temporary_files_detail;
    std::error_code ec;
    const std::string absolute = std::filesystem::absolute(path, ec).string();
    if (ec || absolute.size() >= kPathBytes)
      return;
    for (size_t i = 0; i < kSlots; ++i) {
      int expected = kFree;
      if (!slots[i].state.compare_exchange_strong(expected, kFilling))
        continue;
      std::memcpy(slots[i].path, absolute.c_str(), absolute.size() + 1);
      slots[i].state.store(kRegistered);
      slot_ = static_cast<int>(i);
      return;
    }
  }
  ~TemporaryFileGuard() {
    if (slot_ >= 0)
      temporary_files_detail::slots[slot_].state.store(temporary_files_detail::kFree);
  }
  TemporaryFileGuard(const TemporaryFileGuard&) = delete;
  TemporaryFileGuard& operator=(const TemporaryFileGuard&) = delete;

private:
  int slot_ = -1;
};

/// Installs the handler for SIGINT, SIGTERM and SIGHUP (those not ignored: `nohup` and
/// background jobs keep theirs): it removes the registered temporary files, then the
/// signal ends the process with its default action, so the exit status still tells which.
inline void remove_temporary_files_on_signals() {
  struct sigaction action = {};
  action.sa_handler = temporary_files_detail::remove_and_reraise;
  action.sa_flags = SA_RESETHAND;
  sigemptyset(&action.sa_mask);
  for (int signum : {SIGINT, SIGTERM, SIGHUP})
    sigaddset(&action.sa_mask, signum);
  for (int signum : {SIGINT, SIGTERM, SIGHUP}) {
    struct sigaction previous = {};
    if (sigaction(signum, nullptr, &previous) == 0 && previous.sa_handler != SIG_IGN)
      sigaction(signum, &action, nullptr);
  }
}

} // namespace gyrus::io
