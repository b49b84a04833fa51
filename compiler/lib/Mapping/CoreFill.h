// The per-neuron, limit-aware core filler every partition strategy ends with: neurons
// are added to a core in a given order until the next one would break a limit, then a
// new core starts (nengo-loihi's block splitting, decided neuron by neuron).
#pragma once

#include "gyrus/Mapping/Network.h"
#include "targets/target_description.h"

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace gyrus::mapping {

/// The per-core limits, in the order of the error messages.
enum class Limit { none, compartments, in_axons, out_axons, synapse_bits, delay_bits };
constexpr int kNumLimits = 6;
const char* limit_name(Limit limit);

/// One core being filled: tracks compartments, input axons (per-source synapse counts)
/// and synapse bits as neurons are added, so that each addition costs the neuron's
/// in-degree. Output axons depend on where the targets go and are checked once the
/// whole partition is known.
class CoreAccumulator {
public:
  CoreAccumulator(const MappingNetwork& network, const IncomingSynapses& incoming,
                  const target::TargetDescription& target);

  /// Adds `neuron` unless that breaks a limit; returns the limit it would break, or
  /// Limit::none once added.
  Limit try_add(int32_t neuron);
  /// Adds `neuron` whatever the limits (to measure a group).
  void add(int32_t neuron);
  /// Empties the core.
  void clear();

  int64_t compartments() const { return compartments_; }
  int64_t in_axons() const { return static_cast<int64_t>(sources_.size()); }
  int64_t synapse_bits() const { return bits_; }
  /// The first limit the current contents break, or Limit::none.
  Limit broken_limit() const;
  /// "85 input axons, more than the 8 per core of target 'T'": the contents' use of
  /// `limit` against the target's.
  std::string excess(Limit limit) const;
  const MappingNetwork& network() const { return network_; }
  /// nengo-loihi's estimate of the cores the contents need: the largest ratio of use
  /// to limit, rounded up.
  int64_t cores_needed() const;
  /// Whether `group` fits on one core (leaves the accumulator empty).
  bool fits(std::span<const int32_t> group);
  /// cores_needed() of `group` (leaves the accumulator empty).
  int64_t cores_needed(std::span<const int32_t> group);

private:
  int64_t axon_bits(int64_t synapses) const;
  void recount_bits();

  const MappingNetwork& network_;
  const IncomingSynapses& incoming_;
  const target::TargetDescription& target_;
  std::vector<int32_t> synapses_from_; ///< per source neuron: synapses onto this core
  std::vector<int32_t> sources_;       ///< sources with synapses_from_ > 0
  int64_t compartments_ = 0;
  int64_t max_delay_ = 0;
  int index_bits_ = 0;
  int delay_bits_ = 0;
  int64_t bits_ = 0;
};

/// Cores, each a list of neurons of one population in fill order.
struct CoreGroups {
  std::vector<std::vector<int32_t>> neurons;
  std::vector<int32_t> population;
  /// Per limit, how many times it made the filler start a new core.
  std::array<int64_t, kNumLimits> breaks{};

  int32_t size() const { return static_cast<int32_t>(neurons.size()); }
};

/// Appends the cores of `segments` (neurons of population `population`, in order) to
/// `groups`: each segment starts a new core and spills onto further cores whenever
/// the next neuron would break a limit. Returns an error message if a neuron does not
/// fit even on an empty core, else "".
std::string fill_cores(std::span<const std::vector<int32_t>> segments, int32_t population,
                       CoreAccumulator& core, CoreGroups& groups);

} // namespace gyrus::mapping
