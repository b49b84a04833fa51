// One BIMT training step at the size the issue fixes: B = 64, T = 100,
// N = 400 (20 x 20), cog20 encoding, recurrent noise on: forward, BPTT, the
// BIMT penalty gradient and the Adam update. bench/train_step_torch.py runs
// the same computation in PyTorch for the side-by-side ratio.
#include "training/bimt/connection_cost.h"
#include "training/bimt/geometry.h"
#include "training/model/adam.h"
#include "training/model/initialization.h"
#include "training/model/leaky_rnn.h"
#include "training/tasks/cog20.h"

#include <benchmark/benchmark.h>

namespace {

using namespace gyrus;

tasks::Batch fixed_batch(int T, int B, uint64_t seed) {
  tasks::Rng rng(seed);
  tasks::Batch batch;
  batch.n_input = tasks::cog20::kInputSize;
  batch.n_output = tasks::cog20::kOutputSize;
  batch.allocate(T, B, 0.05f);
  for (float& x : batch.inputs)
    x = static_cast<float>(rng.uniform());
  for (float& y : batch.targets)
    y = static_cast<float>(rng.uniform(0.05, 0.85));
  for (float& m : batch.mask)
    m = 1.0f;
  return batch;
}

void BM_TrainStep(benchmark::State& state) {
  const int threads = static_cast<int>(state.range(0));
  Eigen::setNbThreads(threads);
  const model::RnnConfig config{tasks::cog20::kInputSize, 400, tasks::cog20::kOutputSize};
  tasks::Rng rng(1);
  auto params = model::initial_parameters(config, model::RecurrentInit::RandomOrthogonal, rng);
  model::RnnParameters<float> grad;
  grad.resize(config);
  model::Adam adam(config, {});
  model::LeakyRnn<float> rnn(config);
  const bimt::Geometry geometry(config.n_input, config.n_output, 20, 20);
  const bimt::CostConfig cost{bimt::Regularizer::Bimt, 1e-4};
  const tasks::Batch batch = fixed_batch(100, 64, 2);
  uint64_t noise_seed = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(rnn.forward(params, batch, ++noise_seed));
    rnn.backward(params, grad);
    bimt::add_regularization_gradient(params, geometry, cost, grad);
    adam.step(params, grad);
  }
  state.SetLabel(std::to_string(threads) + " thread(s)");
}
BENCHMARK(BM_TrainStep)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
