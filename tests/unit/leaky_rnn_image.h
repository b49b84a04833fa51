// A deployment image of a trained leaky RNN, built straight from its network file with
// snn-quantize's rules for graded targets (docs/quantization.md): what `gyrus compile
// --emit image` produces, minus partitioning, placement and routes, so that the unit tests
// of the integer reference and the host need no compiler. Hidden neurons fill cores of
// `hidden_per_core`, then one core holds the readout; every packet goes only where it has
// synapses. (On the shipped BIMT model it gives the compiler's synapses and, through the
// reference, the same per-task performance to the trial.)
#pragma once

#include "runtime/image/image.h"
#include "training/io/network_file.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace gyrus::testing {

struct LeakyRnnImageOptions {
  uint32_t frac_bits = 12;      ///< F (snn-quantize's frac-bits)
  uint32_t hidden_per_core = 0; ///< 0: every hidden neuron on one core
};

/// One projection quantized for a graded target: the smallest weight_exp in [-24, 7] whose
/// mantissas hold the largest |W| (2^B - 1 single-sign, 2^(B-1) - 1 mixed-sign), and
/// m = round(W / 2^e) clipped to that range.
struct QuantizedProjection {
  int32_t weight_exp = 0;
  Eigen::MatrixXi mantissa; ///< [target, source]
};

inline QuantizedProjection quantize_graded(const Eigen::MatrixXf& weights, int weight_bits) {
  const double max = weights.size() ? weights.maxCoeff() : 0.0;
  const double min = weights.size() ? weights.minCoeff() : 0.0;
  const double max_abs = std::max(std::abs(max), std::abs(min));
  const bool mixed_sign = max > 0 && min < 0;
  const int64_t limit =
      mixed_sign ? (int64_t{1} << (weight_bits - 1)) - 1 : (int64_t{1} << weight_bits) - 1;
  QuantizedProjection out;
  if (max_abs > 0) {
    out.weight_exp = -24;
    while (out.weight_exp < 7 && std::ldexp(max_abs, -out.weight_exp) > static_cast<double>(limit))
      ++out.weight_exp;
  }
  out.mantissa.resize(weights.rows(), weights.cols());
  for (Eigen::Index r = 0; r < weights.rows(); ++r)
    for (Eigen::Index c = 0; c < weights.cols(); ++c)
      out.mantissa(r, c) = static_cast<int>(std::clamp<double>(
          std::round(std::ldexp(static_cast<double>(weights(r, c)), -out.weight_exp)),
          static_cast<double>(-limit), static_cast<double>(limit)));
  return out;
}

/// round(b·2^F), saturated to 24-bit signed.
inline std::vector<int32_t> quantize_bias(const Eigen::VectorXf& bias, uint32_t frac_bits) {
  constexpr double kMax = (1 << 23) - 1, kMin = -(1 << 23);
  std::vector<int32_t> out;
  for (Eigen::Index i = 0; i < bias.size(); ++i)
    out.push_back(static_cast<int32_t>(std::clamp(
        std::round(std::ldexp(static_cast<double>(bias(i)), static_cast<int>(frac_bits))), kMin,
        kMax)));
  return out;
}

inline image::Image leaky_rnn_image(const io::NetworkFile& network,
                                    const target::TargetDescription& target,
                                    const LeakyRnnImageOptions& options = {}) {
  const int n_input = network.config.n_input;
  const int n_hidden = network.config.n_hidden;
  const int n_output = network.config.n_output;
  const int weight_bits = target.core.weight_bits;
  const QuantizedProjection w_in = quantize_graded(network.params.w_in, weight_bits);
  const QuantizedProjection w_rec = quantize_graded(network.params.w_rec, weight_bits);
  const QuantizedProjection w_out = quantize_graded(network.params.w_out, weight_bits);

  const uint32_t per_core = options.hidden_per_core ? options.hidden_per_core : n_hidden;
  const uint32_t hidden_cores = (n_hidden + per_core - 1) / per_core;
  const uint32_t output_core = hidden_cores;
  auto core_of = [&](int neuron) { return static_cast<uint32_t>(neuron) / per_core; };
  auto slot_of = [&](int neuron) { return static_cast<uint32_t>(neuron) % per_core; };

  image::Image image;
  image.target = target;
  image.metadata = {"leaky_rnn",
                    "",
                    "tests/unit/leaky_rnn_image.h",
                    "one core per population",
                    {{"input", static_cast<uint32_t>(n_input)},
                     {"hidden", static_cast<uint32_t>(n_hidden)},
                     {"output", static_cast<uint32_t>(n_output)}},
                    options.frac_bits};
  image.cores.resize(hidden_cores + 1);
  for (uint32_t c = 0; c < image.cores.size(); ++c) {
    const auto cols = static_cast<uint32_t>(target.mesh.cols);
    const auto per_tile = static_cast<uint32_t>(target.mesh.cores_per_tile);
    image.cores[c].coord = {0, c / per_tile % cols, c / per_tile / cols, c % per_tile};
  }

  // Hidden cores: input axons [0, n_input) carry W_in, [n_input, n_input + N) W_rec.
  const int32_t hidden_frac_bits = std::max(0, -std::min(w_in.weight_exp, w_rec.weight_exp));
  const std::vector<int32_t> hidden_bias = quantize_bias(network.params.b, options.frac_bits);
  const auto alpha_q =
      static_cast<int32_t>(std::clamp<int64_t>(std::llround(network.config.alpha * 4096), 1, 4096));
  for (uint32_t c = 0; c < hidden_cores; ++c) {
    image::Core& core = image.cores[c];
    const int begin = static_cast<int>(c * per_core);
    const int end = std::min(n_hidden, begin + static_cast<int>(per_core));
    core.groups.push_back(
        {0, image::LeakySigmaDeltaParams{alpha_q, 0, hidden_frac_bits},
         std::vector<int32_t>(hidden_bias.begin() + begin, hidden_bias.begin() + end),
         image::SpikeKind::Graded, 1, static_cast<uint32_t>(begin)});
    image::SynapseBlock from_input{0, w_in.weight_exp, {}};
    image::SynapseBlock from_hidden{static_cast<uint32_t>(n_input), w_rec.weight_exp, {}};
    from_input.axons.resize(n_input);
    from_hidden.axons.resize(n_hidden);
    for (int j = begin; j < end; ++j) {
      for (int i = 0; i < n_input; ++i)
        if (w_in.mantissa(j, i) != 0)
          from_input.axons[i].push_back({slot_of(j), w_in.mantissa(j, i), 0});
      for (int i = 0; i < n_hidden; ++i)
        if (w_rec.mantissa(j, i) != 0)
          from_hidden.axons[i].push_back({slot_of(j), w_rec.mantissa(j, i), 0});
    }
    core.synapses = {std::move(from_input), std::move(from_hidden)};
  }

  // The readout core: input axon i carries W_out from hidden neuron i.
  image::Core& readout = image.cores[output_core];
  readout.groups.push_back({0, image::LinearParams{std::max(0, -w_out.weight_exp)},
                            quantize_bias(network.params.b_out, options.frac_bits),
                            image::SpikeKind::Binary, 2, 0});
  image::SynapseBlock to_output{0, w_out.weight_exp, {}};
  to_output.axons.resize(n_hidden);
  for (int i = 0; i < n_hidden; ++i)
    for (int o = 0; o < n_output; ++o)
      if (w_out.mantissa(o, i) != 0)
        to_output.axons[i].push_back({static_cast<uint32_t>(o), w_out.mantissa(o, i), 0});
  readout.synapses = {std::move(to_output)};
  readout.axons.resize(n_output);

  // Axon tables and the input port: one packet per destination core that has synapses.
  auto targets_of = [&](const auto& has_synapse, uint32_t hidden_axon, uint32_t output_axon) {
    std::vector<image::AxonTarget> row;
    for (uint32_t c = 0; c < hidden_cores; ++c)
      if (has_synapse(c))
        row.push_back({c, hidden_axon});
    if (output_axon != UINT32_MAX)
      row.push_back({output_core, output_axon});
    return row;
  };
  for (int i = 0; i < n_hidden; ++i) {
    const bool to_readout = (w_out.mantissa.col(i).array() != 0).any();
    image.cores[core_of(i)].axons.push_back(targets_of(
        [&](uint32_t c) { return !image.cores[c].synapses[1].axons[i].empty(); },
        static_cast<uint32_t>(n_input + i), to_readout ? static_cast<uint32_t>(i) : UINT32_MAX));
  }
  image::InputMap& input = image.inputs.emplace_back();
  input.name = "input";
  input.spike_kind = image::SpikeKind::Graded;
  for (int i = 0; i < n_input; ++i)
    input.neurons.push_back(
        targets_of([&](uint32_t c) { return !image.cores[c].synapses[0].axons[i].empty(); },
                   static_cast<uint32_t>(i), UINT32_MAX));
  image::OutputMap& output = image.outputs.emplace_back();
  output.name = "output";
  for (int o = 0; o < n_output; ++o)
    output.neurons.push_back({output_core, static_cast<uint32_t>(o)});
  return image;
}

} // namespace gyrus::testing
