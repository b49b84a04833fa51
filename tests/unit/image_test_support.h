// Images for the image library's tests and its fuzz corpus: random valid images of any
// size, and the surgery that edits a serialized image's bytes and then recomputes its CRCs,
// so that a test reaches the loader's checks behind the checksums.
#pragma once

#include "runtime/image/crc32.h"
#include "runtime/image/format.h"
#include "runtime/image/image.h"

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace gyrus::image::testing {

/// A deterministic source of small integers: std::mt19937_64 reduced by modulo, so the
/// images are the same with every standard library (its distributions are not).
class Dice {
public:
  explicit Dice(uint64_t seed) : engine_(seed) {}
  /// Uniform enough in [min, max] for test data.
  int64_t range(int64_t min, int64_t max) {
    return min + static_cast<int64_t>(engine_() % static_cast<uint64_t>(max - min + 1));
  }
  bool coin() { return range(0, 1) == 1; }

private:
  std::mt19937_64 engine_;
};

inline NeuronParams random_params(Dice& dice, SpikeKind& spike_kind) {
  switch (dice.range(0, 3)) {
  case 0: {
    CubaLifParams p;
    p.du = static_cast<int32_t>(dice.range(0, 4095));
    p.dv = static_cast<int32_t>(dice.range(0, 4095));
    if (dice.coin())
      p.vth_mant = static_cast<int32_t>(dice.range(0, (1 << 17) - 1));
    p.bias_exp = static_cast<int32_t>(dice.range(0, 7));
    p.refractory = static_cast<int32_t>(dice.range(0, 63));
    spike_kind = SpikeKind::Binary;
    return p;
  }
  case 1: {
    SigmaDeltaParams p;
    p.vth = static_cast<int32_t>(dice.range(0, (1 << 23) - 1));
    p.state_exp = static_cast<int32_t>(dice.range(0, 7));
    p.activation = dice.coin() ? SigmaDeltaActivation::Unit : SigmaDeltaActivation::Relu;
    spike_kind = SpikeKind::Graded;
    return p;
  }
  case 2: {
    LeakySigmaDeltaParams p;
    p.alpha_q = static_cast<int32_t>(dice.range(1, 4096));
    p.vth = static_cast<int32_t>(dice.range(0, (1 << 23) - 1));
    // At least 7, so that every weight_exp in [-7, 7] aligns exactly.
    p.sigma_frac_bits = static_cast<int32_t>(dice.range(7, 24));
    spike_kind = SpikeKind::Graded;
    return p;
  }
  default:
    spike_kind = SpikeKind::Binary;
    return LinearParams{static_cast<int32_t>(dice.range(7, 24))};
  }
}

/// Up to `max_targets` packet targets on distinct cores that have input axons.
inline std::vector<AxonTarget> random_targets(Dice& dice, const std::vector<Core>& cores,
                                              int max_targets) {
  std::vector<AxonTarget> row;
  std::set<uint32_t> used;
  const int64_t wanted = dice.range(0, max_targets);
  for (int64_t k = 0; k < wanted; ++k) {
    const auto core = static_cast<uint32_t>(dice.range(0, static_cast<int64_t>(cores.size()) - 1));
    const uint32_t axons = cores[core].in_axon_count();
    if (axons == 0 || !used.insert(core).second)
      continue;
    row.push_back({core, static_cast<uint32_t>(dice.range(0, axons - 1))});
  }
  return row;
}

/// A valid image on the mini target (sometimes with two chips or two cores per tile):
/// every model, gaps between groups and blocks, delays, routes and host I/O. `max_cores`
/// bounds its size.
inline Image random_image(uint64_t seed, int max_cores = 5) {
  Dice dice(seed);
  Image image;
  image.target = target::load_preset("mini");
  image.target.mesh.chips = dice.range(1, 2);
  image.target.mesh.cores_per_tile = dice.range(1, 2);
  const target::Mesh& mesh = image.target.mesh;

  image.metadata.network_name = "net" + std::to_string(seed);
  image.metadata.source_hash = "sha256:" + std::string(8, static_cast<char>('a' + seed % 6));
  image.metadata.compiler_version = "gyrus 0.1.0-test";
  image.metadata.strategy = dice.coin() ? "bimt-clusters" : "greedy";
  const int64_t population_count = dice.range(1, 3);
  std::vector<uint32_t> population_used(population_count, 0);

  std::vector<Coord> places;
  for (uint32_t chip = 0; chip < mesh.chips; ++chip)
    for (uint32_t y = 0; y < mesh.rows; ++y)
      for (uint32_t x = 0; x < mesh.cols; ++x)
        for (uint32_t slot = 0; slot < mesh.cores_per_tile; ++slot)
          places.push_back({chip, x, y, slot});
  for (size_t i = places.size() - 1; i > 0; --i)
    std::swap(places[i], places[static_cast<size_t>(dice.range(0, static_cast<int64_t>(i)))]);

  image.cores.resize(static_cast<size_t>(dice.range(1, max_cores)));
  for (size_t c = 0; c < image.cores.size(); ++c) {
    Core& core = image.cores[c];
    core.coord = places[c];
    uint32_t next = static_cast<uint32_t>(dice.range(0, 2));
    for (int64_t g = dice.range(0, 3); g > 0; --g) {
      CompartmentGroup group;
      group.first = next;
      group.params = random_params(dice, group.spike_kind);
      const int64_t bias_limit =
          std::holds_alternative<CubaLifParams>(group.params) ? (1 << 12) : (1 << 23);
      group.bias.resize(static_cast<size_t>(dice.range(1, 6)));
      for (int32_t& bias : group.bias)
        bias = static_cast<int32_t>(dice.range(-bias_limit, bias_limit - 1));
      group.population = static_cast<uint32_t>(dice.range(0, population_count - 1));
      group.population_offset =
          population_used[group.population] + static_cast<uint32_t>(dice.range(0, 1));
      population_used[group.population] = group.population_offset + group.count();
      next = group.end() + static_cast<uint32_t>(dice.range(0, 2));
      core.groups.push_back(std::move(group));
    }
    uint32_t next_axon = static_cast<uint32_t>(dice.range(0, 3));
    for (int64_t b = dice.range(0, 3); b > 0; --b) {
      SynapseBlock block;
      block.first_axon = next_axon;
      block.weight_exp = static_cast<int32_t>(dice.range(-7, 7));
      block.axons.resize(static_cast<size_t>(dice.range(1, 4)));
      for (auto& axon : block.axons)
        for (int64_t s = core.groups.empty() ? 0 : dice.range(0, 4); s > 0; --s) {
          const CompartmentGroup& group = core.groups[static_cast<size_t>(
              dice.range(0, static_cast<int64_t>(core.groups.size()) - 1))];
          axon.push_back({group.first + static_cast<uint32_t>(dice.range(0, group.count() - 1)),
                          static_cast<int32_t>(dice.range(-255, 255)),
                          static_cast<uint32_t>(dice.range(0, 63))});
        }
      next_axon = block.end_axon() + static_cast<uint32_t>(dice.range(0, 2));
      core.synapses.push_back(std::move(block));
    }
  }
  for (Core& core : image.cores) {
    core.axons.resize(core.compartment_count());
    for (uint32_t c = 0; c < core.compartment_count(); ++c) {
      const CompartmentGroup* group = core.group_of(c);
      if (group && !std::holds_alternative<LinearParams>(group->params))
        core.axons[c] = random_targets(dice, image.cores, 2);
    }
  }
  for (size_t p = 0; p < population_used.size(); ++p)
    image.metadata.populations.push_back(
        {"pop" + std::to_string(p),
         std::max<uint32_t>(population_used[p] + static_cast<uint32_t>(dice.range(0, 2)), 1)});

  // XY routes within the source's chip, then a link to the destination's chip.
  std::set<std::pair<uint32_t, uint32_t>> routed;
  for (int64_t r = dice.range(0, 3); r > 0; --r) {
    const auto last = static_cast<int64_t>(image.cores.size()) - 1;
    Route route{
        static_cast<uint32_t>(dice.range(0, last)), static_cast<uint32_t>(dice.range(0, last)), {}};
    if (!routed.insert({route.source, route.dest}).second)
      continue;
    const Coord& from = image.cores[route.source].coord;
    const Coord& to = image.cores[route.dest].coord;
    RouterCoord at{from.chip, from.x, from.y};
    route.path.push_back(at);
    while (at.x != to.x) {
      at.x = at.x < to.x ? at.x + 1 : at.x - 1;
      route.path.push_back(at);
    }
    while (at.y != to.y) {
      at.y = at.y < to.y ? at.y + 1 : at.y - 1;
      route.path.push_back(at);
    }
    if (at.chip != to.chip)
      route.path.push_back({to.chip, to.x, to.y});
    image.routes.push_back(std::move(route));
  }
  for (int64_t i = dice.range(0, 2); i > 0; --i) {
    InputMap input{"in" + std::to_string(i), {}};
    input.neurons.resize(static_cast<size_t>(dice.range(1, 4)));
    for (auto& neuron : input.neurons)
      neuron = random_targets(dice, image.cores, 3);
    image.inputs.push_back(std::move(input));
  }
  std::vector<CompartmentRef> compartments;
  for (uint32_t c = 0; c < image.cores.size(); ++c)
    for (const CompartmentGroup& group : image.cores[c].groups)
      for (uint32_t k = 0; k < group.count(); ++k)
        compartments.push_back({c, group.first + k});
  for (int64_t o = compartments.empty() ? 0 : dice.range(0, 2); o > 0; --o) {
    OutputMap output{"out" + std::to_string(o), {}};
    for (int64_t n = dice.range(1, 3); n > 0; --n)
      output.neurons.push_back(compartments[static_cast<size_t>(
          dice.range(0, static_cast<int64_t>(compartments.size()) - 1))]);
    image.outputs.push_back(std::move(output));
  }
  return image;
}

inline uint32_t get_u32(std::span<const uint8_t> bytes, size_t offset) {
  return uint32_t{bytes[offset]} | uint32_t{bytes[offset + 1]} << 8 |
         uint32_t{bytes[offset + 2]} << 16 | uint32_t{bytes[offset + 3]} << 24;
}

inline uint64_t get_u64(std::span<const uint8_t> bytes, size_t offset) {
  return uint64_t{get_u32(bytes, offset)} | uint64_t{get_u32(bytes, offset + 4)} << 32;
}

inline void put_u32(std::vector<uint8_t>& bytes, size_t offset, uint32_t value) {
  for (size_t i = 0; i < 4; ++i)
    bytes[offset + i] = static_cast<uint8_t>(value >> (8 * i));
}

/// The file offset of section `id`'s first byte, read from the section table.
inline size_t section_offset(std::span<const uint8_t> bytes, format::SectionId id) {
  const size_t index = static_cast<size_t>(id) - 1;
  return static_cast<size_t>(
      get_u64(bytes, format::kHeaderSize + index * format::kSectionEntrySize + 8));
}

/// Recomputes the header CRC, which covers the header and the section table.
inline void reseal_header(std::vector<uint8_t>& bytes) {
  const size_t table_end =
      format::kHeaderSize + format::kSectionOrder.size() * format::kSectionEntrySize;
  put_u32(bytes, format::kHeaderCrcOffset, 0);
  put_u32(bytes, format::kHeaderCrcOffset, crc32(std::span<const uint8_t>(bytes).first(table_end)));
}

/// Recomputes every section's CRC and then the header's, as the writer does, so that an
/// edited image passes the checksums and reaches the checks behind them. Sections keep
/// their offsets and sizes: edits must not change a section's length.
inline void reseal(std::vector<uint8_t>& bytes) {
  for (size_t i = 0; i < format::kSectionOrder.size(); ++i) {
    const size_t entry = format::kHeaderSize + i * format::kSectionEntrySize;
    const auto offset = static_cast<size_t>(get_u64(bytes, entry + 8));
    const auto size = static_cast<size_t>(get_u64(bytes, entry + 16));
    put_u32(bytes, entry + 4, crc32(std::span<const uint8_t>(bytes).subspan(offset, size)));
  }
  reseal_header(bytes);
}

} // namespace gyrus::image::testing
