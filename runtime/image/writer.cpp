#include "runtime/image/writer.h"

#include "runtime/image/byte_writer.h"
#include "runtime/image/crc32.h"
#include "runtime/image/format.h"
#include "runtime/image/image_error.h"
#include "runtime/image/validate.h"
#include "training/io/temporary_files.h" // header-only: no link to training's libraries

#include <fstream>
#include <string>
#include <system_error>
#include <unistd.h>

namespace gyrus::image {
namespace {

using format::SectionId;

struct ModelEncoder {
  ByteWriter& out;

  void operator()(const CubaLifParams& p) {
    out.i32(p.du);
    out.i32(p.dv);
    out.i32(p.vth_mant.value_or(format::kNoThreshold));
    out.i32(p.bias_exp);
    out.i32(p.refractory);
  }
  void operator()(const SigmaDeltaParams& p) {
    out.i32(p.vth);
    out.i32(p.state_exp);
    out.i32(static_cast<int32_t>(p.activation));
  }
  void operator()(const LeakySigmaDeltaParams& p) {
    out.i32(p.alpha_q);
    out.i32(p.vth);
    out.i32(p.sigma_frac_bits);
  }
  void operator()(const LinearParams& p) { out.i32(p.sigma_frac_bits); }
};

struct ModelCodeOf {
  format::ModelCode operator()(const CubaLifParams&) const { return format::ModelCode::CubaLif; }
  format::ModelCode operator()(const SigmaDeltaParams&) const {
    return format::ModelCode::SigmaDelta;
  }
  format::ModelCode operator()(const LeakySigmaDeltaParams&) const {
    return format::ModelCode::LeakySigmaDelta;
  }
  format::ModelCode operator()(const LinearParams&) const { return format::ModelCode::Linear; }
};

/// A table of per-row target lists in CSR form: row count, entry count, indptr, then the
/// cores and the axons of every entry.
void write_targets(ByteWriter& out, const std::vector<std::vector<AxonTarget>>& rows) {
  uint32_t entries = 0;
  for (const auto& row : rows)
    entries += static_cast<uint32_t>(row.size());
  out.u32(static_cast<uint32_t>(rows.size()));
  out.u32(entries);
  uint32_t offset = 0;
  out.u32(offset);
  for (const auto& row : rows)
    out.u32(offset += static_cast<uint32_t>(row.size()));
  for (const auto& row : rows)
    for (const AxonTarget& target : row)
      out.u32(target.core);
  for (const auto& row : rows)
    for (const AxonTarget& target : row)
      out.u32(target.axon);
}

void write_metadata(ByteWriter& out, const Metadata& metadata) {
  out.string(metadata.network_name);
  out.string(metadata.source_hash);
  out.string(metadata.compiler_version);
  out.string(metadata.strategy);
  out.u32(metadata.frac_bits);
  out.u32(static_cast<uint32_t>(metadata.populations.size()));
  for (const Population& population : metadata.populations) {
    out.string(population.name);
    out.u32(population.size);
  }
}

void write_cores(ByteWriter& out, const std::vector<Core>& cores) {
  out.u32(static_cast<uint32_t>(cores.size()));
  for (const Core& core : cores) {
    out.u32(core.coord.chip);
    out.u32(core.coord.x);
    out.u32(core.coord.y);
    out.u32(core.coord.core);
    out.u32(static_cast<uint32_t>(core.groups.size()));
    for (const CompartmentGroup& group : core.groups) {
      out.u8(static_cast<uint8_t>(std::visit(ModelCodeOf{}, group.params)));
      out.u8(static_cast<uint8_t>(group.spike_kind));
      out.u32(group.first);
      out.u32(group.count());
      out.u32(group.population);
      out.u32(group.population_offset);
      std::visit(ModelEncoder{out}, group.params);
      for (int32_t bias : group.bias)
        out.i32(bias);
    }
  }
}

void write_synapses(ByteWriter& out, const std::vector<Core>& cores) {
  out.u32(static_cast<uint32_t>(cores.size()));
  for (const Core& core : cores) {
    out.u32(static_cast<uint32_t>(core.synapses.size()));
    for (const SynapseBlock& block : core.synapses) {
      uint32_t synapses = 0;
      for (const auto& axon : block.axons)
        synapses += static_cast<uint32_t>(axon.size());
      out.u32(block.first_axon);
      out.u32(static_cast<uint32_t>(block.axons.size()));
      out.i32(block.weight_exp);
      out.u32(synapses);
      uint32_t offset = 0;
      out.u32(offset);
      for (const auto& axon : block.axons)
        out.u32(offset += static_cast<uint32_t>(axon.size()));
      for (const auto& axon : block.axons)
        for (const Synapse& synapse : axon)
          out.u32(synapse.compartment);
      for (const auto& axon : block.axons)
        for (const Synapse& synapse : axon)
          out.i32(synapse.weight);
      for (const auto& axon : block.axons)
        for (const Synapse& synapse : axon)
          out.u32(synapse.delay);
    }
  }
}

void write_axons(ByteWriter& out, const std::vector<Core>& cores) {
  out.u32(static_cast<uint32_t>(cores.size()));
  for (const Core& core : cores)
    write_targets(out, core.axons);
}

void write_routes(ByteWriter& out, const std::vector<Route>& routes) {
  out.u32(static_cast<uint32_t>(routes.size()));
  for (const Route& route : routes) {
    out.u32(route.source);
    out.u32(route.dest);
    out.u32(static_cast<uint32_t>(route.path.size()));
    for (const RouterCoord& router : route.path) {
      out.u32(router.chip);
      out.u32(router.x);
      out.u32(router.y);
    }
  }
}

void write_inputs(ByteWriter& out, const std::vector<InputMap>& inputs) {
  out.u32(static_cast<uint32_t>(inputs.size()));
  for (const InputMap& input : inputs) {
    out.string(input.name);
    out.u8(static_cast<uint8_t>(input.spike_kind));
    write_targets(out, input.neurons);
  }
}

void write_outputs(ByteWriter& out, const std::vector<OutputMap>& outputs) {
  out.u32(static_cast<uint32_t>(outputs.size()));
  for (const OutputMap& output : outputs) {
    out.string(output.name);
    out.u32(static_cast<uint32_t>(output.neurons.size()));
    for (const CompartmentRef& neuron : output.neurons) {
      out.u32(neuron.core);
      out.u32(neuron.compartment);
    }
  }
}

std::vector<uint8_t> section_bytes(SectionId id, const Image& image) {
  ByteWriter out;
  switch (id) {
  case SectionId::Chip: {
    const std::string json = canonical_target_json(image.target);
    return std::vector<uint8_t>(json.begin(), json.end());
  }
  case SectionId::Metadata:
    write_metadata(out, image.metadata);
    break;
  case SectionId::Cores:
    write_cores(out, image.cores);
    break;
  case SectionId::Synapses:
    write_synapses(out, image.cores);
    break;
  case SectionId::Axons:
    write_axons(out, image.cores);
    break;
  case SectionId::Routes:
    write_routes(out, image.routes);
    break;
  case SectionId::Inputs:
    write_inputs(out, image.inputs);
    break;
  case SectionId::Outputs:
    write_outputs(out, image.outputs);
    break;
  }
  return out.take();
}

/// Temporary file next to `path`, then rename: readers see the old image or the new one.
/// The temporary file is this process's own, and SIGINT or SIGTERM removes it.
void write_file_atomically(const std::filesystem::path& path, const std::vector<uint8_t>& bytes) {
  std::filesystem::path temporary = path;
  temporary += ".tmp." + std::to_string(::getpid());
  const gyrus::io::TemporaryFileGuard guard(temporary);
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    file.write(reinterpret_cast<const char*>(bytes.data()),
               static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
      std::error_code ignored;
      std::filesystem::remove(temporary, ignored);
      throw ImageError(path.string() + ": cannot write the image");
    }
  }
  std::error_code error;
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw ImageError(path.string() + ": cannot move the image into place: " + error.message());
  }
}

} // namespace

std::vector<uint8_t> serialize(const Image& image) {
  validate_image(image, "serialize");

  std::vector<std::vector<uint8_t>> sections;
  for (SectionId id : format::kSectionOrder)
    sections.push_back(section_bytes(id, image));

  ByteWriter out;
  for (uint8_t byte : format::kMagic)
    out.u8(byte);
  out.u32(format::kVersion);
  out.u32(static_cast<uint32_t>(format::kHeaderSize));
  out.u32(static_cast<uint32_t>(sections.size()));
  out.u32(0); // the header CRC, filled in below
  out.u64(target_hash(image.target));
  const std::string& name = image.target.name;
  for (size_t i = 0; i < format::kTargetNameSize; ++i)
    out.u8(i < name.size() ? static_cast<uint8_t>(name[i]) : 0);

  uint64_t offset = format::kHeaderSize + sections.size() * format::kSectionEntrySize;
  for (size_t i = 0; i < sections.size(); ++i) {
    out.u32(static_cast<uint32_t>(format::kSectionOrder[i]));
    out.u32(crc32(sections[i]));
    out.u64(offset);
    out.u64(sections[i].size());
    offset += sections[i].size();
  }

  std::vector<uint8_t> bytes = out.take();
  const uint32_t header_crc = crc32(bytes); // the CRC field is still zero
  for (size_t i = 0; i < 4; ++i)
    bytes[format::kHeaderCrcOffset + i] = static_cast<uint8_t>(header_crc >> (8 * i));
  for (const std::vector<uint8_t>& section : sections)
    bytes.insert(bytes.end(), section.begin(), section.end());
  return bytes;
}

void write_image(const std::filesystem::path& path, const Image& image) {
  write_file_atomically(path, serialize(image));
}

} // namespace gyrus::image
