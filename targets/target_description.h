// Chip descriptions (targets/*.json): the mesh, what one core can hold, the network on
// chip, the core pipeline, timing and energy per event. The schema and the source of
// every preset number are in docs/targets.md. Plain C++, no MLIR: the compiler, the
// simulator and the image loader all read targets through this.
#pragma once

#include "targets/synapse_encoding.h"

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::target {

/// Any problem with a description: unreadable, not JSON, an unknown or missing key,
/// a wrong type or an out-of-range value. The message names the file (or preset) and
/// the key path, e.g. "mini.json: core.compartments: must be an integer in [1,
/// 1048576], got 0".
class TargetError : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// Each chip is `cols` x `rows` tiles (one router each) of `cores_per_tile` cores.
struct Mesh {
  int64_t cols = 0;
  int64_t rows = 0;
  int64_t cores_per_tile = 0;
  int64_t chips = 0;

  int64_t cores_per_chip() const { return cols * rows * cores_per_tile; }
  int64_t cores() const { return cores_per_chip() * chips; }
  bool operator==(const Mesh&) const = default;
};

/// What one core can hold. Weights are signed with `weight_bits` bits of magnitude;
/// per-synapse delays have at most `delay_bits` bits.
struct CoreLimits {
  int64_t compartments = 0;
  int64_t in_axons = 0;
  int64_t out_axons = 0;
  int64_t synapse_bits = 0;
  int weight_bits = 0;
  int delay_bits = 0;
  /// snn neuron model names the cores run: cuba_lif, sigma_delta,
  /// leaky_sigma_delta, linear.
  std::vector<std::string> neuron_models;
  SynapseEncoding synapse_encoding;

  bool supports(std::string_view model) const;
  bool operator==(const CoreLimits&) const = default;
};

/// The network on chip: dimension-order routing over the tile mesh. A hop costs the
/// router pipeline plus, per flit, the link in its direction; a packet between cores
/// of one tile costs `tile_local_cycles`.
struct Noc {
  int router_pipeline_cycles = 0;
  int link_cycles_east_west = 0;
  int link_cycles_north_south = 0;
  int tile_local_cycles = 0;
  int flit_bits = 0;
  int packet_flits = 0; ///< flits per spike packet (graded spikes carry a payload)
  int buffer_flits = 0; ///< input buffer depth per router port
  bool operator==(const Noc&) const = default;
};

/// Cycles a core spends per event.
struct CorePipeline {
  int cycles_per_synaptic_op = 0;
  int cycles_per_active_update = 0; ///< a compartment with input or state to update
  int cycles_per_idle_update = 0;   ///< a compartment with nothing to do
  int cycles_per_spike = 0;         ///< per output packet sent
  bool operator==(const CorePipeline&) const = default;
};

/// Energy per event in picojoules. The presets' values are literature estimates
/// (`estimate` true, `source` says which).
struct Energy {
  double synaptic_op_pj = 0;
  double spike_within_tile_pj = 0;
  double hop_east_west_pj = 0;
  double hop_north_south_pj = 0;
  double compartment_update_active_pj = 0;
  double compartment_update_idle_pj = 0;
  double spike_sent_pj = 0;
  bool estimate = false;
  std::string source;
  bool operator==(const Energy&) const = default;
};

struct TargetDescription {
  std::string name; ///< lower case letters, digits, '_' and '-'
  std::string description;
  Mesh mesh;
  CoreLimits core;
  Noc noc;
  CorePipeline pipeline;
  int64_t barrier_cycles = 0; ///< per timestep, once every core is idle
  double clock_mhz = 0;       ///< converts cycles to time
  Energy energy;
  bool operator==(const TargetDescription&) const = default;
};

/// Parses and validates a description; `origin` (a file name or "preset mini") starts
/// every error message.
TargetDescription parse_target_description(std::string_view json_text, std::string_view origin);

/// Reads and validates targets/<name>.json or any other description file.
TargetDescription load_target_description(const std::filesystem::path& path);

/// The presets built into the library from targets/*.json: loihi1, loihi2, mini.
std::vector<std::string> preset_names();
TargetDescription load_preset(std::string_view name);

/// A preset name, or else a path to a description file (what `--target` accepts).
TargetDescription resolve_target(std::string_view name_or_path);

/// The description as JSON in the schema's key order: parse_target_description reads
/// it back to an equal description, and its dump() is a stable text to hash.
nlohmann::ordered_json to_json(const TargetDescription& target);

} // namespace gyrus::target
