// What `gyrus sim` keeps of every step, and the trace file (--trace FILE.h5) it writes
// from it for scripts/plot_raster.py, scripts/plot_core_activity.py and the user's own
// h5py code. docs/file-formats.md, "Simulation traces", gives the layout.
#pragma once

#include "runtime/image/image.h"

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gyrus::cli {

/// The compartments of one population of the source network, followed step by step:
/// every state field of its neuron model (ref::state_fields' names) and its output.
struct Probe {
  std::string population;
  std::string model;
  /// Per neuron of the population: where the compiler put it; -1 for a neuron that no
  /// compartment holds (its values stay 0).
  std::vector<int32_t> core, compartment;
  std::vector<std::string> fields;
  std::vector<std::vector<int64_t>> values; ///< per field, [steps, neurons]
  std::vector<int64_t> output;              ///< [steps, neurons]

  size_t size() const { return core.size(); }
};

/// The populations named by --probe, mapped onto compartments through the image's groups
/// (CompartmentGroup::population and population_offset). Throws UsageError for a name the
/// image's metadata lacks, or a population without compartments (the host's inputs).
std::vector<Probe> make_probes(const image::Image& image, const std::vector<std::string>& names);

/// Per step, over every trial run.
struct SimRecording {
  bool timed = false; ///< the chip simulator ran: cycles, events and energy exist
  std::vector<int32_t> trial;
  std::vector<int64_t> cycles, packets, hops, synaptic_ops; ///< timed only
  std::vector<double> energy_pj;                            ///< timed only
  std::vector<int64_t> spikes;            ///< compartments that sent, over every core
  std::vector<int64_t> output_raw;        ///< [steps, output neurons], ports in order
  std::vector<int32_t> core_spikes;       ///< [steps, cores]
  std::vector<int32_t> core_synaptic_ops; ///< [steps, cores], timed only
  std::vector<Probe> probes;

  size_t steps() const { return trial.size(); }
};

/// Writes the trace atomically. `report` (the run's JSON summary) is stored as the root
/// attribute `report`. Throws std::runtime_error naming the path.
void write_trace(const std::filesystem::path& path, const image::Image& image,
                 const SimRecording& recording, const nlohmann::json& report);

} // namespace gyrus::cli
