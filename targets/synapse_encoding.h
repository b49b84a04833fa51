// How much synapse memory a core's synapses take, counted as nengo-loihi does
// (SynapseConfig.bits_per_axon in nengo_loihi/block.py). Shared by the chip dialect's
// verifier and the partitioner, so that both count the same bits. Needs no MLIR.
#pragma once

#include <cstdint>

namespace gyrus::target {

/// The layout of one input axon's synapses in synapse memory.
struct SynapseEncoding {
  int word_bits = 64;         ///< memory word; every group is rounded up to whole words
  int group_size = 64;        ///< synapses per group (Loihi: n_synapses field 63, plus 1)
  int group_header_bits = 10; ///< per group: 4 bits of format index, 6 bits of count
  int min_index_bits = 6;     ///< smallest compartment-index width (Loihi: 0, or 6..12)
  bool operator==(const SynapseEncoding&) const = default;
};

/// Bits of compartment index per synapse when the largest index is `max_index`:
/// ceil(log2(max_index + 1)), raised to `min_index_bits` unless it is 0.
int synapse_index_bits(const SynapseEncoding& encoding, int64_t max_index);

/// Bits of delay per synapse when the largest delay is `max_delay`:
/// ceil(log2(max_delay + 1)), 0 when there are no delays (a Loihi synapse format
/// carries only the delay bits it needs).
int synapse_delay_bits(int64_t max_delay);

/// Bits one input axon with `synapses` synapses takes: its groups of up to
/// `group_size`, each `header + synapses * (weight + delay + index bits)` rounded up to
/// whole words.
int64_t synapse_axon_bits(const SynapseEncoding& encoding, int64_t synapses, int weight_bits,
                          int delay_bits, int index_bits);

} // namespace gyrus::target
