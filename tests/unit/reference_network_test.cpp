// The integer reference network (runtime/ref/network.h) on hand-built images with known
// answers, and the host's side (runtime/host): encoding, latency, decoding and the
// float-vs-integer comparison on the shipped BIMT model.
#include "runtime/host/float_comparison.h"
#include "runtime/host/host_io.h"
#include "runtime/host/leaky_rnn_host.h"
#include "runtime/ref/network.h"
#include "tests/unit/leaky_rnn_image.h"
#include "training/io/network_file.h"
#include "training/model/leaky_rnn.h"

#include <gtest/gtest.h>
#include <random>

namespace gyrus::ref {
namespace {

using image::AxonTarget;
using image::SpikeKind;

/// An image on loihi2 with the given cores and ports, and one population per group.
image::Image make_image(std::vector<image::Core> cores, std::vector<image::InputMap> inputs,
                        std::vector<image::OutputMap> outputs) {
  image::Image image;
  image.target = target::load_preset("loihi2");
  image.metadata.network_name = "hand-built";
  for (size_t c = 0; c < cores.size(); ++c) {
    cores[c].coord = {0, static_cast<uint32_t>(c), 0, 0};
    for (image::CompartmentGroup& group : cores[c].groups) {
      group.population = static_cast<uint32_t>(image.metadata.populations.size());
      image.metadata.populations.push_back({"p" + std::to_string(group.population), group.count()});
    }
    cores[c].axons.resize(cores[c].compartment_count());
  }
  image.cores = std::move(cores);
  image.inputs = std::move(inputs);
  image.outputs = std::move(outputs);
  return image;
}

image::CompartmentGroup group(uint32_t first, image::NeuronParams params, std::vector<int32_t> bias,
                              SpikeKind kind) {
  return {first, std::move(params), std::move(bias), kind, 0, 0};
}

// Neuron 0 spikes from its bias and from host spikes; its spikes reach neuron 1 one step
// later. Both follow step_cuba_lif exactly.
TEST(ReferenceNetwork, CubaLifChainReproducesTheNeuronStepWithOneStepDelay) {
  const image::CubaLifParams params{.du = 1000, .dv = 300, .vth_mant = 20, .bias_exp = 3};
  image::Core core;
  core.groups = {group(0, params, {40, 0}, SpikeKind::Binary)};
  core.synapses = {{0, 2, {{{1, 90, 0}}, {{0, 25, 0}}}}}; // axon 0: 0 → 1; axon 1: host → 0
  image::Image image =
      make_image({core}, {{"spikes", {{{0, 1}}}, SpikeKind::Binary}}, {{"out", {{0, 0}, {0, 1}}}});
  image.cores[0].axons[0] = {{0, 0}};
  ReferenceNetwork network(image);

  const CubaLifConfig config{1000, 300, 20, 3, 0};
  CubaLifState first, second;
  bool first_spiked = false;
  int64_t host_before = 0;
  int second_spikes = 0;
  for (int t = 0; t < 200; ++t) {
    const int64_t host = t % 7 == 0 ? 1 : 0;
    network.step({{host}});
    const int64_t a_first = shift_by_weight_exp(25 * host_before, 2);
    const int64_t a_second = shift_by_weight_exp(first_spiked ? 90 : 0, 2);
    first_spiked = step_cuba_lif(config, 40, a_first, first);
    const bool second_spiked = step_cuba_lif(config, 0, a_second, second);
    second_spikes += second_spiked;
    host_before = host;
    ASSERT_EQ(network.outputs()[0], (std::vector<int64_t>{first_spiked, second_spiked})) << t;
    const auto& s0 = std::get<CubaLifState>(network.state(0, 0));
    const auto& s1 = std::get<CubaLifState>(network.state(0, 1));
    ASSERT_EQ(s0.u, first.u) << t;
    ASSERT_EQ(s0.v, first.v) << t;
    ASSERT_EQ(s1.u, second.u) << t;
    ASSERT_EQ(s1.v, second.v) << t;
  }
  EXPECT_GT(second_spikes, 5); // the chain carries spikes, not only silence
}

// A payload sent in step t through a synapse of delay d is integrated in step t + 1 + d.
TEST(ReferenceNetwork, DelayedSynapsesArriveOneStepPlusTheirDelayLate) {
  image::Core core;
  core.groups = {group(0, image::LinearParams{0}, {0, 0}, SpikeKind::Binary)};
  core.synapses = {{0, 0, {{{0, 1, 0}, {1, 1, 3}}}}}; // one axon, delays 0 and 3
  const image::Image image =
      make_image({core}, {{"x", {{{0, 0}}}, SpikeKind::Graded}}, {{"y", {{0, 0}, {0, 1}}}});
  ReferenceNetwork network(image);
  std::vector<std::vector<int64_t>> seen;
  for (int t = 0; t < 8; ++t) {
    network.step(t == 1 ? HostInput{{7}} : HostInput{});
    seen.push_back(network.outputs()[0]);
  }
  // Sent in step 1: the delay-0 synapse counts from step 2, the delay-3 one from step 5.
  const std::vector<std::vector<int64_t>> expected = {{0, 0}, {0, 0}, {7, 0}, {7, 0},
                                                      {7, 0}, {7, 7}, {7, 7}, {7, 7}};
  EXPECT_EQ(seen, expected);
}

// Lava Dense floors each block's sum once per step; the graded models align it exactly.
TEST(ReferenceNetwork, WeightExpIsAppliedPerBlockAndStepWithTheTargetModelsRule) {
  image::Core core;
  const image::SigmaDeltaParams unit{0, 0, image::SigmaDeltaActivation::Unit};
  core.groups = {group(0, unit, {0, 0, 0}, SpikeKind::Graded),
                 group(3, image::LinearParams{1}, {0}, SpikeKind::Binary)};
  // Axons 0, 1 (one block, weight_exp -1) reach compartments 0 and 3; axons 2, 3 (two
  // blocks, weight_exp -1 each) reach compartment 1; axon 4 (weight_exp 2) compartment 2.
  core.synapses = {{0, -1, {{{0, 3, 0}, {3, 3, 0}}, {{0, 3, 0}, {3, 3, 0}}}},
                   {2, -1, {{{1, 3, 0}}}},
                   {3, -1, {{{1, 3, 0}}}},
                   {4, 2, {{{2, -5, 0}}}}};
  const image::Image image = make_image(
      {core}, {{"x", {{{0, 0}}, {{0, 1}}, {{0, 2}}, {{0, 3}}, {{0, 4}}}, SpikeKind::Graded}},
      {{"y", {{0, 3}}}});
  ReferenceNetwork network(image);
  network.step({{1, 1, 1, 1, 1}});
  network.step();
  EXPECT_EQ(std::get<SigmaDeltaState>(network.state(0, 0)).sigma, (3 + 3) >> 1);    // 3
  EXPECT_EQ(std::get<SigmaDeltaState>(network.state(0, 1)).sigma, (3 >> 1) * 2);    // 2
  EXPECT_EQ(std::get<SigmaDeltaState>(network.state(0, 2)).sigma, -5 * 4);          // -20
  EXPECT_EQ(std::get<LinearState>(network.state(0, 3)).sigma, (3 + 3) << (-1 + 1)); // exact
  EXPECT_EQ(network.outputs()[0][0], 3);
  network.step({{-1, 0, -1, 0, 0}});
  network.step();
  // -3 >> 1 floors to -2 (Lava's floor, not truncation), so sigma ends one unit low.
  EXPECT_EQ(std::get<SigmaDeltaState>(network.state(0, 0)).sigma, 3 + (-3 >> 1));
  EXPECT_EQ(std::get<SigmaDeltaState>(network.state(0, 1)).sigma, 2 + (-3 >> 1));
}

/// A small random leaky RNN: what a NetworkFile needs for leaky_rnn_image.
io::NetworkFile random_network(uint64_t seed, int n_input, int n_hidden, int n_output,
                               double alpha) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<float> weight(-0.8f, 0.8f);
  io::NetworkFile network;
  network.config = {n_input, n_hidden, n_output, alpha, 0.0, model::Activation::Relu};
  network.params.resize(network.config);
  for (auto* matrix : {&network.params.w_in, &network.params.w_rec, &network.params.w_out})
    for (Eigen::Index k = 0; k < matrix->size(); ++k)
      (*matrix)(k) = engine() % 4 == 0 ? 0.0f : weight(engine);
  for (Eigen::Index k = 0; k < n_hidden; ++k)
    network.params.b(k) = weight(engine) * 0.5f;
  for (Eigen::Index k = 0; k < n_output; ++k)
    network.params.b_out(k) = weight(engine) * 0.5f;
  return network;
}

/// Random inputs in [0, 1], held for a few steps at a time (so some changes are zero).
std::vector<std::vector<float>> random_inputs(uint64_t seed, int steps, int n_input) {
  std::mt19937_64 engine(seed);
  std::uniform_real_distribution<float> value(0.0f, 1.0f);
  std::vector<std::vector<float>> x(steps, std::vector<float>(n_input));
  for (int t = 0; t < steps; ++t)
    for (int i = 0; i < n_input; ++i)
      x[t][i] = t > 0 && engine() % 3 != 0 ? x[t - 1][i] : value(engine);
  return x;
}

// With vth 0 the chip computes the quantized integer RNN exactly: here it is computed
// straight from the mantissas, with the pipeline's timing (the hidden layer integrates in
// step t what was sent in step t - 1; the readout one step later).
TEST(ReferenceNetwork, GradedLeakyRnnWithThresholdZeroIsTheIntegerRnn) {
  const io::NetworkFile network = random_network(5, 3, 6, 2, 0.2);
  const image::Image image = testing::leaky_rnn_image(network, target::load_preset("loihi2"));
  const auto& hidden = image.cores[0];
  const auto& leaky = std::get<image::LeakySigmaDeltaParams>(hidden.groups[0].params);
  const auto w_in = testing::quantize_graded(network.params.w_in, 8);
  const auto w_rec = testing::quantize_graded(network.params.w_rec, 8);
  const auto w_out = testing::quantize_graded(network.params.w_out, 8);
  const int f = leaky.sigma_frac_bits;
  const int f_out = std::get<image::LinearParams>(image.cores[1].groups[0].params).sigma_frac_bits;
  ASSERT_EQ(leaky.alpha_q, 819);

  ReferenceNetwork chip(image);
  host::DeltaEncoder encoder(3, image.metadata.frac_bits);
  const auto inputs = random_inputs(9, 150, 3);
  std::vector<int64_t> h(6, 0), x_sent(3, 0);
  int active = 0;
  for (int t = 0; t < 150; ++t) {
    chip.step({encoder.encode(inputs[t])});
    std::vector<int64_t> y(2);
    for (int o = 0; o < 2; ++o) {
      int64_t acc = 0;
      for (int j = 0; j < 6; ++j)
        acc += int64_t{w_out.mantissa(o, j)} * h[j] << (w_out.weight_exp + f_out);
      y[o] = (acc >> f_out) + image.cores[1].groups[0].bias[o];
    }
    std::vector<int64_t> next(6);
    for (int j = 0; j < 6; ++j) {
      int64_t acc = 0;
      for (int i = 0; i < 6; ++i)
        acc += int64_t{w_rec.mantissa(j, i)} * h[i] << (w_rec.weight_exp + f);
      for (int i = 0; i < 3; ++i)
        acc += int64_t{w_in.mantissa(j, i)} * x_sent[i] << (w_in.weight_exp + f);
      const int64_t act =
          std::clamp<int64_t>((acc >> f) + hidden.groups[0].bias[j], 0, (1 << 23) - 1);
      next[j] = h[j] + ((leaky.alpha_q * (act - h[j]) + 2048) >> 12);
    }
    h = next;
    for (int i = 0; i < 3; ++i)
      x_sent[i] = host::quantize_input(inputs[t][i], image.metadata.frac_bits);
    for (int j = 0; j < 6; ++j) {
      ASSERT_EQ(std::get<LeakySigmaDeltaState>(chip.state(0, j)).h, h[j]) << t << ", " << j;
      active += h[j] > 0;
    }
    ASSERT_EQ(chip.outputs()[0], y) << t;
  }
  EXPECT_GT(active, 150); // the network is not silent
}

// Splitting the hidden layer over cores changes packets and axons, never the arithmetic.
TEST(ReferenceNetwork, MultiCoreImageComputesWhatTheOneCoreImageComputes) {
  const io::NetworkFile network = random_network(21, 4, 10, 3, 0.3);
  const auto loihi2 = target::load_preset("loihi2");
  const image::Image one = testing::leaky_rnn_image(network, loihi2);
  const image::Image split = testing::leaky_rnn_image(network, loihi2, {12, 3});
  ASSERT_EQ(split.cores.size(), 5u);
  ReferenceNetwork a(one), b(split);
  host::DeltaEncoder encoder(4, 12);
  for (const auto& x : random_inputs(3, 120, 4)) {
    const HostInput input{encoder.encode(x)};
    a.step(input);
    b.step(input);
    ASSERT_EQ(a.outputs(), b.outputs());
    for (uint32_t j = 0; j < 10; ++j) {
      const auto& sa = std::get<LeakySigmaDeltaState>(a.state(0, j));
      const auto& sb = std::get<LeakySigmaDeltaState>(b.state(j / 3, j % 3));
      ASSERT_EQ(sa.h, sb.h);
      ASSERT_EQ(sa.sigma, sb.sigma);
    }
  }
}

TEST(ReferenceNetwork, SnapshotsNameTheFirstDifferingField) {
  const io::NetworkFile network = random_network(2, 2, 4, 2, 0.5);
  const image::Image image = testing::leaky_rnn_image(network, target::load_preset("loihi2"));
  ReferenceNetwork a(image), b(image);
  a.step({{4096, 2048}});
  b.step({{4096, 2048}});
  EXPECT_EQ(first_difference(a.snapshot(), b.snapshot()), std::nullopt);
  a.step({{4096, 0}});
  b.step();
  // Sent in step 2, integrated in step 3: the snapshots differ only from then on.
  EXPECT_EQ(first_difference(a.snapshot(), b.snapshot()), std::nullopt);
  a.step();
  b.step();
  const std::optional<std::string> difference = first_difference(a.snapshot(), b.snapshot());
  ASSERT_TRUE(difference);
  EXPECT_NE(difference->find("step 3, core 0, compartment "), std::string::npos) << *difference;
  EXPECT_NE(difference->find(": sigma = "), std::string::npos) << *difference;
  a.step();
  EXPECT_EQ(*first_difference(a.snapshot(), b.snapshot()), "steps run: 3, expected 4");

  a.reset();
  EXPECT_EQ(a.steps_run(), 0);
  ReferenceNetwork fresh(image);
  EXPECT_EQ(first_difference(fresh.snapshot(), a.snapshot()), std::nullopt);
  EXPECT_EQ(state_fields(a.state(0, 0)).front().first, "sigma");
}

TEST(ReferenceNetwork, BadHostInputIsRefusedBeforeAnythingChanges) {
  image::Core core;
  core.groups = {group(0, image::CubaLifParams{}, {0}, SpikeKind::Binary)};
  core.synapses = {{0, 0, {{{0, 1, 0}}}}};
  const image::Image image =
      make_image({core}, {{"s", {{{0, 0}}}, SpikeKind::Binary}}, {{"out", {{0, 0}}}});
  ReferenceNetwork network(image);
  EXPECT_THROW(network.step({{2}}), std::invalid_argument);
  EXPECT_THROW(network.step({{1, 0}}), std::invalid_argument);
  EXPECT_THROW(network.step({{1}, {1}}), std::invalid_argument);
  EXPECT_EQ(network.steps_run(), 0);
  EXPECT_THROW(network.state(0, 1), std::out_of_range);
  image::Image broken = image;
  broken.cores[0].synapses[0].axons[0][0].compartment = 5;
  EXPECT_THROW(ReferenceNetwork{broken}, std::exception);
}

TEST(HostIo, DeltaEncodingSendsChangesThatSumToTheQuantizedInput) {
  host::DeltaEncoder encoder(2, 12);
  EXPECT_EQ(encoder.encode(std::vector<float>{1.0f, 0.25f}), (std::vector<int64_t>{4096, 1024}));
  EXPECT_EQ(encoder.encode(std::vector<float>{1.0f, 0.5f}), (std::vector<int64_t>{0, 1024}));
  EXPECT_EQ(encoder.encode(std::vector<float>{-0.0001f, 0.5f}), (std::vector<int64_t>{-4096, 0}));
  EXPECT_EQ(host::quantize_input(-0.0001, 12), 0);
  EXPECT_EQ(host::quantize_input(1.5 / 4096, 12), 2); // halves away from zero
  EXPECT_EQ(host::quantize_input(-1.5 / 4096, 12), -2);
  EXPECT_DOUBLE_EQ(host::decode_output(-2048, 12), -0.5);
  EXPECT_THROW(encoder.encode(std::vector<float>{1.0f}), std::invalid_argument);
  encoder.reset();
  EXPECT_EQ(encoder.encode(std::vector<float>{0.5f, 0.5f}), (std::vector<int64_t>{2048, 2048}));
}

TEST(HostIo, PipelineLatencyCountsHopsAndDelays) {
  const io::NetworkFile network = random_network(4, 3, 5, 2, 0.2);
  image::Image image = testing::leaky_rnn_image(network, target::load_preset("loihi2"));
  EXPECT_EQ(host::pipeline_latency(image, 0, 0), 2);
  for (auto& axon : image.cores[1].synapses[0].axons)
    for (auto& synapse : axon)
      synapse.delay = 4;
  EXPECT_EQ(host::pipeline_latency(image, 0, 0), 6);
  for (auto& row : image.cores[0].axons)
    row.clear();
  EXPECT_EQ(host::pipeline_latency(image, 0, 0), std::nullopt);
  EXPECT_THROW(host::pipeline_latency(image, 1, 0), std::out_of_range);
}

// Feed-forward (W_rec = 0), alpha = 1, and every weight, bias and input exactly
// representable: then the chip's readout L = 2 steps late is the float network's output.
TEST(HostIo, LeakyRnnHostAlignsTheReadoutWithTheFloatNetwork) {
  io::NetworkFile network = random_network(8, tasks::input_size(tasks::Suite::Cog20), 12,
                                           tasks::output_size(tasks::Suite::Cog20), 1.0);
  network.params.w_rec.setZero();
  for (auto* matrix : {&network.params.w_in, &network.params.w_out})
    *matrix = (*matrix * 64).array().round() / 128; // |w| < 0.5, multiples of 1/128
  network.params.b = (network.params.b * 4096).array().round() / 4096;
  network.params.b_out = (network.params.b_out * 4096).array().round() / 4096;
  const image::Image image = testing::leaky_rnn_image(network, target::load_preset("loihi2"));
  host::LeakyRnnHost host(image);
  EXPECT_EQ(host.latency(), 2);

  tasks::Rng rng(0, 0);
  tasks::GenerateOptions test_mode{tasks::Mode::Test, 0, false};
  const tasks::Batch batch = host::select_trials(
      tasks::generate(tasks::Suite::Cog20, "dm1", test_mode, rng), {0, 17, 55, 99});
  model::LeakyRnn<float> rnn(network.config);
  rnn.forward(network.params, batch, std::nullopt);
  const std::vector<float> integer = host.run(batch);
  double worst = 0;
  for (size_t k = 0; k < integer.size(); ++k)
    worst = std::max(worst, std::abs(static_cast<double>(rnn.outputs().data()[k]) - integer[k]));
  // What remains is the rounding of inputs to 2^-12 and the floors of sigma >> f.
  EXPECT_LT(worst, 2e-3);
}

TEST(HostIo, SelectTrialsSlicesEveryTensorAlike) {
  tasks::Rng rng(0, 0);
  const tasks::Batch grid =
      tasks::generate(tasks::Suite::Cog20, "dmsgo", {tasks::Mode::Test, 0, false}, rng);
  const tasks::Batch picked = host::select_trials(grid, {5, 2});
  ASSERT_EQ(picked.trials, 2);
  for (int t = 0; t < grid.steps; ++t) {
    for (int i = 0; i < grid.n_input; ++i)
      ASSERT_EQ(picked.input(t, 0, i), grid.input(t, 5, i));
    for (int o = 0; o < grid.n_output; ++o)
      ASSERT_EQ(picked.target(t, 1, o), grid.target(t, 2, o));
    ASSERT_EQ(picked.angle(t, 0), grid.angle(t, 5));
  }
  EXPECT_EQ(picked.epoch(1, 1).begin, grid.epoch(2, 1).begin);
  EXPECT_THROW(host::select_trials(grid, {grid.trials}), std::out_of_range);
}

// The target, on 50 trials per task so that it stays a unit test (`gyrus verify
// --against-float` on the compiled image measures every trial; tests/e2e/verify_test.py):
// the shipped BIMT model on loihi2 loses at most 2 performance points over the 20 tasks.
TEST(HostIo, ShippedBimtModelLosesAtMostTwoPointsOnLoihi2) {
  const std::filesystem::path model =
      std::filesystem::path(GYRUS_SOURCE_DIR) / "examples" / "models" / "cog20_bimt_20x20.gnet.h5";
  const io::NetworkFile network = io::read_network_file(model);
  const image::Image image = testing::leaky_rnn_image(network, target::load_preset("loihi2"));
  const host::FloatComparison comparison =
      host::compare_with_float(image, network, tasks::Suite::Cog20, {.max_trials = 50});
  ASSERT_EQ(comparison.tasks.size(), 20u);
  EXPECT_EQ(comparison.latency, 2);
  for (const host::TaskComparison& task : comparison.tasks) {
    EXPECT_LE(task.trials, 50);
    EXPECT_GE(task.agreement, 0.9) << task.task;
    EXPECT_GT(task.max_output_error, 0.0) << task.task; // integers, not a copy of the float
  }
  EXPECT_LE(comparison.mean_drop_points(), 2.0);
  EXPECT_GT(comparison.mean_integer, 0.85);
}

} // namespace
} // namespace gyrus::ref
