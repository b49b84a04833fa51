// XY dimension-order routing over the tile mesh and the link loads it implies. Chips
// are tiled side by side in x: router (chip, x, y) sits at column chip * cols + x of
// one wide mesh, and a hop between chips counts as one mesh hop.
#pragma once

#include "gyrus/Mapping/Network.h"
#include "targets/target_description.h"

#include <cstdint>
#include <span>
#include <vector>

namespace gyrus::mapping {

struct PartitionResult;
struct PlacementResult;

/// Where a core sits: chip, tile (x, y) on that chip, and slot within the tile.
struct CoreCoord {
  int32_t chip = 0;
  int32_t x = 0;
  int32_t y = 0;
  int32_t slot = 0;
  bool operator==(const CoreCoord&) const = default;
};

/// A tile's router.
struct RouterCoord {
  int32_t chip = 0;
  int32_t x = 0;
  int32_t y = 0;
  bool operator==(const RouterCoord&) const = default;
};

/// Column of the wide mesh that chips tiled in x make.
inline int64_t mesh_column(const target::Mesh& mesh, int32_t chip, int32_t x) {
  return chip * mesh.cols + x;
}

/// Mesh hops between the tiles of two cores (0 within a tile).
int64_t hops(const target::Mesh& mesh, const CoreCoord& from, const CoreCoord& to);

/// The routers a packet passes from `from`'s tile to `to`'s, both included: first along
/// x (across chips too), then along y. hops + 1 routers.
std::vector<RouterCoord> xy_route(const target::Mesh& mesh, const CoreCoord& from,
                                  const CoreCoord& to);

/// Directions of a router's outgoing links: east = +x, west = -x, north = +y, south = -y.
enum class Direction { east, west, north, south };

/// Flits per step over every directed link of the mesh.
class LinkLoads {
public:
  explicit LinkLoads(const target::Mesh& mesh);

  /// Flits per step leaving `router` towards `direction`.
  double flits(const RouterCoord& router, Direction direction) const;
  /// Adds `flits` to every link of the XY route between two cores.
  void add_route(const CoreCoord& from, const CoreCoord& to, double flits);

  double max() const;
  /// Mean over all directed links the mesh has, used or not.
  double mean() const;

private:
  size_t index(int64_t column, int64_t row, Direction direction) const;

  target::Mesh mesh_;
  int64_t columns_ = 0;
  std::vector<double> flits_; ///< [column][row][direction]
};

/// Link loads for spike rates `rates` (spikes per step per neuron; empty = 1): one
/// packet of noc.packet_flits flits per (on-chip source neuron, destination core other
/// than its own) and spike. Packets from host inputs do not cross mesh links here.
LinkLoads link_loads(const MappingNetwork& network, const PartitionResult& partition,
                     const PlacementResult& placement, const target::TargetDescription& target,
                     std::span<const double> rates = {});

} // namespace gyrus::mapping
