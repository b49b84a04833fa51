#include "runtime/ref/network.h"

#include "runtime/image/validate.h"

#include <algorithm>
#include <stdexcept>

namespace gyrus::ref {
namespace {

struct StateFields {
  using Fields = std::vector<std::pair<std::string_view, int64_t>>;
  Fields operator()(const CubaLifState& s) const {
    return {{"u", s.u}, {"v", s.v}, {"refractory_left", s.refractory_left}};
  }
  Fields operator()(const SigmaDeltaState& s) const {
    return {{"sigma", s.sigma}, {"act", s.act}, {"residue", s.residue}};
  }
  Fields operator()(const LeakySigmaDeltaState& s) const {
    return {{"sigma", s.sigma}, {"h", s.h}, {"h_sent", s.h_sent}};
  }
  Fields operator()(const LinearState& s) const { return {{"sigma", s.sigma}}; }
};

std::string_view model_name(const CompartmentState& state) {
  static constexpr std::string_view kNames[] = {"cuba_lif", "sigma_delta", "leaky_sigma_delta",
                                                "linear"};
  return kNames[state.index()];
}

/// runtime/ref's config for the image's parameters: the same fields, by design.
using ModelConfig =
    std::variant<CubaLifConfig, SigmaDeltaConfig, LeakySigmaDeltaConfig, LinearConfig>;
struct ToConfig {
  ModelConfig operator()(const image::CubaLifParams& p) const {
    return CubaLifConfig{p.du, p.dv, p.vth_mant, p.bias_exp, p.refractory};
  }
  ModelConfig operator()(const image::SigmaDeltaParams& p) const {
    return SigmaDeltaConfig{p.vth, p.state_exp,
                            p.activation == image::SigmaDeltaActivation::Unit
                                ? SigmaDeltaActivation::Unit
                                : SigmaDeltaActivation::Relu};
  }
  ModelConfig operator()(const image::LeakySigmaDeltaParams& p) const {
    return LeakySigmaDeltaConfig{p.alpha_q, p.vth, p.sigma_frac_bits};
  }
  ModelConfig operator()(const image::LinearParams& p) const {
    return LinearConfig{p.sigma_frac_bits};
  }
};

/// The initial state of a compartment of `params`' model: every field 0.
CompartmentState initial_state(const image::NeuronParams& params) {
  switch (params.index()) {
  case 0:
    return CubaLifState{};
  case 1:
    return SigmaDeltaState{};
  case 2:
    return LeakySigmaDeltaState{};
  default:
    return LinearState{};
  }
}

/// The sigma_frac_bits with which a model aligns its input exactly (align_to_sigma), or
/// nullopt for the models that take Lava Dense's shifted sum.
std::optional<int32_t> aligning_frac_bits(const image::NeuronParams& params) {
  if (const auto* leaky = std::get_if<image::LeakySigmaDeltaParams>(&params))
    return leaky->sigma_frac_bits;
  if (const auto* linear = std::get_if<image::LinearParams>(&params))
    return linear->sigma_frac_bits;
  return std::nullopt;
}

} // namespace

std::vector<std::pair<std::string_view, int64_t>> state_fields(const CompartmentState& state) {
  return std::visit(StateFields{}, state);
}

std::optional<std::string> first_difference(const NetworkSnapshot& expected,
                                            const NetworkSnapshot& actual) {
  if (expected.steps != actual.steps)
    return "steps run: " + std::to_string(actual.steps) + ", expected " +
           std::to_string(expected.steps);
  const std::string at = "step " + std::to_string(expected.steps) + ", ";
  if (expected.cores.size() != actual.cores.size())
    return at + std::to_string(actual.cores.size()) + " cores, expected " +
           std::to_string(expected.cores.size());
  for (size_t c = 0; c < expected.cores.size(); ++c) {
    const auto& want = expected.cores[c].compartments;
    const auto& got = actual.cores[c].compartments;
    const std::string core = at + "core " + std::to_string(c);
    if (want.size() != got.size())
      return core + ": " + std::to_string(got.size()) + " compartments, expected " +
             std::to_string(want.size());
    for (size_t k = 0; k < want.size(); ++k) {
      const std::string where = core + ", compartment " + std::to_string(want[k].compartment);
      if (want[k].compartment != got[k].compartment)
        return core + ": compartment " + std::to_string(got[k].compartment) + " where " +
               std::to_string(want[k].compartment) + " was expected";
      if (want[k].state.index() != got[k].state.index())
        return where + ": model " + std::string(model_name(got[k].state)) + ", expected " +
               std::string(model_name(want[k].state));
      const auto want_fields = state_fields(want[k].state);
      const auto got_fields = state_fields(got[k].state);
      for (size_t f = 0; f < want_fields.size(); ++f)
        if (want_fields[f].second != got_fields[f].second)
          return where + ": " + std::string(want_fields[f].first) + " = " +
                 std::to_string(got_fields[f].second) + ", expected " +
                 std::to_string(want_fields[f].second);
      if (want[k].output != got[k].output)
        return where + ": output = " + std::to_string(got[k].output) + ", expected " +
               std::to_string(want[k].output);
    }
  }
  return std::nullopt;
}

ReferenceNetwork::ReferenceNetwork(const image::Image& image) {
  // validate_image guarantees every index below: cores, axons, compartments in groups.
  image::validate_image(image, "reference network");
  cores_.resize(image.cores.size());
  for (size_t c = 0; c < image.cores.size(); ++c)
    build_core(image.cores[c], cores_[c]);
  for (const image::InputMap& input : image.inputs)
    input_ports_.push_back({input.spike_kind == image::SpikeKind::Graded, input.neurons});
  for (const image::OutputMap& output : image.outputs)
    output_ports_.push_back(output.neurons);
  reset();
}

void ReferenceNetwork::build_core(const image::Core& image_core, Core& core) const {
  const uint32_t compartments = image_core.compartment_count();
  core.group_of.assign(compartments, -1);
  core.states.resize(compartments);
  for (const image::CompartmentGroup& group : image_core.groups) {
    const auto index = static_cast<int32_t>(core.groups.size());
    core.groups.push_back({group.first, std::visit(ToConfig{}, group.params), group.bias});
    for (uint32_t c = group.first; c < group.end(); ++c) {
      core.group_of[c] = index;
      core.states[c] = initial_state(group.params);
    }
  }

  // One dendrite per (block, target compartment); synapses as CSR over input axons.
  const uint32_t axons = image_core.in_axon_count();
  std::vector<std::vector<SynapseTarget>> by_axon(axons);
  uint32_t largest_delay = 0;
  for (const image::SynapseBlock& block : image_core.synapses) {
    std::vector<uint32_t> dendrite_of(compartments, UINT32_MAX);
    for (size_t a = 0; a < block.axons.size(); ++a)
      for (const image::Synapse& synapse : block.axons[a]) {
        uint32_t& dendrite = dendrite_of[synapse.compartment];
        if (dendrite == UINT32_MAX) {
          dendrite = static_cast<uint32_t>(core.dendrites.size());
          const image::CompartmentGroup& group = *image_core.group_of(synapse.compartment);
          core.dendrites.push_back(
              {synapse.compartment, block.weight_exp, aligning_frac_bits(group.params)});
        }
        by_axon[block.first_axon + a].push_back({dendrite, synapse.weight, synapse.delay});
        largest_delay = std::max(largest_delay, synapse.delay);
      }
  }
  core.axon_start.assign(1, 0);
  for (auto& synapses : by_axon) {
    core.synapses.insert(core.synapses.end(), synapses.begin(), synapses.end());
    core.axon_start.push_back(static_cast<uint32_t>(core.synapses.size()));
  }
  core.pending.assign(largest_delay + 1, std::vector<int64_t>(core.dendrites.size(), 0));

  core.out_start.assign(1, 0);
  for (const auto& row : image_core.axons) {
    core.out_targets.insert(core.out_targets.end(), row.begin(), row.end());
    core.out_start.push_back(static_cast<uint32_t>(core.out_targets.size()));
  }
  // Compartments past the axon table's end send nowhere.
  core.out_start.resize(compartments + 1, core.out_start.back());
}

void ReferenceNetwork::reset() {
  for (Core& core : cores_) {
    for (CompartmentState& state : core.states)
      state = std::visit(
          [](const auto& s) -> CompartmentState { return std::decay_t<decltype(s)>{}; }, state);
    for (auto& slot : core.pending)
      std::fill(slot.begin(), slot.end(), 0);
    core.outputs.assign(core.states.size(), 0);
    core.input.assign(core.states.size(), 0);
  }
  outputs_.clear();
  for (const auto& port : output_ports_)
    outputs_.emplace_back(port.size(), 0);
  steps_run_ = 0;
}

void ReferenceNetwork::check_inputs(const HostInput& inputs) const {
  if (inputs.size() > input_ports_.size())
    throw std::invalid_argument("host input for " + std::to_string(inputs.size()) +
                                " ports, but the image has " + std::to_string(input_ports_.size()));
  for (size_t p = 0; p < inputs.size(); ++p) {
    if (inputs[p].empty())
      continue;
    if (inputs[p].size() != input_ports_[p].neurons.size())
      throw std::invalid_argument("host input port " + std::to_string(p) + ": " +
                                  std::to_string(inputs[p].size()) + " values for " +
                                  std::to_string(input_ports_[p].neurons.size()) + " neurons");
    if (!input_ports_[p].graded)
      for (size_t i = 0; i < inputs[p].size(); ++i)
        if (inputs[p][i] != 0 && inputs[p][i] != 1)
          throw std::invalid_argument("host input port " + std::to_string(p) +
                                      " is binary: neuron " + std::to_string(i) +
                                      " must send 0 or 1, got " + std::to_string(inputs[p][i]));
  }
}

void ReferenceNetwork::step(const HostInput& inputs) {
  check_inputs(inputs);
  for (Core& core : cores_) {
    deliver(core);
    update(core);
  }
  // Packets go out after every core updated, so that none is integrated in its own step.
  // A spike is a payload of 1; linear units have no axon table entries (validate_image).
  for (Core& core : cores_)
    for (size_t c = 0; c < core.states.size(); ++c) {
      if (core.outputs[c] == 0)
        continue;
      for (uint32_t k = core.out_start[c]; k < core.out_start[c + 1]; ++k)
        send(core.out_targets[k], core.outputs[c]);
    }
  for (size_t p = 0; p < inputs.size(); ++p)
    for (size_t i = 0; i < inputs[p].size(); ++i)
      if (inputs[p][i] != 0)
        for (const image::AxonTarget& target : input_ports_[p].neurons[i])
          send(target, inputs[p][i]);

  for (size_t p = 0; p < output_ports_.size(); ++p)
    for (size_t i = 0; i < output_ports_[p].size(); ++i)
      outputs_[p][i] = cores_[output_ports_[p][i].core].outputs[output_ports_[p][i].compartment];
  ++steps_run_;
}

void ReferenceNetwork::deliver(Core& core) {
  std::fill(core.input.begin(), core.input.end(), 0);
  std::vector<int64_t>& due = core.pending[steps_run_ % core.pending.size()];
  for (size_t d = 0; d < core.dendrites.size(); ++d) {
    if (due[d] == 0)
      continue;
    const Dendrite& dendrite = core.dendrites[d];
    core.input[dendrite.compartment] +=
        dendrite.sigma_frac_bits
            ? align_to_sigma(due[d], dendrite.weight_exp, *dendrite.sigma_frac_bits)
            : shift_by_weight_exp(due[d], dendrite.weight_exp);
    due[d] = 0;
  }
}

void ReferenceNetwork::update(Core& core) {
  for (const Group& group : core.groups)
    for (size_t k = 0; k < group.bias.size(); ++k) {
      const size_t c = group.first + k;
      const int32_t bias = group.bias[k];
      const int64_t input = core.input[c];
      CompartmentState& state = core.states[c];
      int64_t& output = core.outputs[c];
      if (const auto* lif = std::get_if<CubaLifConfig>(&group.config))
        output = step_cuba_lif(*lif, bias, input, std::get<CubaLifState>(state)) ? 1 : 0;
      else if (const auto* sd = std::get_if<SigmaDeltaConfig>(&group.config))
        output = step_sigma_delta(*sd, bias, input, std::get<SigmaDeltaState>(state));
      else if (const auto* leaky = std::get_if<LeakySigmaDeltaConfig>(&group.config))
        output = step_leaky_sigma_delta(*leaky, bias, input, std::get<LeakySigmaDeltaState>(state));
      else
        output = step_linear(std::get<LinearConfig>(group.config), bias, input,
                             std::get<LinearState>(state));
    }
}

void ReferenceNetwork::send(const image::AxonTarget& target, int64_t payload) {
  Core& core = cores_[target.core];
  const size_t slots = core.pending.size();
  const size_t next = (steps_run_ + 1) % slots;
  for (uint32_t s = core.axon_start[target.axon]; s < core.axon_start[target.axon + 1]; ++s) {
    const SynapseTarget& synapse = core.synapses[s];
    size_t slot = next + synapse.delay; // delay < slots, so one wrap at most
    if (slot >= slots)
      slot -= slots;
    core.pending[slot][synapse.dendrite] += int64_t{synapse.weight} * payload;
  }
}

const ReferenceNetwork::Core& ReferenceNetwork::core_holding(uint32_t core,
                                                             uint32_t compartment) const {
  if (core >= cores_.size() || compartment >= cores_[core].group_of.size() ||
      cores_[core].group_of[compartment] < 0)
    throw std::out_of_range("core " + std::to_string(core) + ", compartment " +
                            std::to_string(compartment) + " is not a compartment of a group");
  return cores_[core];
}

const CompartmentState& ReferenceNetwork::state(uint32_t core, uint32_t compartment) const {
  return core_holding(core, compartment).states[compartment];
}

int64_t ReferenceNetwork::output(uint32_t core, uint32_t compartment) const {
  return core_holding(core, compartment).outputs[compartment];
}

NetworkSnapshot ReferenceNetwork::snapshot() const {
  NetworkSnapshot snapshot;
  snapshot.steps = steps_run_;
  for (const Core& core : cores_) {
    CoreSnapshot& out = snapshot.cores.emplace_back();
    for (size_t c = 0; c < core.states.size(); ++c)
      if (core.group_of[c] >= 0)
        out.compartments.push_back({static_cast<uint32_t>(c), core.states[c], core.outputs[c]});
  }
  return snapshot;
}

} // namespace gyrus::ref
