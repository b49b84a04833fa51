// Spatial partition: compact tiles of the neuron positions by recursive bisection,
// k-d style. A group that does not fit on one core is cut in two along x or y; the cut
// is the one with the fewest synapses across it per neuron on its smaller side (ratio
// cut), among the cuts that keep nengo-loihi's core estimate k = cores_needed(group):
// ceil(p/cap) + ceil((n-p)/cap) <= k with cap = ceil(n/k). On a uniform grid every cut
// along an axis crosses about the same synapses, so the most balanced one wins and the
// tiles are k-d tiles; where the positions hold separate modules, a cut between them
// crosses none and wins even if it costs a core more (it must leave at least cap/2
// neurons on each side, so that stray unconnected neurons are not peeled off one by
// one). Tiles are cut until they fit on one core, checked exactly.
#include "PartitionStrategies.h"

#include <algorithm>
#include <numeric>

namespace gyrus::mapping {

namespace {

class SpatialBisection {
public:
  SpatialBisection(const MappingNetwork& network, const Population& population,
                   CoreAccumulator& core)
      : network_(network), population_(population), core_(core), rank_(population.count, -1) {}

  std::vector<std::vector<int32_t>> tiles(std::vector<int32_t> neurons) {
    split(std::move(neurons));
    return std::move(tiles_);
  }

private:
  struct Cut {
    int axis = 0;
    int64_t position = 0; ///< neurons on the low side
    int64_t crossing = 0; ///< synapses across the cut
    bool tight = true;    ///< keeps the core estimate
    int64_t imbalance = 0;
  };

  static bool better(const Cut& a, const Cut& b, int64_t n) {
    // crossing / smaller side, compared exactly.
    const int64_t small_a = std::min(a.position, n - a.position);
    const int64_t small_b = std::min(b.position, n - b.position);
    const int64_t lhs = a.crossing * small_b, rhs = b.crossing * small_a;
    if (lhs != rhs)
      return lhs < rhs;
    if (a.tight != b.tight)
      return a.tight;
    if (a.imbalance != b.imbalance)
      return a.imbalance < b.imbalance;
    return a.axis < b.axis;
  }

  void split(std::vector<int32_t> group) {
    const auto n = static_cast<int64_t>(group.size());
    if (n <= 1 || core_.fits(group)) {
      tiles_.push_back(std::move(group));
      return;
    }
    const int64_t k = std::max<int64_t>(2, core_.cores_needed(group));
    const int64_t cap = (n + k - 1) / k;
    Cut best;
    bool found = false;
    std::vector<int32_t> best_order;
    for (int axis = 0; axis < 2; ++axis) {
      std::vector<int32_t> sorted = group;
      std::stable_sort(sorted.begin(), sorted.end(),
                       [&](int32_t a, int32_t b) { return position(a)[axis] < position(b)[axis]; });
      const std::vector<int64_t> crossing = crossings(sorted);
      bool improved = false;
      for (int64_t p = 1; p < n; ++p) {
        const bool tight = (p + cap - 1) / cap + (n - p + cap - 1) / cap <= k;
        const bool separate = crossing[p] == 0 && std::min(p, n - p) >= (cap + 1) / 2;
        if (!tight && !separate)
          continue;
        Cut cut{axis, p, crossing[p], tight, std::abs(2 * p - n)};
        if (!found || better(cut, best, n)) {
          best = cut;
          found = improved = true;
        }
      }
      if (improved)
        best_order = std::move(sorted);
    }
    std::vector<int32_t> high(best_order.begin() + best.position, best_order.end());
    best_order.resize(best.position);
    split(std::move(best_order));
    split(std::move(high));
  }

  const Position& position(int32_t neuron) const {
    return population_.positions[neuron - population_.first];
  }

  /// crossing[p]: synapses between the first p neurons of `sorted` and the rest.
  std::vector<int64_t> crossings(const std::vector<int32_t>& sorted) {
    const auto n = static_cast<int64_t>(sorted.size());
    for (int64_t i = 0; i < n; ++i)
      rank_[sorted[i] - population_.first] = static_cast<int32_t>(i);
    // A synapse between ranks a < b crosses every cut a < p <= b.
    std::vector<int64_t> crossing(n + 1, 0);
    for (int64_t i = 0; i < n; ++i) {
      const int32_t source = sorted[i];
      for (int64_t s = network_.out_indptr[source]; s < network_.out_indptr[source + 1]; ++s) {
        const int32_t target = network_.out_targets[s] - population_.first;
        if (target < 0 || target >= population_.count || rank_[target] < 0)
          continue;
        const int64_t a = std::min<int64_t>(i, rank_[target]);
        const int64_t b = std::max<int64_t>(i, rank_[target]);
        if (a == b)
          continue;
        ++crossing[a + 1];
        --crossing[b + 1];
      }
    }
    for (int64_t p = 1; p <= n; ++p)
      crossing[p] += crossing[p - 1];
    for (int32_t neuron : sorted)
      rank_[neuron - population_.first] = -1;
    return crossing;
  }

  const MappingNetwork& network_;
  const Population& population_;
  CoreAccumulator& core_;
  std::vector<int32_t> rank_; ///< rank in the group being cut, -1 outside it
  std::vector<std::vector<int32_t>> tiles_;
};

} // namespace

std::vector<std::vector<int32_t>> spatial_segments(const MappingNetwork& network,
                                                   int32_t population, CoreAccumulator& core) {
  const Population& pop = network.populations[population];
  std::vector<int32_t> neurons(pop.count);
  std::iota(neurons.begin(), neurons.end(), pop.first);
  if (!pop.has_positions())
    return {neurons};
  return SpatialBisection(network, pop, core).tiles(std::move(neurons));
}

} // namespace gyrus::mapping
