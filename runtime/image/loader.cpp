#include "runtime/image/loader.h"

#include "runtime/image/byte_reader.h"
#include "runtime/image/crc32.h"
#include "runtime/image/format.h"
#include "runtime/image/validate.h"

#include <algorithm>
#include <array>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

namespace gyrus::image {
namespace {

using format::SectionId;

// The smallest encodings, which bound every count before anything is allocated.
constexpr uint64_t kMinCoreBytes = 5 * 4;          // coordinate, group count
constexpr uint64_t kMinGroupBytes = 2 + 4 * 4 + 4; // codes, 4 fields, 1 parameter
constexpr uint64_t kMinBlockBytes = 5 * 4;         // 4 fields, indptr[0]
constexpr uint64_t kMinTargetsBytes = 3 * 4;       // row count, entry count, indptr[0]
constexpr uint64_t kMinRouteBytes = 3 * 4;
constexpr uint64_t kRouterBytes = 3 * 4;
constexpr uint64_t kMinInputBytes = 4 + 1 + kMinTargetsBytes; // name length, kind, targets
constexpr uint64_t kMinPopulationBytes = 4 + 4;

uint32_t read_u32_at(std::span<const uint8_t> bytes, size_t offset) {
  return uint32_t{bytes[offset]} | uint32_t{bytes[offset + 1]} << 8 |
         uint32_t{bytes[offset + 2]} << 16 | uint32_t{bytes[offset + 3]} << 24;
}

uint64_t read_u64_at(std::span<const uint8_t> bytes, size_t offset) {
  return uint64_t{read_u32_at(bytes, offset)} | uint64_t{read_u32_at(bytes, offset + 4)} << 32;
}

struct Header {
  uint64_t target_hash = 0;
  std::string target_name;
  std::array<std::span<const uint8_t>, format::kSectionOrder.size()> sections;
};

Header read_header(std::span<const uint8_t> bytes, std::string_view origin) {
  ErrorContext context(origin, "header");
  if (bytes.size() < format::kHeaderSize)
    context.fail("the file has " + std::to_string(bytes.size()) + " bytes, fewer than the " +
                 std::to_string(format::kHeaderSize) + " of a header");
  if (!std::equal(format::kMagic.begin(), format::kMagic.end(), bytes.begin()))
    context.fail("magic: not a gyrus deployment image (.gimg)");
  const uint32_t version = read_u32_at(bytes, format::kVersionOffset);
  if (version != format::kVersion)
    context.fail("format_version = " + std::to_string(version) + " but this loader reads " +
                 std::to_string(format::kVersion));
  const uint32_t header_size = read_u32_at(bytes, format::kHeaderSizeOffset);
  if (header_size != format::kHeaderSize)
    context.fail("header_size = " + std::to_string(header_size) + ", expected " +
                 std::to_string(format::kHeaderSize));
  const uint32_t section_count = read_u32_at(bytes, format::kSectionCountOffset);
  if (section_count != format::kSectionOrder.size())
    context.fail("section_count = " + std::to_string(section_count) + ", expected " +
                 std::to_string(format::kSectionOrder.size()));
  const size_t table_end = format::kHeaderSize + section_count * format::kSectionEntrySize;
  if (bytes.size() < table_end)
    context.fail("the file has " + std::to_string(bytes.size()) +
                 " bytes, too few for the section table, which ends at " +
                 std::to_string(table_end));

  // The header CRC covers the header and the section table, its own field read as zero.
  const std::array<uint8_t, 4> zero{};
  uint32_t crc = crc32(bytes.first(format::kHeaderCrcOffset));
  crc = crc32(zero, crc);
  crc = crc32(bytes.subspan(format::kHeaderCrcOffset + 4, table_end - format::kHeaderCrcOffset - 4),
              crc);
  const uint32_t stored_crc = read_u32_at(bytes, format::kHeaderCrcOffset);
  if (crc != stored_crc)
    context.fail("header_crc = " + std::to_string(stored_crc) +
                 " but the header and section table have CRC " + std::to_string(crc));

  Header header;
  header.target_hash = read_u64_at(bytes, format::kTargetHashOffset);
  std::span<const uint8_t> name = bytes.subspan(format::kTargetNameOffset, format::kTargetNameSize);
  auto nul = std::find(name.begin(), name.end(), uint8_t{0});
  if (!std::all_of(nul, name.end(), [](uint8_t byte) { return byte == 0; }))
    context.fail("target_name: bytes follow its NUL padding");
  header.target_name.assign(name.begin(), nul);

  ErrorContext table(origin, "section table");
  uint64_t expected_offset = table_end;
  for (size_t i = 0; i < section_count; ++i) {
    auto scope = table.enter("entry", i);
    const size_t entry = format::kHeaderSize + i * format::kSectionEntrySize;
    const uint32_t id = read_u32_at(bytes, entry);
    const uint32_t section_crc = read_u32_at(bytes, entry + 4);
    const uint64_t offset = read_u64_at(bytes, entry + 8);
    const uint64_t size = read_u64_at(bytes, entry + 16);
    const SectionId expected_id = format::kSectionOrder[i];
    if (id != static_cast<uint32_t>(expected_id))
      table.fail("id = " + std::to_string(id) + ", expected " +
                 std::to_string(static_cast<uint32_t>(expected_id)) + " (section '" +
                 std::string(format::section_name(expected_id)) + "')");
    // Sections are packed in order, so this also rules out overlaps and gaps.
    if (offset != expected_offset)
      table.fail("offset = " + std::to_string(offset) + ", expected " +
                 std::to_string(expected_offset) + " (sections are packed in order)");
    if (size > bytes.size() - offset)
      table.fail("section '" + std::string(format::section_name(expected_id)) + "' [" +
                 std::to_string(offset) + ", +" + std::to_string(size) +
                 ") runs past the end of the file (" + std::to_string(bytes.size()) + " bytes)");
    std::span<const uint8_t> section = bytes.subspan(offset, size);
    const uint32_t actual_crc = crc32(section);
    if (actual_crc != section_crc)
      table.fail("section '" + std::string(format::section_name(expected_id)) +
                 "': crc = " + std::to_string(section_crc) + " but its bytes have CRC " +
                 std::to_string(actual_crc));
    header.sections[i] = section;
    expected_offset = offset + size;
  }
  if (expected_offset != bytes.size())
    table.fail(std::to_string(bytes.size() - expected_offset) + " bytes follow the last section");
  return header;
}

ErrorContext section_context(std::string_view origin, SectionId id) {
  return ErrorContext(origin, "section '" + std::string(format::section_name(id)) + "'");
}

target::TargetDescription read_chip(std::span<const uint8_t> bytes, const Header& header,
                                    std::string_view origin) {
  ErrorContext context = section_context(origin, SectionId::Chip);
  const std::string json(bytes.begin(), bytes.end());
  target::TargetDescription target;
  try {
    target = target::parse_target_description(json, "description");
  } catch (const target::TargetError& error) {
    context.fail(std::string("invalid target description: ") + error.what());
  }
  if (canonical_target_json(target) != json)
    context.fail("the description is not in canonical form (to_json(target).dump())");
  if (target.name != header.target_name)
    context.fail("the description names target '" + target.name + "' but the header names '" +
                 header.target_name + "'");
  if (target_hash(target) != header.target_hash)
    context.fail("the description's hash does not match the header's target_hash");
  return target;
}

Metadata read_metadata(ByteReader& in) {
  Metadata metadata;
  metadata.network_name = in.string("network_name");
  metadata.source_hash = in.string("source_hash");
  metadata.compiler_version = in.string("compiler_version");
  metadata.strategy = in.string("strategy");
  metadata.frac_bits = in.u32("frac_bits");
  const uint32_t count = in.u32("population_count");
  in.expect_elements("population_count", count, kMinPopulationBytes);
  metadata.populations.resize(count);
  for (uint32_t p = 0; p < count; ++p) {
    auto scope = in.context().enter("population", p);
    metadata.populations[p].name = in.string("name");
    metadata.populations[p].size = in.u32("size");
  }
  return metadata;
}

NeuronParams read_params(ByteReader& in, uint8_t model_code) {
  switch (static_cast<format::ModelCode>(model_code)) {
  case format::ModelCode::CubaLif: {
    CubaLifParams params;
    params.du = in.i32("du");
    params.dv = in.i32("dv");
    const int32_t vth_mant = in.i32("vth_mant");
    if (vth_mant != format::kNoThreshold)
      params.vth_mant = vth_mant;
    params.bias_exp = in.i32("bias_exp");
    params.refractory = in.i32("refractory");
    return params;
  }
  case format::ModelCode::SigmaDelta: {
    SigmaDeltaParams params;
    params.vth = in.i32("vth");
    params.state_exp = in.i32("state_exp");
    const int32_t activation = in.i32("activation");
    if (activation != 0 && activation != 1)
      in.context().fail("activation = " + std::to_string(activation) +
                        " is neither 0 (relu) nor 1 (unit)");
    params.activation = static_cast<SigmaDeltaActivation>(activation);
    return params;
  }
  case format::ModelCode::LeakySigmaDelta: {
    LeakySigmaDeltaParams params;
    params.alpha_q = in.i32("alpha_q");
    params.vth = in.i32("vth");
    params.sigma_frac_bits = in.i32("sigma_frac_bits");
    return params;
  }
  case format::ModelCode::Linear:
    return LinearParams{in.i32("sigma_frac_bits")};
  }
  in.context().fail("model = " + std::to_string(model_code) +
                    " is no neuron model (1 cuba_lif, 2 sigma_delta, 3 leaky_sigma_delta, "
                    "4 linear)");
}

std::vector<Core> read_cores(ByteReader& in) {
  const uint32_t count = in.u32("core_count");
  in.expect_elements("core_count", count, kMinCoreBytes);
  std::vector<Core> cores(count);
  for (uint32_t c = 0; c < count; ++c) {
    auto scope = in.context().enter("core", c);
    Core& core = cores[c];
    core.coord.chip = in.u32("chip");
    core.coord.x = in.u32("x");
    core.coord.y = in.u32("y");
    core.coord.core = in.u32("slot");
    const uint32_t group_count = in.u32("group_count");
    in.expect_elements("group_count", group_count, kMinGroupBytes);
    core.groups.resize(group_count);
    for (uint32_t g = 0; g < group_count; ++g) {
      auto group_scope = in.context().enter("group", g);
      CompartmentGroup& group = core.groups[g];
      const uint8_t model = in.u8("model");
      const uint8_t spike_kind = in.u8("spike_kind");
      if (spike_kind > 1)
        in.context().fail("spike_kind = " + std::to_string(spike_kind) +
                          " is neither 0 (binary) nor 1 (graded)");
      group.spike_kind = static_cast<SpikeKind>(spike_kind);
      group.first = in.u32("first");
      const uint32_t size = in.u32("count");
      group.population = in.u32("population");
      group.population_offset = in.u32("population_offset");
      group.params = read_params(in, model);
      in.expect_elements("count", size, 4);
      group.bias.resize(size);
      for (int32_t& bias : group.bias)
        bias = in.i32("bias");
    }
  }
  return cores;
}

/// Reads `rows + 1` CSR offsets into a table of `entries`: they start at 0, never
/// decrease and end at `entries`.
std::vector<uint32_t> read_indptr(ByteReader& in, uint32_t rows, uint32_t entries) {
  in.expect_elements("indptr", uint64_t{rows} + 1, 4);
  std::vector<uint32_t> indptr(uint64_t{rows} + 1);
  for (uint32_t& offset : indptr)
    offset = in.u32("indptr");
  if (indptr.front() != 0)
    in.context().fail("indptr[0] = " + std::to_string(indptr.front()) + ", expected 0");
  for (size_t i = 1; i < indptr.size(); ++i)
    if (indptr[i] < indptr[i - 1])
      in.context().fail("indptr[" + std::to_string(i) + "] = " + std::to_string(indptr[i]) +
                        " is below indptr[" + std::to_string(i - 1) +
                        "] = " + std::to_string(indptr[i - 1]));
  if (indptr.back() != entries)
    in.context().fail("indptr[" + std::to_string(rows) + "] = " + std::to_string(indptr.back()) +
                      " but there are " + std::to_string(entries) + " entries");
  return indptr;
}

std::vector<uint32_t> read_u32_array(ByteReader& in, std::string_view field, uint32_t count) {
  in.expect_elements(field, count, 4);
  std::vector<uint32_t> values(count);
  for (uint32_t& value : values)
    value = in.u32(field);
  return values;
}

/// Rows of packet targets in CSR form (writer.cpp's write_targets).
std::vector<std::vector<AxonTarget>> read_targets(ByteReader& in) {
  const uint32_t rows = in.u32("row_count");
  const uint32_t entries = in.u32("entry_count");
  const std::vector<uint32_t> indptr = read_indptr(in, rows, entries);
  const std::vector<uint32_t> cores = read_u32_array(in, "cores", entries);
  const std::vector<uint32_t> axons = read_u32_array(in, "axons", entries);
  std::vector<std::vector<AxonTarget>> table(rows);
  for (uint32_t r = 0; r < rows; ++r)
    for (uint32_t k = indptr[r]; k < indptr[r + 1]; ++k)
      table[r].push_back({cores[k], axons[k]});
  return table;
}

/// A per-core section must list exactly the cores of the cores section.
void expect_core_count(ByteReader& in, size_t cores) {
  const uint32_t count = in.u32("core_count");
  if (count != cores)
    in.context().fail("core_count = " + std::to_string(count) + " but section 'cores' has " +
                      std::to_string(cores));
}

void read_synapses(ByteReader& in, std::vector<Core>& cores) {
  expect_core_count(in, cores.size());
  for (size_t c = 0; c < cores.size(); ++c) {
    auto scope = in.context().enter("core", c);
    const uint32_t block_count = in.u32("block_count");
    in.expect_elements("block_count", block_count, kMinBlockBytes);
    cores[c].synapses.resize(block_count);
    for (uint32_t b = 0; b < block_count; ++b) {
      auto block_scope = in.context().enter("block", b);
      SynapseBlock& block = cores[c].synapses[b];
      block.first_axon = in.u32("first_axon");
      const uint32_t num_axons = in.u32("num_axons");
      block.weight_exp = in.i32("weight_exp");
      const uint32_t synapse_count = in.u32("synapse_count");
      in.expect_elements("synapse_count", synapse_count, 3 * 4);
      const std::vector<uint32_t> indptr = read_indptr(in, num_axons, synapse_count);
      const std::vector<uint32_t> compartments = read_u32_array(in, "compartments", synapse_count);
      const std::vector<uint32_t> weights = read_u32_array(in, "weights", synapse_count);
      const std::vector<uint32_t> delays = read_u32_array(in, "delays", synapse_count);
      block.axons.resize(num_axons);
      for (uint32_t a = 0; a < num_axons; ++a)
        for (uint32_t s = indptr[a]; s < indptr[a + 1]; ++s)
          block.axons[a].push_back({compartments[s], static_cast<int32_t>(weights[s]), delays[s]});
    }
  }
}

void read_axons(ByteReader& in, std::vector<Core>& cores) {
  expect_core_count(in, cores.size());
  for (size_t c = 0; c < cores.size(); ++c) {
    auto scope = in.context().enter("core", c);
    cores[c].axons = read_targets(in);
  }
}

std::vector<Route> read_routes(ByteReader& in) {
  const uint32_t count = in.u32("route_count");
  in.expect_elements("route_count", count, kMinRouteBytes);
  std::vector<Route> routes(count);
  for (uint32_t r = 0; r < count; ++r) {
    auto scope = in.context().enter("route", r);
    routes[r].source = in.u32("source");
    routes[r].dest = in.u32("dest");
    const uint32_t hops = in.u32("hop_count");
    in.expect_elements("hop_count", hops, kRouterBytes);
    routes[r].path.resize(hops);
    for (RouterCoord& router : routes[r].path) {
      router.chip = in.u32("chip");
      router.x = in.u32("x");
      router.y = in.u32("y");
    }
  }
  return routes;
}

std::vector<InputMap> read_inputs(ByteReader& in) {
  const uint32_t count = in.u32("input_count");
  in.expect_elements("input_count", count, kMinInputBytes);
  std::vector<InputMap> inputs(count);
  for (uint32_t i = 0; i < count; ++i) {
    auto scope = in.context().enter("input", i);
    inputs[i].name = in.string("name");
    const uint8_t spike_kind = in.u8("spike_kind");
    if (spike_kind > 1)
      in.context().fail("spike_kind = " + std::to_string(spike_kind) +
                        " is neither 0 (binary) nor 1 (graded)");
    inputs[i].spike_kind = static_cast<SpikeKind>(spike_kind);
    inputs[i].neurons = read_targets(in);
  }
  return inputs;
}

std::vector<OutputMap> read_outputs(ByteReader& in) {
  const uint32_t count = in.u32("output_count");
  in.expect_elements("output_count", count, 4 + 4);
  std::vector<OutputMap> outputs(count);
  for (uint32_t o = 0; o < count; ++o) {
    auto scope = in.context().enter("output", o);
    outputs[o].name = in.string("name");
    const uint32_t neurons = in.u32("neuron_count");
    in.expect_elements("neuron_count", neurons, 2 * 4);
    outputs[o].neurons.resize(neurons);
    for (CompartmentRef& neuron : outputs[o].neurons) {
      neuron.core = in.u32("core");
      neuron.compartment = in.u32("compartment");
    }
  }
  return outputs;
}

} // namespace

Image parse_image(std::span<const uint8_t> bytes, std::string_view origin) {
  const Header header = read_header(bytes, origin);
  Image image;
  // Sections in file order; each reader ends by checking that no byte is left over.
  auto read = [&](SectionId id, auto&& body) {
    const size_t index = static_cast<size_t>(id) - 1;
    ErrorContext context = section_context(origin, id);
    ByteReader in(header.sections[index], context);
    body(in);
    in.expect_end();
  };
  image.target = read_chip(header.sections[0], header, origin);
  read(SectionId::Metadata, [&](ByteReader& in) { image.metadata = read_metadata(in); });
  read(SectionId::Cores, [&](ByteReader& in) { image.cores = read_cores(in); });
  read(SectionId::Synapses, [&](ByteReader& in) { read_synapses(in, image.cores); });
  read(SectionId::Axons, [&](ByteReader& in) { read_axons(in, image.cores); });
  read(SectionId::Routes, [&](ByteReader& in) { image.routes = read_routes(in); });
  read(SectionId::Inputs, [&](ByteReader& in) { image.inputs = read_inputs(in); });
  read(SectionId::Outputs, [&](ByteReader& in) { image.outputs = read_outputs(in); });
  validate_image(image, origin);
  return image;
}

Image load_image(const std::filesystem::path& path) {
  const std::string origin = path.string();
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec))
    throw ImageError(origin + ": is a directory, not an image");
  std::ifstream file(path, std::ios::binary);
  if (!file)
    throw ImageError(origin + ": cannot open the image");
  std::vector<uint8_t> bytes;
  try { // libstdc++ throws for some read errors (a directory, EIO) instead of setting badbit
    bytes.assign(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
  } catch (const std::ios_base::failure&) {
    throw ImageError(origin + ": cannot read the image");
  }
  if (file.bad())
    throw ImageError(origin + ": cannot read the image");
  return parse_image(bytes, origin);
}

} // namespace gyrus::image
