// CycleQueue against a binary heap on random monotone event streams, with steps long
// enough that events go to the far heap and come back, and events due at once.
#include "runtime/sim/cycle_queue.h"

#include <gtest/gtest.h>
#include <map>
#include <random>
#include <stdexcept>

namespace gyrus::sim {
namespace {

TEST(CycleQueue, PopsInCycleOrderLikeAHeap) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 40; ++trial) {
    CycleQueue<int> queue;
    std::multimap<int64_t, int> expected; // the same events, ordered by cycle
    int64_t now = 0;
    int next_id = 0;
    // Reach: how far ahead of now events are scheduled; past the ring (512 cycles) they wait in the heap.
    const int64_t reach = trial % 4 == 0 ? 20000 : trial % 4 == 1 ? 5000 : 300;
    for (int round = 0; round < 2; ++round) { // clear() restarts time at 0
      for (int k = 0; k < 2000; ++k) {
        const int pushes = static_cast<int>(rng() % 4);
        for (int p = 0; p < pushes; ++p) {
          const int64_t cycle = now + static_cast<int64_t>(rng() % static_cast<uint64_t>(reach));
          queue.push(cycle, next_id);
          expected.emplace(cycle, next_id++);
        }
        if (expected.empty() || rng() % 3 == 0)
          continue;
        ASSERT_FALSE(queue.empty());
        const auto [cycle, id] = queue.pop();
        ASSERT_EQ(cycle, expected.begin()->first) << "trial " << trial;
        // Ties come out in any order: remove the popped one among its cycle's events.
        auto [first, last] = expected.equal_range(cycle);
        bool found = false;
        for (auto it = first; it != last; ++it)
          if (it->second == id) {
            expected.erase(it);
            found = true;
            break;
          }
        ASSERT_TRUE(found) << "event " << id << " popped at cycle " << cycle;
        now = cycle;
      }
      while (!expected.empty()) {
        const auto [cycle, id] = queue.pop();
        ASSERT_EQ(cycle, expected.begin()->first);
        now = cycle;
        auto [first, last] = expected.equal_range(cycle);
        for (auto it = first; it != last; ++it)
          if (it->second == id) {
            expected.erase(it);
            break;
          }
      }
      EXPECT_TRUE(queue.empty());
      if (round == 0) {
        queue.push(now + 7, -1); // left behind: clear() drops it
        queue.clear();
        EXPECT_TRUE(queue.empty());
        now = 0;
      }
    }
  }
}

TEST(CycleQueue, RefusesAnEventInThePast) {
  CycleQueue<int> queue;
  queue.push(10, 1);
  EXPECT_EQ(queue.pop().first, 10);
  EXPECT_THROW(queue.push(9, 2), std::logic_error);
  EXPECT_NO_THROW(queue.push(10, 3));
}

} // namespace
} // namespace gyrus::sim
