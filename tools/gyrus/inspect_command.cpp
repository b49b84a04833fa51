// `gyrus inspect`: what a deployment image holds, after the loader has accepted it: the
// header, the sections with their CRCs, and each core's use of every per-core limit.
#include "runtime/image/format.h"
#include "runtime/image/loader.h"
#include "runtime/image/usage.h"
#include "tools/gyrus/context.h"

#include <CLI/CLI.hpp>
#include <cstring>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <iterator>

namespace gyrus::cli {

namespace {

struct SectionEntry {
  std::string name;
  uint32_t crc = 0;
  uint64_t offset = 0;
  uint64_t size = 0;
};

template <typename T> T read_le(const std::vector<uint8_t>& bytes, size_t offset) {
  T value = 0;
  for (size_t i = 0; i < sizeof(T); ++i)
    value |= static_cast<T>(bytes[offset + i]) << (8 * i);
  return value;
}

/// The section table. Only called on bytes the loader has accepted, so every offset is
/// known to be inside the file.
std::vector<SectionEntry> read_section_table(const std::vector<uint8_t>& bytes) {
  std::vector<SectionEntry> sections;
  const auto count = read_le<uint32_t>(bytes, image::format::kSectionCountOffset);
  for (uint32_t i = 0; i < count; ++i) {
    const size_t entry = image::format::kHeaderSize + i * image::format::kSectionEntrySize;
    const auto id = static_cast<image::format::SectionId>(read_le<uint32_t>(bytes, entry));
    sections.push_back({std::string(image::format::section_name(id)),
                        read_le<uint32_t>(bytes, entry + 4), read_le<uint64_t>(bytes, entry + 8),
                        read_le<uint64_t>(bytes, entry + 16)});
  }
  return sections;
}

double percent(int64_t used, int64_t limit) {
  return limit > 0 ? 100.0 * static_cast<double>(used) / static_cast<double>(limit) : 0.0;
}

void run_inspect(const std::string& path, const GlobalOptions& global) {
  image::Image loaded;
  try {
    loaded = image::load_image(path);
  } catch (const std::exception& e) {
    throw UsageError(e.what()); // names the file, section and field
  }
  std::ifstream in(path, std::ios::binary);
  const std::vector<uint8_t> bytes{std::istreambuf_iterator<char>(in),
                                   std::istreambuf_iterator<char>()};
  const std::vector<SectionEntry> sections = read_section_table(bytes);
  const target::CoreLimits& limits = loaded.target.core;

  nlohmann::json result = {
      {"file", path},
      {"size_bytes", bytes.size()},
      {"format_version", read_le<uint32_t>(bytes, image::format::kVersionOffset)},
      {"target", loaded.target.name},
      {"target_hash",
       fmt::format("{:016x}", read_le<uint64_t>(bytes, image::format::kTargetHashOffset))},
      {"network", loaded.metadata.network_name},
      {"compiler_version", loaded.metadata.compiler_version},
      {"strategy", loaded.metadata.strategy},
      {"source_hash", loaded.metadata.source_hash},
  };
  nlohmann::json section_list = nlohmann::json::array();
  for (const SectionEntry& s : sections)
    section_list.push_back({{"name", s.name},
                            {"offset", s.offset},
                            {"size", s.size},
                            {"crc32", fmt::format("{:08x}", s.crc)}});
  result["sections"] = section_list;

  nlohmann::json cores = nlohmann::json::array();
  for (size_t c = 0; c < loaded.cores.size(); ++c) {
    const image::Core& core = loaded.cores[c];
    const image::CoreUsage usage = image::core_usage(core, limits);
    cores.push_back({{"core", c},
                     {"chip", core.coord.chip},
                     {"x", core.coord.x},
                     {"y", core.coord.y},
                     {"slot", core.coord.core},
                     {"compartments", usage.compartments},
                     {"in_axons", usage.in_axons},
                     {"out_axons", usage.out_axons},
                     {"synapses", usage.synapses},
                     {"synapse_bits", usage.synapse_bits}});
  }
  result["cores"] = cores;
  result["limits"] = {{"compartments", limits.compartments},
                      {"in_axons", limits.in_axons},
                      {"out_axons", limits.out_axons},
                      {"synapse_bits", limits.synapse_bits}};
  if (global.json) {
    print_json(result);
    return;
  }

  std::cout << fmt::format("{}: gyrus image v{}, {} bytes, target {} (hash {})\n", path,
                           result["format_version"].get<uint32_t>(), bytes.size(),
                           loaded.target.name, result["target_hash"].get<std::string>());
  std::cout << fmt::format("network @{}, compiled by {}, strategy {}\n",
                           loaded.metadata.network_name, loaded.metadata.compiler_version,
                           loaded.metadata.strategy.empty() ? "-" : loaded.metadata.strategy);
  std::cout << "sections:\n";
  for (const SectionEntry& s : sections)
    std::cout << fmt::format("  {:<9} offset {:>9}  size {:>9}  crc32 {:08x}\n", s.name, s.offset,
                             s.size, s.crc);
  std::cout << fmt::format("{} cores; use of each per-core limit:\n", loaded.cores.size());
  std::cout << fmt::format("  {:>4} {:>13} {:>18} {:>18} {:>18} {:>22}\n", "core",
                           "(chip,x,y,slot)", "compartments", "in axons", "out axons",
                           "synapse memory");
  for (size_t c = 0; c < loaded.cores.size(); ++c) {
    const image::Core& core = loaded.cores[c];
    const image::CoreUsage u = image::core_usage(core, limits);
    auto cell = [](int64_t used, int64_t limit) {
      return fmt::format("{}/{} {:>3.0f}%", used, limit, percent(used, limit));
    };
    std::cout << fmt::format(
        "  {:>4} {:>13} {:>18} {:>18} {:>18} {:>22}\n", c,
        fmt::format("({},{},{},{})", core.coord.chip, core.coord.x, core.coord.y, core.coord.core),
        cell(u.compartments, limits.compartments), cell(u.in_axons, limits.in_axons),
        cell(u.out_axons, limits.out_axons), cell(u.synapse_bits, limits.synapse_bits));
  }
}

} // namespace

void register_inspect_command(CLI::App& app, GlobalOptions& global) {
  auto path = std::make_shared<std::string>();
  CLI::App* inspect = app.add_subcommand(
      "inspect", "Show a deployment image (.gimg): header, sections with CRCs, per-core use");
  inspect->add_option("image", *path, "Deployment image (.gimg)")->required();
  inspect->callback([path, &global] { run_inspect(*path, global); });
}

} // namespace gyrus::cli
