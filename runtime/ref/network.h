// ReferenceNetwork: a deployment image run step by step with runtime/ref's integer neuron
// models. It follows the image's connectivity exactly (output axon tables, synapse blocks,
// delays, weight exponents) but has no cores, no mesh and no timing: it is the definition
// of what a compiled network computes, which the cycle-accurate simulator (runtime/sim)
// and the Lava bridge must match spike for spike. docs/runtime.md, "Integer reference and
// host I/O", describes one step.
#pragma once

#include "runtime/image/image.h"
#include "runtime/ref/neuron_models.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace gyrus::ref {

/// One compartment's state, in its neuron model's form.
using CompartmentState =
    std::variant<CubaLifState, SigmaDeltaState, LeakySigmaDeltaState, LinearState>;

/// The fields of `state` with the names of runtime/ref's State structs, in declaration
/// order: ("u", u), ("v", v), ("refractory_left", ...) for cuba_lif, and so on.
std::vector<std::pair<std::string_view, int64_t>> state_fields(const CompartmentState& state);

/// One compartment after a step.
struct CompartmentSnapshot {
  uint32_t compartment = 0;
  CompartmentState state;
  /// What the step produced: cuba_lif 1 if it spiked, else 0; sigma_delta and
  /// leaky_sigma_delta the payload sent (0: nothing sent); linear its readout y.
  int64_t output = 0;
};

/// Every compartment of one core that lies in a group, in compartment order.
struct CoreSnapshot {
  std::vector<CompartmentSnapshot> compartments;
};

/// The whole network after `steps` steps: what a `verify` compares field by field.
struct NetworkSnapshot {
  int64_t steps = 0;
  std::vector<CoreSnapshot> cores;
};

/// The first difference between two snapshots, as "step 12, core 2, compartment 17: v =
/// 513, expected 512", or nullopt when they are equal. Snapshots of different images
/// differ in their shape: "core 3: 40 compartments, expected 41".
std::optional<std::string> first_difference(const NetworkSnapshot& expected,
                                            const NetworkSnapshot& actual);

/// What the host sends in one step: inputs[p][i] is input neuron i of port p
/// (image.inputs[p]). For a graded port it is the payload; for a binary port 1 is a spike.
/// 0 sends nothing. A port may be left out at the end, or given as an empty vector: it
/// sends nothing.
using HostInput = std::vector<std::vector<int64_t>>;

/// Runs an image. One step t:
///   1. deliver: every compartment receives what its input axons' synapses hold for step t,
///      summed per synapse block and scaled by the block's weight_exp with the target's
///      rule: Lava Dense's shift_by_weight_exp for cuba_lif and sigma_delta, the exact
///      align_to_sigma for leaky_sigma_delta and linear;
///   2. update: every compartment steps its neuron model on that input;
///   3. send: every compartment that spiked or sent a nonzero payload, and every host input
///      that is nonzero, sends one packet to each (core, axon) of its axon table row; a
///      synapse with delay d adds weight·payload (payload 1 for a spike) to its target's
///      input of step t + 1 + d.
/// So a packet sent in step t is integrated in step t + 1 at the earliest, as in Lava.
class ReferenceNetwork {
public:
  /// Checks the image with image::validate_image (throws gyrus::ImageError naming the
  /// field), then starts from reset().
  explicit ReferenceNetwork(const image::Image& image);

  /// Every state and every pending packet back to zero, as before the first step.
  void reset();

  /// Runs one step. Throws std::invalid_argument, before changing anything, if `inputs`
  /// has more ports than the image, a port has the wrong number of neurons, or a binary
  /// port's value is not 0 or 1.
  void step(const HostInput& inputs = {});

  /// Steps run since construction or reset().
  int64_t steps_run() const { return steps_run_; }

  /// The last step's outputs: outputs()[p][i] is the output (CompartmentSnapshot::output)
  /// of neuron i of output port p (image.outputs[p]). Zeros before the first step.
  const std::vector<std::vector<int64_t>>& outputs() const { return outputs_; }

  /// Probes. Throw std::out_of_range unless the compartment lies in a group.
  const CompartmentState& state(uint32_t core, uint32_t compartment) const;
  int64_t output(uint32_t core, uint32_t compartment) const;

  NetworkSnapshot snapshot() const;

private:
  /// The configs of runtime/ref, translated once from the image's parameters.
  using ModelConfig =
      std::variant<CubaLifConfig, SigmaDeltaConfig, LeakySigmaDeltaConfig, LinearConfig>;

  struct Group {
    uint32_t first = 0;
    ModelConfig config;
    std::vector<int32_t> bias;
  };

  /// One synapse block's contribution to one compartment: its synapses' weighted payloads
  /// are summed here per step, then scaled once by the block's weight_exp.
  struct Dendrite {
    uint32_t compartment = 0;
    int32_t weight_exp = 0;
    /// leaky_sigma_delta and linear: align_to_sigma with this many fractional bits;
    /// cuba_lif and sigma_delta: nullopt, shift_by_weight_exp.
    std::optional<int32_t> sigma_frac_bits;
  };

  struct SynapseTarget {
    uint32_t dendrite = 0;
    int32_t weight = 0;
    uint32_t delay = 0;
  };

  struct Core {
    std::vector<Group> groups;
    std::vector<int32_t> group_of;    ///< per compartment; -1 in a gap
    std::vector<uint32_t> axon_start; ///< synapses of input axon a: [axon_start[a], [a + 1])
    std::vector<SynapseTarget> synapses;
    std::vector<Dendrite> dendrites;
    /// Pending input per (step mod slots, dendrite): slots = the largest delay + 1.
    std::vector<std::vector<int64_t>> pending;
    std::vector<uint32_t> out_start; ///< axon table row c: [out_start[c], out_start[c + 1])
    std::vector<image::AxonTarget> out_targets;
    std::vector<CompartmentState> states; ///< per compartment (gaps hold an unused state)
    std::vector<int64_t> outputs;         ///< per compartment, the last step's output
    std::vector<int64_t> input;           ///< per compartment, this step's delivered input
  };

  struct InputPort {
    bool graded = true;
    std::vector<std::vector<image::AxonTarget>> neurons;
  };

  void build_core(const image::Core& image_core, Core& core) const;
  void check_inputs(const HostInput& inputs) const;
  void deliver(Core& core);
  void update(Core& core);
  void send(const image::AxonTarget& target, int64_t payload);
  const Core& core_holding(uint32_t core, uint32_t compartment) const;

  std::vector<Core> cores_;
  std::vector<InputPort> input_ports_;
  std::vector<std::vector<image::CompartmentRef>> output_ports_;
  std::vector<std::vector<int64_t>> outputs_;
  int64_t steps_run_ = 0;
};

} // namespace gyrus::ref
