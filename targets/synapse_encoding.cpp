#include "targets/synapse_encoding.h"

#include <algorithm>
#include <bit>

namespace gyrus::target {

int synapse_index_bits(const SynapseEncoding& encoding, int64_t max_index) {
  if (max_index <= 0)
    return 0;
  int bits = static_cast<int>(std::bit_width(static_cast<uint64_t>(max_index)));
  return std::max(bits, encoding.min_index_bits);
}

int synapse_delay_bits(int64_t max_delay) {
  return max_delay <= 0 ? 0 : static_cast<int>(std::bit_width(static_cast<uint64_t>(max_delay)));
}

int64_t synapse_axon_bits(const SynapseEncoding& encoding, int64_t synapses, int weight_bits,
                          int delay_bits, int index_bits) {
  const int64_t bits_per_synapse = weight_bits + delay_bits + index_bits;
  const int64_t word = encoding.word_bits;
  int64_t total = 0;
  for (int64_t done = 0; done < synapses; done += encoding.group_size) {
    int64_t in_group = std::min<int64_t>(encoding.group_size, synapses - done);
    int64_t group_bits = in_group * bits_per_synapse + encoding.group_header_bits;
    total += (group_bits + word - 1) / word * word;
  }
  return total;
}

} // namespace gyrus::target
