#include "training/tasks/rng.h"

#include <cmath>
#include <gtest/gtest.h>
#include <vector>

namespace gyrus::tasks {
namespace {

TEST(Rng, SameSeedSameStreamOtherSeedOtherStream) {
  Rng a(7), b(7), c(8), d(7, 1);
  for (int i = 0; i < 100; ++i) {
    const uint64_t x = a.next_u64();
    EXPECT_EQ(x, b.next_u64());
    EXPECT_NE(x, c.next_u64());
    EXPECT_NE(x, d.next_u64());
  }
}

TEST(Rng, UniformStaysInItsInterval) {
  Rng rng(1);
  double sum = 0;
  for (int i = 0; i < 100000; ++i) {
    const double u = rng.uniform(2.0, 5.0);
    ASSERT_GE(u, 2.0);
    ASSERT_LT(u, 5.0);
    sum += u;
  }
  EXPECT_NEAR(sum / 100000, 3.5, 0.02);
}

TEST(Rng, BelowIsUniformOverSmallRanges) {
  Rng rng(2);
  std::vector<int> counts(7);
  for (int i = 0; i < 70000; ++i)
    ++counts[rng.below(7)];
  for (int c : counts)
    EXPECT_NEAR(c, 10000, 400);
}

TEST(Rng, NormalHasStandardMomentsAndTails) {
  Rng rng(3);
  constexpr int kN = 2000000;
  double sum = 0, sum2 = 0, sum4 = 0;
  int beyond2 = 0, beyond_r = 0;
  for (int i = 0; i < kN; ++i) {
    const double x = rng.normal();
    sum += x;
    sum2 += x * x;
    sum4 += x * x * x * x;
    beyond2 += std::abs(x) > 2.0;
    beyond_r += std::abs(x) > 3.442619855899; // only reachable through the tail sampler
  }
  EXPECT_NEAR(sum / kN, 0.0, 0.003);
  EXPECT_NEAR(sum2 / kN, 1.0, 0.005);
  EXPECT_NEAR(sum4 / kN, 3.0, 0.03);
  EXPECT_NEAR(beyond2 / double(kN), 0.0455003, 0.0005);
  EXPECT_NEAR(beyond_r / double(kN), 5.7623e-4, 0.6e-4);
}

} // namespace
} // namespace gyrus::tasks
