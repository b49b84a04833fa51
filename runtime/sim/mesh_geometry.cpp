#include "runtime/sim/mesh_geometry.h"

#include <stdexcept>
#include <string>

namespace gyrus::sim {

Direction opposite(Direction direction) {
  switch (direction) {
  case Direction::East:
    return Direction::West;
  case Direction::West:
    return Direction::East;
  case Direction::North:
    return Direction::South;
  case Direction::South:
    return Direction::North;
  }
  return direction;
}

MeshTile step_towards(const MeshTile& tile, Direction direction) {
  switch (direction) {
  case Direction::East:
    return {tile.column + 1, tile.row};
  case Direction::West:
    return {tile.column - 1, tile.row};
  case Direction::North:
    return {tile.column, tile.row + 1};
  case Direction::South:
    return {tile.column, tile.row - 1};
  }
  return tile;
}

bool is_east_west(uint32_t output) {
  return output == static_cast<uint32_t>(Direction::East) ||
         output == static_cast<uint32_t>(Direction::West);
}

void check_mesh_config(const target::Mesh& mesh, const target::Noc& noc, std::string_view model) {
  auto require_at_least = [&](int64_t value, int64_t minimum, const char* field) {
    if (value < minimum)
      throw std::invalid_argument(std::string(model) + ": " + field + " must be at least " +
                                  std::to_string(minimum) + ", got " + std::to_string(value));
  };
  require_at_least(noc.router_pipeline_cycles, 0, "router_pipeline_cycles");
  require_at_least(noc.link_cycles_east_west, 1, "link_cycles_east_west");
  require_at_least(noc.link_cycles_north_south, 1, "link_cycles_north_south");
  require_at_least(noc.packet_flits, 1, "packet_flits");
  require_at_least(noc.buffer_flits, 1, "buffer_flits");
  require_at_least(mesh.cores_per_tile, 1, "cores_per_tile");
}

} // namespace gyrus::sim
