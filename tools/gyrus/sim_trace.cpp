#include "tools/gyrus/sim_trace.h"

#include "runtime/host/host_io.h"
#include "tools/gyrus/context.h"
#include "training/io/atomic_file.h"
#include "training/io/hdf5_util.h"

#include <stdexcept>

namespace gyrus::cli {
namespace {

std::string joined(const std::vector<std::string>& names, const std::string& separator = ",") {
  std::string out;
  for (const std::string& name : names)
    out += (out.empty() ? "" : separator) + name;
  return out;
}

/// An output neuron's value in the units the host reads: a spike stays 0/1, a graded
/// value (payload or readout) is in units of 2^-F.
double decoded(const image::Image& image, const image::CompartmentRef& neuron, int64_t raw) {
  const image::CompartmentGroup* group = image.cores[neuron.core].group_of(neuron.compartment);
  if (std::holds_alternative<image::CubaLifParams>(group->params))
    return static_cast<double>(raw);
  return host::decode_output(raw, image.metadata.frac_bits);
}

} // namespace

std::vector<Probe> make_probes(const image::Image& image, const std::vector<std::string>& names) {
  std::vector<std::string> known;
  for (const image::Population& population : image.metadata.populations)
    known.push_back(population.name);
  std::vector<Probe> probes;
  for (const std::string& name : names) {
    const auto found = std::find(known.begin(), known.end(), name);
    if (found == known.end())
      throw UsageError("--probe: unknown population '" + name +
                       "' (the image has: " + joined(known, ", ") + ")");
    const auto index = static_cast<uint32_t>(found - known.begin());
    Probe probe;
    probe.population = name;
    probe.core.assign(image.metadata.populations[index].size, -1);
    probe.compartment.assign(probe.core.size(), -1);
    for (size_t c = 0; c < image.cores.size(); ++c)
      for (const image::CompartmentGroup& group : image.cores[c].groups) {
        if (group.population != index)
          continue;
        probe.model = std::string(image::neuron_model_name(group.params));
        for (uint32_t i = 0; i < group.count() && group.population_offset + i < probe.size(); ++i) {
          probe.core[group.population_offset + i] = static_cast<int32_t>(c);
          probe.compartment[group.population_offset + i] = static_cast<int32_t>(group.first + i);
        }
      }
    if (probe.model.empty())
      throw UsageError("--probe: population '" + name +
                       "' has no compartments on the chip (the host's inputs, or pruned away)");
    probes.push_back(std::move(probe));
  }
  return probes;
}

void write_trace(const std::filesystem::path& path, const image::Image& image,
                 const SimRecording& recording, const nlohmann::json& report) {
  const auto S = static_cast<hsize_t>(recording.steps());
  const auto C = static_cast<hsize_t>(image.cores.size());
  std::vector<image::CompartmentRef> outputs;
  std::vector<int32_t> output_port;
  std::vector<std::string> port_names;
  for (size_t p = 0; p < image.outputs.size(); ++p) {
    port_names.push_back(image.outputs[p].name);
    for (const image::CompartmentRef& neuron : image.outputs[p].neurons) {
      outputs.push_back(neuron);
      output_port.push_back(static_cast<int32_t>(p));
    }
  }
  const auto N = static_cast<hsize_t>(outputs.size());
  std::vector<double> values(recording.output_raw.size());
  std::vector<int32_t> sent(recording.output_raw.size());
  for (size_t k = 0; k < values.size(); ++k) {
    const image::CompartmentRef& neuron = outputs[k % outputs.size()];
    values[k] = decoded(image, neuron, recording.output_raw[k]);
    // A linear readout never sends; the others send exactly when their output is non-zero.
    const bool readout = std::holds_alternative<image::LinearParams>(
        image.cores[neuron.core].group_of(neuron.compartment)->params);
    sent[k] = !readout && recording.output_raw[k] != 0;
  }
  std::vector<int32_t> coords;
  for (const image::Core& core : image.cores)
    coords.insert(coords.end(),
                  {static_cast<int32_t>(core.coord.chip), static_cast<int32_t>(core.coord.x),
                   static_cast<int32_t>(core.coord.y), static_cast<int32_t>(core.coord.core)});

  io::write_atomically(path, [&](const std::filesystem::path& tmp) {
    try {
      H5::Exception::dontPrint();
      H5::H5File file(tmp.string(), H5F_ACC_TRUNC, io::h5::untimed_file());
      io::h5::write_attribute(file, "format", std::string("gyrus-sim-trace"));
      io::h5::write_attribute(file, "gyrus_version", std::string(GYRUS_VERSION));
      io::h5::write_attribute(file, "network", image.metadata.network_name);
      io::h5::write_attribute(file, "target", image.target.name);
      io::h5::write_attribute(file, "timed", static_cast<int32_t>(recording.timed));
      io::h5::write_attribute(file, "frac_bits", static_cast<int32_t>(image.metadata.frac_bits));
      io::h5::write_attribute(file, "clock_mhz", image.target.clock_mhz);
      io::h5::write_attribute(file, "mesh_columns", image.target.mesh.cols);
      io::h5::write_attribute(file, "mesh_rows", image.target.mesh.rows);
      io::h5::write_attribute(file, "cores_per_tile", image.target.mesh.cores_per_tile);
      io::h5::write_attribute(file, "chips", image.target.mesh.chips);
      io::h5::write_attribute(file, "output_ports", joined(port_names));
      io::h5::write_attribute(file, "report", report.dump());

      io::h5::write(file, "trial", recording.trial, {S});
      io::h5::write(file, "spikes", recording.spikes, {S});
      io::h5::write(file, "outputs", values, {S, N});
      io::h5::write(file, "output_raw", recording.output_raw, {S, N});
      io::h5::write(file, "output_spikes", sent, {S, N});
      io::h5::write(file, "output_port", output_port, {N});
      io::h5::write(file, "core_coords", coords, {C, 4});
      io::h5::write(file, "core_spikes", recording.core_spikes, {S, C});
      if (recording.timed) {
        io::h5::write(file, "cycles", recording.cycles, {S});
        io::h5::write(file, "packets", recording.packets, {S});
        io::h5::write(file, "hops", recording.hops, {S});
        io::h5::write(file, "synaptic_ops", recording.synaptic_ops, {S});
        io::h5::write(file, "energy_pj", recording.energy_pj, {S});
        io::h5::write(file, "core_synaptic_ops", recording.core_synaptic_ops, {S, C});
      }
      H5::Group probes = io::h5::create_untimed_group(file, "probes");
      for (const Probe& probe : recording.probes) {
        H5::Group group = io::h5::create_untimed_group(probes, probe.population);
        const auto n = static_cast<hsize_t>(probe.size());
        io::h5::write_attribute(group, "model", probe.model);
        io::h5::write_attribute(group, "fields", joined(probe.fields));
        io::h5::write(group, "core", probe.core, {n});
        io::h5::write(group, "compartment", probe.compartment, {n});
        io::h5::write(group, "output", probe.output, {S, n});
        for (size_t f = 0; f < probe.fields.size(); ++f)
          io::h5::write(group, probe.fields[f], probe.values[f], {S, n});
      }
    } catch (const H5::Exception& e) {
      throw std::runtime_error("cannot write '" + path.string() + "': HDF5: " + e.getDetailMsg());
    }
  });
}

} // namespace gyrus::cli
