#include "gyrus/Mapping/Routing.h"

#include "gyrus/Mapping/Fanout.h"
#include "gyrus/Mapping/Partition.h"
#include "gyrus/Mapping/Placement.h"

#include <algorithm>
#include <cstdlib>

namespace gyrus::mapping {

namespace {

RouterCoord router_at(const target::Mesh& mesh, int64_t column, int64_t row) {
  return {static_cast<int32_t>(column / mesh.cols), static_cast<int32_t>(column % mesh.cols),
          static_cast<int32_t>(row)};
}

} // namespace

int64_t hops(const target::Mesh& mesh, const CoreCoord& from, const CoreCoord& to) {
  return std::abs(mesh_column(mesh, from.chip, from.x) - mesh_column(mesh, to.chip, to.x)) +
         std::abs(static_cast<int64_t>(from.y) - to.y);
}

std::vector<RouterCoord> xy_route(const target::Mesh& mesh, const CoreCoord& from,
                                  const CoreCoord& to) {
  int64_t column = mesh_column(mesh, from.chip, from.x), row = from.y;
  const int64_t last_column = mesh_column(mesh, to.chip, to.x);
  std::vector<RouterCoord> route = {router_at(mesh, column, row)};
  while (column != last_column) {
    column += column < last_column ? 1 : -1;
    route.push_back(router_at(mesh, column, row));
  }
  while (row != to.y) {
    row += row < to.y ? 1 : -1;
    route.push_back(router_at(mesh, column, row));
  }
  return route;
}

LinkLoads::LinkLoads(const target::Mesh& mesh)
    : mesh_(mesh), columns_(mesh.chips * mesh.cols),
      flits_(static_cast<size_t>(columns_ * mesh.rows * 4), 0.0) {}

size_t LinkLoads::index(int64_t column, int64_t row, Direction direction) const {
  return static_cast<size_t>((column * mesh_.rows + row) * 4 + static_cast<int>(direction));
}

double LinkLoads::flits(const RouterCoord& router, Direction direction) const {
  return flits_[index(mesh_column(mesh_, router.chip, router.x), router.y, direction)];
}

void LinkLoads::add_route(const CoreCoord& from, const CoreCoord& to, double flits) {
  int64_t column = mesh_column(mesh_, from.chip, from.x), row = from.y;
  const int64_t last_column = mesh_column(mesh_, to.chip, to.x);
  for (; column < last_column; ++column)
    flits_[index(column, row, Direction::east)] += flits;
  for (; column > last_column; --column)
    flits_[index(column, row, Direction::west)] += flits;
  for (; row < to.y; ++row)
    flits_[index(column, row, Direction::north)] += flits;
  for (; row > to.y; --row)
    flits_[index(column, row, Direction::south)] += flits;
}

double LinkLoads::max() const {
  return flits_.empty() ? 0.0 : *std::max_element(flits_.begin(), flits_.end());
}

double LinkLoads::mean() const {
  const int64_t rows = mesh_.rows;
  const int64_t links = 2 * (columns_ - 1) * rows + 2 * columns_ * (rows - 1);
  if (links <= 0)
    return 0.0;
  double total = 0;
  for (double value : flits_)
    total += value;
  return total / static_cast<double>(links);
}

LinkLoads link_loads(const MappingNetwork& network, const PartitionResult& partition,
                     const PlacementResult& placement, const target::TargetDescription& target,
                     std::span<const double> rates) {
  LinkLoads loads(target.mesh);
  const Fanout fanout = Fanout::of(network, partition.core_of_neuron, partition.num_cores());
  for (int32_t n = 0; n < network.num_neurons(); ++n) {
    const int32_t own = partition.core_of_neuron[n];
    if (own < 0)
      continue;
    const double flits = (rates.empty() ? 1.0 : rates[n]) * target.noc.packet_flits;
    for (int64_t k = fanout.indptr[n]; k < fanout.indptr[n + 1]; ++k)
      if (fanout.cores[k] != own)
        loads.add_route(placement.coord_of_core[own], placement.coord_of_core[fanout.cores[k]],
                        flits);
  }
  return loads;
}

} // namespace gyrus::mapping
