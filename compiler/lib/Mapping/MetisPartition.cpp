// METIS partition: the population's synapses as an undirected graph (an edge per
// connected pair, weighted by the synapses between them in both directions), cut by
// METIS_PartGraphKway into the estimated number of cores with the fewest synapses
// across parts. The imbalance METIS may use is capped so that parts stay within a
// core's compartments where the estimate allows; parts that still break a limit are
// spilled onto further cores by the filler.
#include "Hilbert.h"
#include "PartitionStrategies.h"

#include <algorithm>
#include <cmath>
#include <metis.h>
#include <stdexcept>

namespace gyrus::mapping {

namespace {

/// The symmetrised synapse graph of one population in METIS's CSR, duplicates merged.
struct Graph {
  std::vector<idx_t> xadj, adjncy, adjwgt;
};

Graph synapse_graph(const MappingNetwork& network, const Population& population) {
  const int32_t first = population.first, n = population.count;
  auto inside = [&](int32_t neuron) { return neuron >= first && neuron < first + n; };
  std::vector<int64_t> degree(n + 1, 0);
  for (int32_t u = first; u < first + n; ++u)
    for (int64_t s = network.out_indptr[u]; s < network.out_indptr[u + 1]; ++s) {
      const int32_t v = network.out_targets[s];
      if (v != u && inside(v)) {
        ++degree[u - first + 1];
        ++degree[v - first + 1];
      }
    }
  for (int32_t i = 0; i < n; ++i)
    degree[i + 1] += degree[i];
  std::vector<idx_t> neighbours(degree[n]);
  std::vector<int64_t> next(degree.begin(), degree.end() - 1);
  for (int32_t u = first; u < first + n; ++u)
    for (int64_t s = network.out_indptr[u]; s < network.out_indptr[u + 1]; ++s) {
      const int32_t v = network.out_targets[s];
      if (v != u && inside(v)) {
        neighbours[next[u - first]++] = v - first;
        neighbours[next[v - first]++] = u - first;
      }
    }
  Graph graph;
  graph.xadj.assign(n + 1, 0);
  graph.adjncy.reserve(neighbours.size());
  graph.adjwgt.reserve(neighbours.size());
  for (int32_t i = 0; i < n; ++i) {
    auto begin = neighbours.begin() + degree[i], end = neighbours.begin() + degree[i + 1];
    std::sort(begin, end);
    for (auto it = begin; it != end; ++it) {
      if (it != begin && *it == *(it - 1)) {
        ++graph.adjwgt.back();
        continue;
      }
      graph.adjncy.push_back(*it);
      graph.adjwgt.push_back(1);
    }
    graph.xadj[i + 1] = static_cast<idx_t>(graph.adjncy.size());
  }
  return graph;
}

} // namespace

std::vector<std::vector<int32_t>> metis_segments(const MappingNetwork& network, int32_t population,
                                                 int64_t parts, int64_t max_part_size,
                                                 uint64_t seed) {
  const Population& pop = network.populations[population];
  Graph graph = synapse_graph(network, pop);
  idx_t vertices = pop.count, constraints = 1, nparts = static_cast<idx_t>(parts), cut = 0;
  idx_t options[METIS_NOPTIONS];
  METIS_SetDefaultOptions(options);
  options[METIS_OPTION_SEED] = static_cast<idx_t>(seed & 0x7fffffff);
  options[METIS_OPTION_NUMBERING] = 0;
  // Allowed imbalance in thousandths: what keeps the largest part within a core's
  // compartments, at most METIS's default of 3%.
  const double slack = static_cast<double>(max_part_size) * parts / pop.count - 1.0;
  options[METIS_OPTION_UFACTOR] =
      static_cast<idx_t>(std::clamp(std::floor(slack * 1000.0), 1.0, 30.0));
  std::vector<idx_t> part(pop.count, 0);
  const int status = METIS_PartGraphKway(&vertices, &constraints, graph.xadj.data(),
                                         graph.adjncy.data(), nullptr, nullptr, graph.adjwgt.data(),
                                         &nparts, nullptr, nullptr, options, &cut, part.data());
  if (status != METIS_OK)
    throw std::runtime_error("METIS_PartGraphKway failed with status " + std::to_string(status));
  std::vector<std::vector<int32_t>> segments(parts);
  for (int32_t i = 0; i < pop.count; ++i)
    segments[part[i]].push_back(pop.first + i);
  std::erase_if(segments, [](const std::vector<int32_t>& s) { return s.empty(); });
  if (pop.has_positions()) // where a part spills onto another core, keep both compact
    for (std::vector<int32_t>& segment : segments)
      segment = hilbert_sorted(segment, pop.positions, pop.first);
  return segments;
}

} // namespace gyrus::mapping
