// The deployment image (.gimg) as data: everything a simulator or the integer reference
// needs to run a compiled network on a target, and the metadata that maps it back to the
// source network. The compiler fills it and calls the writer; the loader returns it only
// after validate_image accepted it. docs/image-format.md gives the byte layout.
//
// Cores are numbered by their position in `Image::cores`; every table refers to cores,
// compartments and axons by index, as the hardware's tables do.
#pragma once

#include "targets/target_description.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gyrus::image {

/// The integer parameters a compartment group shares, one struct per neuron model;
/// runtime/ref's configs of the same name take them as they are. The ranges are
/// compiler/lib/Dialect/SNN/NeuronModels.cpp's integer tables (validate.h lists them).
struct CubaLifParams {
  int32_t du = 0;
  int32_t dv = 0;
  std::optional<int32_t> vth_mant; ///< absent: the compartments never spike
  int32_t bias_exp = 0;            ///< bias = bias_mant << bias_exp
  int32_t refractory = 0;
  bool operator==(const CubaLifParams&) const = default;
};

/// Lava's ActivationMode for SigmaDelta (runtime/ref/sigma_delta.h).
enum class SigmaDeltaActivation : uint8_t { Relu = 0, Unit = 1 };

struct SigmaDeltaParams {
  int32_t vth = 0;
  int32_t state_exp = 0;
  SigmaDeltaActivation activation = SigmaDeltaActivation::Relu;
  bool operator==(const SigmaDeltaParams&) const = default;
};

struct LeakySigmaDeltaParams {
  int32_t alpha_q = 4096;
  int32_t vth = 0;
  int32_t sigma_frac_bits = 0;
  bool operator==(const LeakySigmaDeltaParams&) const = default;
};

struct LinearParams {
  int32_t sigma_frac_bits = 0;
  bool operator==(const LinearParams&) const = default;
};

/// The alternative held names the neuron model.
using NeuronParams =
    std::variant<CubaLifParams, SigmaDeltaParams, LeakySigmaDeltaParams, LinearParams>;

/// The snn model name of `params`' alternative: cuba_lif, sigma_delta, leaky_sigma_delta
/// or linear (the names targets list in core.neuron_models).
std::string_view neuron_model_name(const NeuronParams& params);

/// What a compartment's packet carries: Binary, a spike; Graded, a signed payload. The
/// sigma-delta family sends graded packets, cuba_lif binary ones; linear sends none.
enum class SpikeKind : uint8_t { Binary = 0, Graded = 1 };

/// Compartments [first, first + count()) of one core: one neuron model with shared
/// scalar parameters, and a bias per compartment (cuba_lif's bias_mant, the others' bias).
/// They are neurons [population_offset, population_offset + count()) of population
/// `population` (an index into Metadata::populations).
struct CompartmentGroup {
  uint32_t first = 0;
  NeuronParams params;
  std::vector<int32_t> bias; ///< one per compartment; its size is the group's size
  SpikeKind spike_kind = SpikeKind::Binary;
  uint32_t population = 0;
  uint32_t population_offset = 0;

  uint32_t count() const { return static_cast<uint32_t>(bias.size()); }
  uint32_t end() const { return first + count(); }
  bool operator==(const CompartmentGroup&) const = default;
};

/// One synapse of an input axon: a packet on the axon adds weight · 2^weight_exp (times
/// the payload, for graded packets) to `compartment` of the same core, `delay` steps late.
struct Synapse {
  uint32_t compartment = 0;
  int32_t weight = 0; ///< the mantissa; |weight| < 2^weight_bits
  uint32_t delay = 0; ///< extra timesteps; < 2^delay_bits
  bool operator==(const Synapse&) const = default;
};

/// The synapse memory of input axons [first_axon, first_axon + axons.size()): one list
/// of synapses per axon, one weight exponent for the block.
struct SynapseBlock {
  uint32_t first_axon = 0;
  int32_t weight_exp = 0;
  std::vector<std::vector<Synapse>> axons;

  uint32_t end_axon() const { return first_axon + static_cast<uint32_t>(axons.size()); }
  bool operator==(const SynapseBlock&) const = default;
};

/// Input axon `axon` of core `core`: where a packet goes.
struct AxonTarget {
  uint32_t core = 0;
  uint32_t axon = 0;
  bool operator==(const AxonTarget&) const = default;
};

/// A core's place: tile (x, y) of chip `chip`, slot `core` within the tile.
struct Coord {
  uint32_t chip = 0;
  uint32_t x = 0;
  uint32_t y = 0;
  uint32_t core = 0;
  bool operator==(const Coord&) const = default;
};

struct Core {
  Coord coord;
  std::vector<CompartmentGroup> groups; ///< sorted by `first`, disjoint; gaps are unused
  std::vector<SynapseBlock> synapses;   ///< sorted by `first_axon`, disjoint
  /// The output axon table: one row per compartment, [0, compartment_count()). A spike of
  /// compartment c sends one packet to each target of axons[c], each core at most once.
  std::vector<std::vector<AxonTarget>> axons;

  /// Compartments in use: the end of the last group (0 without groups).
  uint32_t compartment_count() const;
  /// Input axons in use: the end of the last synapse block (0 without blocks).
  uint32_t in_axon_count() const;
  /// The group that holds `compartment`, or nullptr if it lies in a gap or past the end.
  const CompartmentGroup* group_of(uint32_t compartment) const;
  bool operator==(const Core&) const = default;
};

/// A router on the path of a route: tile (x, y) of chip `chip`.
struct RouterCoord {
  uint32_t chip = 0;
  uint32_t x = 0;
  uint32_t y = 0;
  bool operator==(const RouterCoord&) const = default;
};

/// The routers packets from core `source` to core `dest` pass, both ends included.
struct Route {
  uint32_t source = 0;
  uint32_t dest = 0;
  std::vector<RouterCoord> path;
  bool operator==(const Route&) const = default;
};

/// A host input port: network input `name`; a spike of its neuron i is sent to every
/// target of neurons[i] (each core at most once).
struct InputMap {
  std::string name;
  std::vector<std::vector<AxonTarget>> neurons;
  /// What the host sends: Graded, a signed payload (x·2^F for the graded models); Binary,
  /// spikes (cuba_lif targets).
  SpikeKind spike_kind = SpikeKind::Graded;
  bool operator==(const InputMap&) const = default;
};

/// Compartment `compartment` of core `core`.
struct CompartmentRef {
  uint32_t core = 0;
  uint32_t compartment = 0;
  bool operator==(const CompartmentRef&) const = default;
};

/// A host output port: network output `name`; its neuron i is neurons[i].
struct OutputMap {
  std::string name;
  std::vector<CompartmentRef> neurons;
  bool operator==(const OutputMap&) const = default;
};

/// An snn population of the source network, so that tools can map compartments back to
/// neurons: the groups naming it hold its neurons.
struct Population {
  std::string name;
  uint32_t size = 0;
  bool operator==(const Population&) const = default;
};

/// Where the image came from. Free-form text except the populations.
struct Metadata {
  std::string network_name;
  std::string source_hash; ///< of the source network file, e.g. "sha256:<hex>"
  std::string compiler_version;
  std::string strategy; ///< the compile strategy (partitioner and placer options)
  std::vector<Population> populations;
  /// F, the fraction bits of graded state (snn-quantize's frac-bits, the network's
  /// gyrus.frac_bits): one unit of a graded payload, bias or readout is 2^-F. The host
  /// encodes inputs and decodes outputs with it. In [0, 23].
  uint32_t frac_bits = 12;
  bool operator==(const Metadata&) const = default;
};

struct Image {
  /// The target the image was compiled for, stored in full: the simulator takes its
  /// mesh, limits, timing and energy from here, never from a file that may have changed.
  target::TargetDescription target;
  Metadata metadata;
  std::vector<Core> cores;
  std::vector<Route> routes;
  std::vector<InputMap> inputs;
  std::vector<OutputMap> outputs;
  bool operator==(const Image&) const = default;
};

/// The target's canonical JSON text, to_json(target).dump(): what the chip section holds.
std::string canonical_target_json(const target::TargetDescription& target);

/// The 64-bit FNV-1a hash of canonical_target_json(target): the header's target hash,
/// which identifies the description the image was compiled for.
uint64_t target_hash(const target::TargetDescription& target);

} // namespace gyrus::image
