// How fast are batches generated, next to the work a training step does?
// The reference is a forward pass of the default 20x20 leaky RNN over the same
// batch (batched Eigen GEMMs); a training step costs at least that again for
// BPTT, so the generator must be far cheaper than this reference.
#include "training/tasks/cog20.h"
#include "training/tasks/modcog.h"
#include "training/tasks/suite.h"

#include <Eigen/Dense>
#include <benchmark/benchmark.h>

namespace {

using namespace gyrus::tasks;

constexpr int kBatch = 64;

void report_trials(benchmark::State& state, int64_t trials, int64_t steps) {
  state.counters["trials/s"] =
      benchmark::Counter(static_cast<double>(trials), benchmark::Counter::kIsRate);
  state.counters["mean_T"] = static_cast<double>(steps) / static_cast<double>(state.iterations());
}

/// One batch of one task, B = 64.
void BM_Cog20Task(benchmark::State& state) {
  const std::string& task = cog20::task_names()[state.range(0)];
  state.SetLabel(task);
  Rng rng(1);
  int64_t trials = 0, steps = 0;
  for (auto _ : state) {
    Batch batch = cog20::generate(task, Mode::Random, kBatch, true, rng);
    benchmark::DoNotOptimize(batch.inputs.data());
    trials += batch.trials;
    steps += batch.steps;
  }
  report_trials(state, trials, steps);
}
BENCHMARK(BM_Cog20Task)->DenseRange(0, 19)->Unit(benchmark::kMicrosecond);

/// Training-style stream: the task of each batch drawn with the suite's
/// training weights (cog20: train_all's map; Mod-Cog: uniform).
void BM_SuiteSchedule(benchmark::State& state) {
  const Suite suite = state.range(0) == 0 ? Suite::Cog20 : Suite::ModCog;
  state.SetLabel(std::string(suite_name(suite)));
  TaskSchedule schedule(suite);
  Rng rng(2);
  int64_t trials = 0, steps = 0;
  for (auto _ : state) {
    Batch batch = generate(suite, schedule.next(rng), {Mode::Random, kBatch, true}, rng);
    benchmark::DoNotOptimize(batch.inputs.data());
    trials += batch.trials;
    steps += batch.steps;
  }
  report_trials(state, trials, steps);
}
BENCHMARK(BM_SuiteSchedule)->Arg(0)->Arg(1)->Unit(benchmark::kMicrosecond);

/// Forward pass only of a 400-unit leaky ReLU RNN, T = 100, B = 64.
void BM_RnnForwardReference(benchmark::State& state) {
  constexpr int kHidden = 400, kSteps = 100;
  const Eigen::MatrixXf w_rec = Eigen::MatrixXf::Random(kHidden, kHidden) * 0.05f;
  const Eigen::MatrixXf w_in = Eigen::MatrixXf::Random(kHidden, cog20::kInputSize) * 0.1f;
  const Eigen::MatrixXf w_out = Eigen::MatrixXf::Random(cog20::kOutputSize, kHidden) * 0.1f;
  const Eigen::MatrixXf x = Eigen::MatrixXf::Random(cog20::kInputSize, kBatch * kSteps);
  Eigen::MatrixXf h = Eigen::MatrixXf::Zero(kHidden, kBatch), pre(kHidden, kBatch);
  Eigen::MatrixXf y(cog20::kOutputSize, kBatch);
  for (auto _ : state) {
    for (int t = 0; t < kSteps; ++t) {
      pre.noalias() = w_rec * h;
      pre.noalias() += w_in * x.middleCols(t * kBatch, kBatch);
      h = 0.8f * h + 0.2f * pre.cwiseMax(0.0f);
      y.noalias() = w_out * h;
    }
    benchmark::DoNotOptimize(y.data());
  }
  state.counters["trials/s"] = benchmark::Counter(static_cast<double>(state.iterations()) * kBatch,
                                                  benchmark::Counter::kIsRate);
}
BENCHMARK(BM_RnnForwardReference)->Unit(benchmark::kMicrosecond);

} // namespace

BENCHMARK_MAIN();
