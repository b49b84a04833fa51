// What the chip simulator counts: the events of the target's energy table, per core and
// per timestep, and the energy they cost. Energy is always Σ events × the target's
// picojoules per event, so a counter and its energy can never disagree.
#pragma once

#include "targets/target_description.h"

#include <cstdint>

namespace gyrus::sim {

/// Events of one core, or summed over cores, steps or both.
struct EventCounts {
  uint64_t synaptic_ops = 0;        ///< synapses read and accumulated (phase 1)
  uint64_t active_updates = 0;      ///< compartments with input or non-zero state (phase 2)
  uint64_t idle_updates = 0;        ///< compartments whose update changed nothing (phase 2)
  uint64_t spikes = 0;              ///< compartments that sent (a spike or a non-zero payload)
  uint64_t packets_sent = 0;        ///< one per destination core of each spike (phase 3)
  uint64_t packets_within_tile = 0; ///< those to a core of the sender's own tile
  uint64_t hops_east_west = 0;      ///< Σ over mesh packets of their east-west hops
  uint64_t hops_north_south = 0;    ///< Σ over mesh packets of their north-south hops
  uint64_t link_flits = 0;          ///< Σ over mesh packets of packet_flits × hops

  uint64_t packets_over_mesh() const { return packets_sent - packets_within_tile; }
  uint64_t hops() const { return hops_east_west + hops_north_south; }
  EventCounts& operator+=(const EventCounts& other);
  bool operator==(const EventCounts&) const = default;
};

/// Energy by event kind, in picojoules.
struct Energy {
  double synaptic_ops_pj = 0;
  double active_updates_pj = 0;
  double idle_updates_pj = 0;
  double packets_sent_pj = 0;
  double within_tile_pj = 0;
  double hops_east_west_pj = 0;
  double hops_north_south_pj = 0;

  double total_pj() const;
  Energy& operator+=(const Energy& other);
};

/// Σ events × the target's pJ per event: synaptic_op_pj per synaptic op,
/// compartment_update_active/idle_pj per update, spike_sent_pj per packet sent,
/// spike_within_tile_pj per packet within a tile, hop_east_west/north_south_pj per
/// packet-hop (a hop between chips is an east-west hop).
Energy energy_of(const EventCounts& events, const target::Energy& per_event);

} // namespace gyrus::sim
