// One neuro-core's function: its synapse memory, the dendritic accumulators with their
// delay slots, and its compartments, stepped by runtime/ref's neuron models so that the
// simulator agrees with the integer reference by construction. It also counts the work
// the timing model charges: synapses read, and active or idle compartment updates.
#pragma once

#include "runtime/image/image.h"
#include "runtime/ref/network.h"
#include "runtime/ref/neuron_models.h"

#include <cstdint>
#include <variant>
#include <vector>

namespace gyrus::sim {

/// A compartment that sent in this step, with what its packets carry (1 for a binary
/// spike).
struct Emission {
  uint32_t compartment = 0;
  int64_t payload = 0;
};

/// A packet waiting in a core's input queue for phase 1.
struct Arrival {
  uint32_t axon = 0;
  int64_t payload = 0;
};

struct UpdateWork {
  uint64_t active = 0;
  uint64_t idle = 0;
};

class CoreEngine {
public:
  /// `core` must be part of an image that image::validate_image accepted.
  explicit CoreEngine(const image::Core& core);

  /// Every state and every pending input back to zero.
  void reset();

  /// Phase 1 for one packet on input axon `axon`: adds weight × payload to the
  /// accumulator of each synapse's (compartment, synapse block), in the delay slot that
  /// the update `delay` updates after the next one consumes (delay 0: the next update).
  /// Returns the synapses read.
  uint64_t receive(uint32_t axon, int64_t payload);
  /// receive() for every packet of `arrivals`; returns the synapses read.
  uint64_t receive_all(const std::vector<Arrival>& arrivals);

  /// Phase 2: every compartment of a group steps with the input due now. A compartment
  /// counts as active if its input is non-zero, it sent, or its state is non-zero before
  /// or after the step; else it is idle (zero state, no input: the update is a no-op that
  /// the core still visits). Fills emissions().
  UpdateWork update();

  /// The compartments that sent in the last update, in compartment order.
  const std::vector<Emission>& emissions() const { return emissions_; }
  /// What the last update produced for `compartment`: 1 or 0 (spiked) for cuba_lif, the
  /// payload (0: nothing sent) for the sigma-delta models, y for linear; 0 in gaps.
  int64_t last_value(uint32_t compartment) const { return last_value_[compartment]; }
  /// Throws std::out_of_range unless `compartment` lies in a group.
  ref::CompartmentState state(uint32_t compartment) const;
  /// Every compartment in a group, in compartment order (ReferenceNetwork's snapshot form).
  ref::CoreSnapshot snapshot() const;

  /// Synapses in the synapse memory, and the bytes the engine keeps for them (the CSR
  /// arrays, the accumulators of every delay slot) and for its compartments' state.
  size_t synapse_count() const { return synapses_.size(); }
  size_t memory_bytes() const;

private:
  /// How an accumulated Σ weight·payload of one block becomes the model's input.
  enum class InputScaling : uint8_t {
    WeightExp,    ///< shift_by_weight_exp (cuba_lif, sigma_delta: Lava's Dense)
    AlignToSigma, ///< align_to_sigma (leaky_sigma_delta, linear: exact)
  };
  struct Group {
    uint32_t first = 0;
    std::vector<int32_t> bias;
    std::variant<ref::CubaLifConfig, ref::SigmaDeltaConfig, ref::LeakySigmaDeltaConfig,
                 ref::LinearConfig>
        config;
    std::variant<std::vector<ref::CubaLifState>, std::vector<ref::SigmaDeltaState>,
                 std::vector<ref::LeakySigmaDeltaState>, std::vector<ref::LinearState>>
        states;
  };

  template <typename Config, typename States>
  void update_group(const Config& config, Group& group, States& states, size_t slot_offset,
                    UpdateWork& work);

  std::vector<Group> groups_;
  std::vector<int32_t> group_of_compartment_; ///< -1 in gaps
  /// A synapse: the accumulator of its (compartment, block) and its weight, side by
  /// side, since a packet's synapses are read together and usually miss the cache.
  struct SynapseEntry {
    uint32_t accumulator = 0;
    int32_t weight = 0;
  };
  /// Synapse memory as one CSR over input axons: axon a has synapses [axon_begin_[a],
  /// axon_begin_[a + 1]). Delays are a parallel array, stored only when some synapse has
  /// one (more than one slot), so a synapse costs 8 bytes without delays.
  std::vector<uint32_t> axon_begin_;
  std::vector<SynapseEntry> synapses_;
  std::vector<uint32_t> synapse_delay_;
  /// Accumulators sorted by compartment: compartment c owns [accumulator_begin_[c],
  /// accumulator_begin_[c + 1]), each with its block's weight exponent.
  std::vector<uint32_t> accumulator_begin_;
  std::vector<int32_t> accumulator_weight_exp_;
  /// delay_slots_ slots of accumulators; slot (current_slot_ + d) % delay_slots_ holds the
  /// input due d updates from now.
  uint32_t delay_slots_ = 1;
  uint32_t current_slot_ = 0;
  std::vector<int64_t> accumulators_;
  std::vector<int64_t> last_value_;
  std::vector<Emission> emissions_;
};

} // namespace gyrus::sim
