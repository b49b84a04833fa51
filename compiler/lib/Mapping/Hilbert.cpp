#include "Hilbert.h"

#include <algorithm>
#include <limits>

namespace gyrus::mapping {

uint64_t hilbert_index(uint32_t x, uint32_t y, int order) {
  uint64_t index = 0;
  for (uint32_t half = order > 0 ? uint32_t{1} << (order - 1) : 0; half > 0; half >>= 1) {
    const uint32_t rx = (x & half) ? 1 : 0;
    const uint32_t ry = (y & half) ? 1 : 0;
    index += static_cast<uint64_t>(half) * half * ((3 * rx) ^ ry);
    if (ry == 0) { // rotate the quadrant so the curve stays continuous
      if (rx == 1) {
        x = half - 1 - (x & (half - 1));
        y = half - 1 - (y & (half - 1));
      }
      std::swap(x, y);
    }
    x &= half - 1;
    y &= half - 1;
  }
  return index;
}

std::vector<int32_t> hilbert_sorted(std::span<const int32_t> neurons,
                                    std::span<const Position> positions, int32_t first) {
  constexpr int kOrder = 16;
  float low[2] = {std::numeric_limits<float>::max(), std::numeric_limits<float>::max()};
  float high[2] = {std::numeric_limits<float>::lowest(), std::numeric_limits<float>::lowest()};
  for (int32_t n : neurons)
    for (int axis = 0; axis < 2; ++axis) {
      low[axis] = std::min(low[axis], positions[n - first][axis]);
      high[axis] = std::max(high[axis], positions[n - first][axis]);
    }
  // One scale for both axes keeps the curve's cells square.
  const float extent = std::max({high[0] - low[0], high[1] - low[1], 1e-30f});
  const double scale = ((1 << kOrder) - 1) / static_cast<double>(extent);
  std::vector<std::pair<uint64_t, int32_t>> keyed;
  keyed.reserve(neurons.size());
  for (int32_t n : neurons) {
    const Position& p = positions[n - first];
    const auto x = static_cast<uint32_t>((p[0] - low[0]) * scale);
    const auto y = static_cast<uint32_t>((p[1] - low[1]) * scale);
    keyed.emplace_back(hilbert_index(x, y, kOrder), n);
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<int32_t> sorted;
  sorted.reserve(keyed.size());
  for (const auto& [key, n] : keyed)
    sorted.push_back(n);
  return sorted;
}

} // namespace gyrus::mapping
