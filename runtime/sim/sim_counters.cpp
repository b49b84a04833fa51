#include "runtime/sim/sim_counters.h"

namespace gyrus::sim {

EventCounts& EventCounts::operator+=(const EventCounts& other) {
  synaptic_ops += other.synaptic_ops;
  active_updates += other.active_updates;
  idle_updates += other.idle_updates;
  spikes += other.spikes;
  packets_sent += other.packets_sent;
  packets_within_tile += other.packets_within_tile;
  hops_east_west += other.hops_east_west;
  hops_north_south += other.hops_north_south;
  link_flits += other.link_flits;
  return *this;
}

double Energy::total_pj() const {
  return synaptic_ops_pj + active_updates_pj + idle_updates_pj + packets_sent_pj + within_tile_pj +
         hops_east_west_pj + hops_north_south_pj;
}

Energy& Energy::operator+=(const Energy& other) {
  synaptic_ops_pj += other.synaptic_ops_pj;
  active_updates_pj += other.active_updates_pj;
  idle_updates_pj += other.idle_updates_pj;
  packets_sent_pj += other.packets_sent_pj;
  within_tile_pj += other.within_tile_pj;
  hops_east_west_pj += other.hops_east_west_pj;
  hops_north_south_pj += other.hops_north_south_pj;
  return *this;
}

Energy energy_of(const EventCounts& events, const target::Energy& per_event) {
  auto times = [](uint64_t count, double pj) { return static_cast<double>(count) * pj; };
  Energy energy;
  energy.synaptic_ops_pj = times(events.synaptic_ops, per_event.synaptic_op_pj);
  energy.active_updates_pj = times(events.active_updates, per_event.compartment_update_active_pj);
  energy.idle_updates_pj = times(events.idle_updates, per_event.compartment_update_idle_pj);
  energy.packets_sent_pj = times(events.packets_sent, per_event.spike_sent_pj);
  energy.within_tile_pj = times(events.packets_within_tile, per_event.spike_within_tile_pj);
  energy.hops_east_west_pj = times(events.hops_east_west, per_event.hop_east_west_pj);
  energy.hops_north_south_pj = times(events.hops_north_south, per_event.hop_north_south_pj);
  return energy;
}

} // namespace gyrus::sim
