// A small persistent pool of std::threads for the simulator's per-core phases. The
// project runs OpenMP single-threaded under load, and a step is short (well under a
// millisecond for thousands of cores' work), so the threads are started once and woken per
// step rather than created per step. A thread that runs out of work spins for a few tens
// of microseconds before it sleeps: waking a sleeping thread takes about as long, and a
// small image's steps take microseconds.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace gyrus::sim {

class WorkerPool {
public:
  /// `threads` counts the calling thread: 1 runs everything inline and starts no thread.
  explicit WorkerPool(unsigned threads);
  ~WorkerPool();
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  unsigned threads() const { return static_cast<unsigned>(workers_.size()) + 1; }

  /// Calls task(i) once for every i in [0, count), spread over the threads (the caller
  /// included), and returns when all are done. Tasks must not depend on each other's order.
  void for_each(size_t count, const std::function<void(size_t)>& task);

private:
  void work();
  void take_tasks();

  std::vector<std::thread> workers_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::condition_variable done_;
  const std::function<void(size_t)>* task_ = nullptr;
  size_t count_ = 0;
  std::atomic<size_t> next_{0};
  /// Changed under mutex_; atomic so that a spinning thread may read them without it.
  std::atomic<unsigned> busy_workers_{0};
  std::atomic<uint64_t> generation_{0};
  std::atomic<bool> stopping_{false};
};

} // namespace gyrus::sim
