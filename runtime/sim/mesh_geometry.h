// What both mesh models (the event-driven MeshNetwork and its specification,
// CycleSteppedMesh) share: directions on the tile grid and the checks of the NoC numbers
// they rely on.
#pragma once

#include "runtime/sim/mesh_network.h"

#include <string_view>

namespace gyrus::sim {

Direction opposite(Direction direction);

/// The neighbouring tile in `direction`.
MeshTile step_towards(const MeshTile& tile, Direction direction);

/// Whether output port `output` is an east or west link (they have their own link cycles).
bool is_east_west(uint32_t output);

/// Throws std::invalid_argument, naming `model` and the field, unless the NoC has a
/// non-negative router pipeline, links of at least one cycle, packets and buffers of at
/// least one flit and at least one core per tile. Links taking at least a cycle is what
/// makes the order in which routers are visited irrelevant.
void check_mesh_config(const target::Mesh& mesh, const target::Noc& noc, std::string_view model);

} // namespace gyrus::sim
