// Orders along a Hilbert curve, which keeps neighbours in the plane close in the order:
// filling cores (or mesh slots) along it gives compact groups.
#pragma once

#include "gyrus/Mapping/Network.h"

#include <cstdint>
#include <span>
#include <vector>

namespace gyrus::mapping {

/// Distance along the Hilbert curve of order `order` (a 2^order x 2^order grid) of
/// cell (x, y).
uint64_t hilbert_index(uint32_t x, uint32_t y, int order);

/// `neurons` sorted by the Hilbert index of their positions (positions[neuron -
/// first]) quantized to a 2^16 grid over their bounding box; ties keep index order.
std::vector<int32_t> hilbert_sorted(std::span<const int32_t> neurons,
                                    std::span<const Position> positions, int32_t first);

} // namespace gyrus::mapping
