#include "runtime/sim/worker_pool.h"

#include <chrono>

namespace gyrus::sim {
namespace {

/// Busy-waits until ready() or for about 50 µs; returns whether ready() became true.
template <typename Ready> bool spin_until(const Ready& ready) {
  constexpr auto kSpin = std::chrono::microseconds(50);
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (unsigned k = 1;; ++k) {
    if (ready())
      return true;
    if (k % 64 == 0 && std::chrono::steady_clock::now() >= until)
      return false;
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#endif
  }
}

} // namespace

WorkerPool::WorkerPool(unsigned threads) {
  for (unsigned t = 1; t < threads; ++t)
    workers_.emplace_back([this] { work(); });
}

WorkerPool::~WorkerPool() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (std::thread& worker : workers_)
    worker.join();
}

void WorkerPool::take_tasks() {
  // Tasks are claimed one at a time: cores differ in work, so a static split would leave
  // a thread idle behind the busiest core's neighbours.
  for (size_t i = next_.fetch_add(1); i < count_; i = next_.fetch_add(1))
    (*task_)(i);
}

void WorkerPool::for_each(size_t count, const std::function<void(size_t)>& task) {
  if (workers_.empty() || count <= 1) {
    for (size_t i = 0; i < count; ++i)
      task(i);
    return;
  }
  {
    std::lock_guard lock(mutex_);
    task_ = &task;
    count_ = count;
    next_.store(0);
    busy_workers_ = static_cast<unsigned>(workers_.size());
    ++generation_;
  }
  wake_.notify_all();
  take_tasks();
  // Wait for the workers to leave take_tasks, so that none still reads task_ or count_
  // when the next call changes them.
  spin_until([this] { return busy_workers_.load() == 0; });
  std::unique_lock lock(mutex_);
  done_.wait(lock, [this] { return busy_workers_ == 0; });
}

void WorkerPool::work() {
  uint64_t seen = 0;
  while (true) {
    spin_until([&] { return stopping_.load() || generation_.load() != seen; });
    {
      std::unique_lock lock(mutex_);
      wake_.wait(lock, [&] { return stopping_ || generation_ != seen; });
      if (stopping_)
        return;
      seen = generation_;
    }
    take_tasks();
    {
      std::lock_guard lock(mutex_);
      --busy_workers_;
    }
    done_.notify_one();
  }
}

} // namespace gyrus::sim
