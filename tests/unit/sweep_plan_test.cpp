#include "training/sweep/sweep_plan.h"

#include <gtest/gtest.h>
#include <set>

namespace gyrus::sweep {
namespace {

TEST(SweepPlan, EnumeratesEveryCombinationOnceWithStableIds) {
  const auto runs = plan_runs({{"none", "l1", "bimt"}, {"1e-5", "1e-4", "1e-3"}, {1, 2}});
  // none: one run per seed; l1 and bimt: 3 lambdas x 2 seeds each.
  ASSERT_EQ(runs.size(), 2u + 6u + 6u);
  std::set<std::string> ids;
  for (const auto& run : runs)
    ids.insert(run.id());
  EXPECT_EQ(ids.size(), runs.size());
  EXPECT_EQ(runs[0].id(), "none_seed1");
  EXPECT_EQ(runs[2].id(), "l1_lambda1e-5_seed1");
  EXPECT_EQ(runs.back().id(), "bimt_lambda1e-3_seed2");
  EXPECT_EQ(plan_runs({{"none", "l1", "bimt"}, {"1e-5", "1e-4", "1e-3"}, {1, 2}})[7].id(),
            runs[7].id());
}

TEST(SweepPlan, ShardsPartitionTheRuns) {
  const auto runs = plan_runs({{"l1", "bimt"}, {"1e-5", "1e-4", "1e-3"}, {1, 2, 3}});
  std::multiset<std::string> seen;
  for (int rank = 0; rank < 4; ++rank)
    for (const auto& run : shard(runs, rank, 4))
      seen.insert(run.id());
  EXPECT_EQ(seen.size(), runs.size());
  for (const auto& run : runs)
    EXPECT_EQ(seen.count(run.id()), 1u) << run.id();
  EXPECT_THROW(shard(runs, 4, 4), std::invalid_argument);
  EXPECT_THROW(shard(runs, 0, 0), std::invalid_argument);
}

TEST(SweepPlan, RejectsBadEntriesNamingThem) {
  auto message = [](const SweepSpec& spec) -> std::string {
    try {
      plan_runs(spec);
    } catch (const std::invalid_argument& e) {
      return e.what();
    }
    return "";
  };
  EXPECT_NE(message({{"l2"}, {"1e-4"}, {1}}).find("l2"), std::string::npos);
  EXPECT_NE(message({{"bimt"}, {"-1"}, {1}}).find("-1"), std::string::npos);
  EXPECT_NE(message({{"bimt"}, {}, {1}}).find("--lambdas"), std::string::npos);
  EXPECT_NE(message({{"bimt"}, {"1e-4"}, {}}).find("--seeds"), std::string::npos);
  EXPECT_THROW(split_list("a,,b", "--regs"), std::invalid_argument);
  EXPECT_EQ(split_list("a,b", "--regs"), (std::vector<std::string>{"a", "b"}));
}

} // namespace
} // namespace gyrus::sweep
