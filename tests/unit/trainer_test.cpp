#include "training/io/network_file.h"
#include "training/train/trainer.h"

#include <filesystem>
#include <fstream>
#include <gtest/gtest.h>

namespace gyrus::train {
namespace {

TrainOptions small_options() {
  TrainOptions o;
  o.grid_width = 4;
  o.grid_height = 3;
  o.batch = 6;
  o.seed = 5;
  o.lambda = "1e-3@0,2e-3@3";
  o.swap.interval = 2;
  o.swap.top_k = 4;
  return o;
}

std::filesystem::path temp_path(const std::string& name) {
  return std::filesystem::path(::testing::TempDir()) / name;
}

TEST(Trainer, ResumedRunEndsBitIdenticalToAnUninterruptedOne) {
  Trainer straight(small_options());
  for (int i = 0; i < 7; ++i)
    straight.train_step();

  Trainer first_half(small_options());
  for (int i = 0; i < 3; ++i)
    first_half.train_step();
  const auto path = temp_path("resume.ckpt");
  io::write_network_file(path, first_half.snapshot(/*with_optimizer=*/true));
  Trainer resumed = Trainer::resume(io::read_network_file(path));
  EXPECT_EQ(resumed.step(), 3);
  for (int i = 0; i < 4; ++i)
    resumed.train_step();

  const auto& a = straight.parameters();
  const auto& b = resumed.parameters();
  EXPECT_EQ(a.w_in, b.w_in);
  EXPECT_EQ(a.w_rec, b.w_rec);
  EXPECT_EQ(a.b, b.b);
  EXPECT_EQ(a.w_out, b.w_out);
  EXPECT_EQ(a.b_out, b.b_out);
  // Training really moved the weights, so equality is not vacuous.
  Trainer fresh(small_options());
  EXPECT_NE(fresh.parameters().w_rec, a.w_rec);
}

TEST(Trainer, SameSeedSameWeightsOtherSeedOtherWeights) {
  Trainer a(small_options()), b(small_options());
  TrainOptions other = small_options();
  other.seed = 6;
  Trainer c(other);
  for (int i = 0; i < 3; ++i) {
    a.train_step();
    b.train_step();
    c.train_step();
  }
  EXPECT_EQ(a.parameters().w_rec, b.parameters().w_rec);
  EXPECT_NE(a.parameters().w_rec, c.parameters().w_rec);
}

TEST(Trainer, SwapsHappenOnScheduleWithBimtOnly) {
  Trainer bimt_run(small_options());
  EXPECT_FALSE(bimt_run.train_step().swapped); // step 0
  EXPECT_TRUE(bimt_run.train_step().swapped);  // after 2 completed steps
  TrainOptions l1 = small_options();
  l1.regularizer = bimt::Regularizer::L1;
  Trainer l1_run(l1);
  l1_run.train_step();
  EXPECT_FALSE(l1_run.train_step().swapped);
}

TEST(Trainer, RegularizerFollowsTheLambdaSchedule) {
  Trainer trainer(small_options());
  const double r0 = trainer.train_step().regularization;
  trainer.train_step();
  trainer.train_step();
  const double r3 = trainer.train_step().regularization; // lambda doubled at step 3
  EXPECT_GT(r0, 0);
  EXPECT_NEAR(r3 / r0, 2.0, 0.3);
}

TEST(Trainer, EvaluationCoversEveryTaskAndIsRepeatable) {
  Trainer trainer(small_options());
  const Evaluation a = trainer.evaluate(8);
  const Evaluation b = trainer.evaluate(8);
  EXPECT_EQ(a.performance.size(), 20u);
  EXPECT_EQ(a.performance, b.performance);
  for (const auto& [task, perf] : a.performance) {
    EXPECT_GE(perf, 0.0) << task;
    EXPECT_LE(perf, 1.0) << task;
  }
}

TEST(Trainer, SnapshotRoundTripsThroughTheNetworkFile) {
  Trainer trainer(small_options());
  trainer.train_step();
  const auto path = temp_path("model.gnet.h5");
  io::write_network_file(path, trainer.snapshot(false, {{"mean_performance", 0.5}}));
  const io::NetworkFile net = io::read_network_file(path);
  EXPECT_FALSE(net.optimizer.has_value());
  EXPECT_EQ(net.params.w_rec, trainer.parameters().w_rec);
  EXPECT_EQ(net.params.w_in, trainer.parameters().w_in);
  EXPECT_EQ(net.grid_width, 4);
  EXPECT_EQ(net.grid_height, 3);
  EXPECT_EQ(net.hidden_positions, trainer.geometry().hidden_positions().cast<float>());
  EXPECT_EQ(net.provenance["regularizer"], "bimt");
  EXPECT_EQ(net.provenance["steps"], 1);
  EXPECT_EQ(net.provenance["metrics"]["mean_performance"], 0.5);
  EXPECT_THROW(Trainer::resume(net), std::runtime_error); // no optimizer state
}

TEST(Trainer, RejectsBadOptionsNamingThem) {
  auto expect_error = [](TrainOptions o, const std::string& fragment) {
    try {
      Trainer t(o);
      ADD_FAILURE() << "accepted bad options, expected an error about " << fragment;
    } catch (const std::invalid_argument& e) {
      EXPECT_NE(std::string(e.what()).find(fragment), std::string::npos) << e.what();
    }
  };
  TrainOptions o = small_options();
  o.lambda = "-1e-4";
  expect_error(o, "-1e-4");
  o = small_options();
  o.grid_width = 0;
  expect_error(o, "--hidden");
  o = small_options();
  o.batch = 0;
  expect_error(o, "--batch");
  o = small_options();
  o.swap.top_k = 13;
  expect_error(o, "--swap-topk");
}

TEST(NetworkFile, CorruptFilesGetErrorsNamingTheField) {
  Trainer trainer(small_options());
  const auto good = temp_path("good.gnet.h5");
  io::write_network_file(good, trainer.snapshot(true));
  // Not HDF5 at all.
  const auto garbage = temp_path("garbage.gnet.h5");
  { std::ofstream(garbage) << "definitely not hdf5"; }
  try {
    io::read_network_file(garbage);
    ADD_FAILURE();
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("garbage.gnet.h5"), std::string::npos);
  }
  // Truncated.
  const auto truncated = temp_path("truncated.gnet.h5");
  std::filesystem::copy_file(good, truncated, std::filesystem::copy_options::overwrite_existing);
  std::filesystem::resize_file(truncated, std::filesystem::file_size(good) / 2);
  EXPECT_THROW(io::read_network_file(truncated), std::runtime_error);
  EXPECT_THROW(io::read_network_file(temp_path("missing.gnet.h5")), std::runtime_error);
}

} // namespace
} // namespace gyrus::train
