#include "runtime/image/validate.h"

#include "runtime/image/error_context.h"
#include "runtime/image/format.h"
#include "runtime/image/usage.h"
#include "targets/synapse_encoding.h"

#include <algorithm>
#include <limits>
#include <set>
#include <string>
#include <tuple>
#include <utility>

namespace gyrus::image {
namespace {

using format::SectionId;

constexpr int64_t kStateMax = (int64_t{1} << 23) - 1; // 24-bit signed state
constexpr int64_t kStateMin = -(int64_t{1} << 23);
constexpr int64_t kCount32 = std::numeric_limits<uint32_t>::max();
/// snn-quantize's range of F: graded state is 24-bit, so 2^-23 is the finest unit.
constexpr uint32_t kMaxFracBits = 23;

ErrorContext section(std::string_view origin, SectionId id) {
  return ErrorContext(origin, "section '" + std::string(format::section_name(id)) + "'");
}

/// A container's size must fit the format's u32 counts.
void check_count(const ErrorContext& context, std::string_view field, size_t size) {
  if (size > static_cast<size_t>(kCount32))
    context.fail(std::string(field) + " = " + std::to_string(size) + " does not fit 32 bits");
}

void check_name(const ErrorContext& context, std::string_view field, const std::string& name) {
  check_count(context, field, name.size());
  if (name.empty())
    context.fail(std::string(field) + " is empty");
}

class Validator {
public:
  Validator(const Image& image, std::string_view origin) : image_(image), origin_(origin) {}

  void run() {
    check_chip();
    check_metadata();
    check_cores();
    check_synapses();
    check_axons();
    check_routes();
    check_inputs();
    check_outputs();
  }

private:
  const target::TargetDescription& target() const { return image_.target; }

  // The description must be one parse_target_description accepts and reads back equal,
  // so that the chip section is its canonical text and the header hash identifies it.
  void check_chip() {
    ErrorContext context = section(origin_, SectionId::Chip);
    try {
      const target::TargetDescription reread =
          target::parse_target_description(canonical_target_json(target()), origin_);
      if (!(reread == target()))
        context.fail("the target description does not read back equal to itself");
    } catch (const target::TargetError& error) {
      context.fail(std::string("invalid target description: ") + error.what());
    }
    if (target().name.size() > format::kTargetNameSize)
      context.fail("target name '" + target().name + "' is longer than " +
                   std::to_string(format::kTargetNameSize) + " bytes");
  }

  void check_metadata() {
    ErrorContext context = section(origin_, SectionId::Metadata);
    const Metadata& metadata = image_.metadata;
    for (const std::string* text : {&metadata.network_name, &metadata.source_hash,
                                    &metadata.compiler_version, &metadata.strategy})
      check_count(context, "text", text->size());
    if (metadata.frac_bits > kMaxFracBits)
      context.fail("frac_bits = " + std::to_string(metadata.frac_bits) + " is outside [0, " +
                   std::to_string(kMaxFracBits) + "]");
    check_count(context, "population_count", metadata.populations.size());
    std::set<std::string_view> names;
    for (size_t p = 0; p < metadata.populations.size(); ++p) {
      auto scope = context.enter("population", p);
      const Population& population = metadata.populations[p];
      check_name(context, "name", population.name);
      if (!names.insert(population.name).second)
        context.fail("name '" + population.name + "' appears twice");
      if (population.size == 0)
        context.fail("size is 0");
    }
  }

  void check_cores() {
    ErrorContext context = section(origin_, SectionId::Cores);
    const target::Mesh& mesh = target().mesh;
    if (static_cast<int64_t>(image_.cores.size()) > mesh.cores())
      context.fail("core_count = " + std::to_string(image_.cores.size()) + " exceeds the mesh's " +
                   std::to_string(mesh.cores()) + " cores");
    std::set<std::tuple<uint32_t, uint32_t, uint32_t, uint32_t>> places;
    // (population, offset, end) of every group, to find neurons mapped twice.
    std::vector<std::tuple<uint32_t, uint64_t, uint64_t>> population_ranges;
    for (size_t c = 0; c < image_.cores.size(); ++c) {
      auto scope = context.enter("core", c);
      const Core& core = image_.cores[c];
      const Coord& coord = core.coord;
      context.check_range("chip", coord.chip, 0, mesh.chips - 1);
      context.check_range("x", coord.x, 0, mesh.cols - 1);
      context.check_range("y", coord.y, 0, mesh.rows - 1);
      context.check_range("slot", coord.core, 0, mesh.cores_per_tile - 1);
      if (!places.insert({coord.chip, coord.x, coord.y, coord.core}).second)
        context.fail("its coordinate is taken by an earlier core");
      check_count(context, "group_count", core.groups.size());
      uint64_t previous_end = 0;
      for (size_t g = 0; g < core.groups.size(); ++g) {
        auto group_scope = context.enter("group", g);
        const CompartmentGroup& group = core.groups[g];
        const uint64_t end = uint64_t{group.first} + group.bias.size();
        if (group.bias.empty())
          context.fail("count is 0");
        if (group.first < previous_end)
          context.fail("first = " + std::to_string(group.first) +
                       " overlaps or precedes the previous group, which ends at " +
                       std::to_string(previous_end));
        if (end > static_cast<uint64_t>(std::min(target().core.compartments, kCount32)))
          context.fail("compartments [" + std::to_string(group.first) + ", " + std::to_string(end) +
                       ") exceed the core's " + std::to_string(target().core.compartments) +
                       " compartments");
        previous_end = end;
        check_group(context, group);
        population_ranges.emplace_back(group.population, group.population_offset,
                                       group.population_offset + group.bias.size());
      }
    }
    std::sort(population_ranges.begin(), population_ranges.end());
    for (size_t i = 1; i < population_ranges.size(); ++i) {
      const auto& [population, offset, end] = population_ranges[i];
      const auto& [previous_population, previous_offset, previous_end] = population_ranges[i - 1];
      if (population == previous_population && offset < previous_end)
        context.fail("population '" + image_.metadata.populations[population].name + "': neuron " +
                     std::to_string(offset) + " is held by two compartment groups");
    }
  }

  void check_group(const ErrorContext& context, const CompartmentGroup& group) {
    const std::string_view model = neuron_model_name(group.params);
    if (!target().core.supports(model))
      context.fail("model " + std::string(model) + " is not one target '" + target().name +
                   "' runs");
    int64_t bias_min = kStateMin;
    int64_t bias_max = kStateMax;
    SpikeKind spike_kind = SpikeKind::Graded;
    if (const auto* lif = std::get_if<CubaLifParams>(&group.params)) {
      context.check_range("du", lif->du, 0, 4095);
      context.check_range("dv", lif->dv, 0, 4095);
      if (lif->vth_mant)
        context.check_range("vth_mant", *lif->vth_mant, 0, (1 << 17) - 1);
      context.check_range("bias_exp", lif->bias_exp, 0, 7);
      context.check_range("refractory", lif->refractory, 0, 63);
      bias_min = -(1 << 12);
      bias_max = (1 << 12) - 1;
      spike_kind = SpikeKind::Binary;
    } else if (const auto* sd = std::get_if<SigmaDeltaParams>(&group.params)) {
      context.check_range("vth", sd->vth, 0, kStateMax);
      context.check_range("state_exp", sd->state_exp, 0, 7);
      context.check_range("activation", static_cast<int64_t>(sd->activation), 0, 1);
    } else if (const auto* leaky = std::get_if<LeakySigmaDeltaParams>(&group.params)) {
      context.check_range("alpha_q", leaky->alpha_q, 1, 4096);
      context.check_range("vth", leaky->vth, 0, kStateMax);
      context.check_range("sigma_frac_bits", leaky->sigma_frac_bits, 0, 24);
    } else {
      context.check_range("sigma_frac_bits", std::get<LinearParams>(group.params).sigma_frac_bits,
                          0, 24);
      spike_kind = SpikeKind::Binary; // linear sends nothing; Binary is the neutral value
    }
    if (group.spike_kind != spike_kind)
      context.fail("spike_kind = " + std::to_string(static_cast<int>(group.spike_kind)) +
                   " but model " + std::string(model) + " needs " +
                   std::to_string(static_cast<int>(spike_kind)) + " (0 binary, 1 graded)");
    for (size_t i = 0; i < group.bias.size(); ++i)
      context.check_range("bias[" + std::to_string(i) + "]", group.bias[i], bias_min, bias_max);
    const auto& populations = image_.metadata.populations;
    if (group.population >= populations.size())
      context.fail("population = " + std::to_string(group.population) +
                   " is not an index of the metadata's " + std::to_string(populations.size()) +
                   " populations");
    const Population& population = populations[group.population];
    const uint64_t end = uint64_t{group.population_offset} + group.bias.size();
    if (end > population.size)
      context.fail("neurons [" + std::to_string(group.population_offset) + ", " +
                   std::to_string(end) + ") exceed population '" + population.name + "' of " +
                   std::to_string(population.size));
  }

  void check_synapses() {
    ErrorContext context = section(origin_, SectionId::Synapses);
    const target::CoreLimits& limits = target().core;
    const int64_t max_weight = (int64_t{1} << limits.weight_bits) - 1;
    const int64_t max_delay = (int64_t{1} << limits.delay_bits) - 1;
    for (size_t c = 0; c < image_.cores.size(); ++c) {
      auto scope = context.enter("core", c);
      const Core& core = image_.cores[c];
      check_count(context, "block_count", core.synapses.size());
      uint64_t previous_end = 0;
      int64_t memory_bits = 0;
      for (size_t b = 0; b < core.synapses.size(); ++b) {
        auto block_scope = context.enter("block", b);
        const SynapseBlock& block = core.synapses[b];
        const uint64_t end = uint64_t{block.first_axon} + block.axons.size();
        if (block.axons.empty())
          context.fail("num_axons is 0");
        if (block.first_axon < previous_end)
          context.fail("first_axon = " + std::to_string(block.first_axon) +
                       " overlaps or precedes the previous block, which ends at " +
                       std::to_string(previous_end));
        if (end > static_cast<uint64_t>(std::min(limits.in_axons, kCount32)))
          context.fail("input axons [" + std::to_string(block.first_axon) + ", " +
                       std::to_string(end) + ") exceed the core's " +
                       std::to_string(limits.in_axons) + " input axons");
        previous_end = end;
        context.check_range("weight_exp", block.weight_exp, -24, 7);
        uint64_t synapse_count = 0;
        for (size_t a = 0; a < block.axons.size(); ++a) {
          auto axon_scope = context.enter("axon", a);
          synapse_count += block.axons[a].size();
          for (size_t s = 0; s < block.axons[a].size(); ++s) {
            auto synapse_scope = context.enter("synapse", s);
            check_synapse(context, core, block, block.axons[a][s], max_weight, max_delay);
          }
        }
        check_count(context, "synapse_count", synapse_count);
        memory_bits += synapse_memory_bits(block, limits);
      }
      if (memory_bits > limits.synapse_bits)
        context.fail("synapse memory of " + std::to_string(memory_bits) +
                     " bits exceeds the core's " + std::to_string(limits.synapse_bits) + " bits");
    }
  }

  void check_synapse(const ErrorContext& context, const Core& core, const SynapseBlock& block,
                     const Synapse& synapse, int64_t max_weight, int64_t max_delay) {
    const CompartmentGroup* group = core.group_of(synapse.compartment);
    if (!group)
      context.fail("compartment = " + std::to_string(synapse.compartment) +
                   " is in no compartment group of the core");
    context.check_range("weight", synapse.weight, -max_weight, max_weight);
    context.check_range("delay", synapse.delay, 0, max_delay);
    if (std::holds_alternative<CubaLifParams>(group->params))
      context.check_range("weight_exp (onto cuba_lif)", block.weight_exp, -7, 7);
    int32_t sigma_frac_bits = -1;
    if (const auto* leaky = std::get_if<LeakySigmaDeltaParams>(&group->params))
      sigma_frac_bits = leaky->sigma_frac_bits;
    if (const auto* linear = std::get_if<LinearParams>(&group->params))
      sigma_frac_bits = linear->sigma_frac_bits;
    if (sigma_frac_bits >= 0 && block.weight_exp + sigma_frac_bits < 0)
      context.fail("weight_exp = " + std::to_string(block.weight_exp) +
                   " is below -sigma_frac_bits = " + std::to_string(-sigma_frac_bits) +
                   " of compartment " + std::to_string(synapse.compartment) +
                   ", whose sigma could not hold the input exactly");
  }

  /// One row of packet targets: existing cores and input axons, each core at most once.
  void check_targets(const ErrorContext& context, const std::vector<AxonTarget>& row) {
    std::set<uint32_t> cores;
    for (size_t k = 0; k < row.size(); ++k) {
      const AxonTarget& target = row[k];
      const std::string entry = "target " + std::to_string(k);
      if (target.core >= image_.cores.size())
        context.fail(entry + ": core = " + std::to_string(target.core) + " but the image has " +
                     std::to_string(image_.cores.size()) + " cores");
      const uint32_t in_axons = image_.cores[target.core].in_axon_count();
      if (target.axon >= in_axons)
        context.fail(entry + ": axon = " + std::to_string(target.axon) + " but core " +
                     std::to_string(target.core) + " has " + std::to_string(in_axons) +
                     " input axons");
      if (!cores.insert(target.core).second)
        context.fail(entry + ": core " + std::to_string(target.core) +
                     " appears twice (one packet per destination core)");
    }
  }

  void check_axons() {
    ErrorContext context = section(origin_, SectionId::Axons);
    for (size_t c = 0; c < image_.cores.size(); ++c) {
      auto scope = context.enter("core", c);
      const Core& core = image_.cores[c];
      if (core.axons.size() != core.compartment_count())
        context.fail("row_count = " + std::to_string(core.axons.size()) + " but the core has " +
                     std::to_string(core.compartment_count()) + " compartments");
      uint64_t entries = 0;
      for (size_t r = 0; r < core.axons.size(); ++r) {
        auto row_scope = context.enter("compartment", r);
        const std::vector<AxonTarget>& row = core.axons[r];
        entries += row.size();
        if (row.empty())
          continue;
        const CompartmentGroup* group = core.group_of(static_cast<uint32_t>(r));
        if (!group)
          context.fail("the compartment is in no group but has targets");
        if (std::holds_alternative<LinearParams>(group->params))
          context.fail("a linear compartment sends nothing but has targets");
        check_targets(context, row);
      }
      check_count(context, "entry_count", entries);
      if (entries > static_cast<uint64_t>(target().core.out_axons))
        context.fail(std::to_string(entries) + " output axons exceed the core's " +
                     std::to_string(target().core.out_axons));
    }
  }

  RouterCoord router_of(uint32_t core) const {
    const Coord& coord = image_.cores[core].coord;
    return {coord.chip, coord.x, coord.y};
  }

  void check_routes() {
    ErrorContext context = section(origin_, SectionId::Routes);
    const target::Mesh& mesh = target().mesh;
    check_count(context, "route_count", image_.routes.size());
    std::set<std::pair<uint32_t, uint32_t>> pairs;
    for (size_t r = 0; r < image_.routes.size(); ++r) {
      auto scope = context.enter("route", r);
      const Route& route = image_.routes[r];
      const int64_t cores = static_cast<int64_t>(image_.cores.size());
      context.check_range("source", route.source, 0, cores - 1);
      context.check_range("dest", route.dest, 0, cores - 1);
      if (!pairs.insert({route.source, route.dest}).second)
        context.fail("a route from core " + std::to_string(route.source) + " to core " +
                     std::to_string(route.dest) + " appears twice");
      if (route.path.empty())
        context.fail("the path is empty");
      check_count(context, "hop_count", route.path.size());
      for (size_t h = 0; h < route.path.size(); ++h) {
        auto hop_scope = context.enter("router", h);
        const RouterCoord& router = route.path[h];
        context.check_range("chip", router.chip, 0, mesh.chips - 1);
        context.check_range("x", router.x, 0, mesh.cols - 1);
        context.check_range("y", router.y, 0, mesh.rows - 1);
        if (h == 0)
          continue;
        const RouterCoord& previous = route.path[h - 1];
        const int64_t distance =
            std::abs(int64_t{router.x} - previous.x) + std::abs(int64_t{router.y} - previous.y);
        if (router.chip == previous.chip && distance != 1)
          context.fail("not a neighbour of the previous router (distance " +
                       std::to_string(distance) + ")");
      }
      if (!(route.path.front() == router_of(route.source)))
        context.fail("the path does not start at core " + std::to_string(route.source) +
                     "'s router");
      if (!(route.path.back() == router_of(route.dest)))
        context.fail("the path does not end at core " + std::to_string(route.dest) + "'s router");
    }
  }

  void check_inputs() {
    ErrorContext context = section(origin_, SectionId::Inputs);
    check_count(context, "input_count", image_.inputs.size());
    std::set<std::string_view> names;
    for (size_t i = 0; i < image_.inputs.size(); ++i) {
      auto scope = context.enter("input", i);
      const InputMap& input = image_.inputs[i];
      check_name(context, "name", input.name);
      if (!names.insert(input.name).second)
        context.fail("name '" + input.name + "' appears twice");
      if (input.neurons.empty())
        context.fail("neuron_count is 0");
      check_count(context, "neuron_count", input.neurons.size());
      uint64_t entries = 0;
      for (size_t n = 0; n < input.neurons.size(); ++n) {
        auto neuron_scope = context.enter("neuron", n);
        entries += input.neurons[n].size();
        check_targets(context, input.neurons[n]);
      }
      check_count(context, "entry_count", entries);
    }
  }

  void check_outputs() {
    ErrorContext context = section(origin_, SectionId::Outputs);
    check_count(context, "output_count", image_.outputs.size());
    std::set<std::string_view> names;
    for (size_t o = 0; o < image_.outputs.size(); ++o) {
      auto scope = context.enter("output", o);
      const OutputMap& output = image_.outputs[o];
      check_name(context, "name", output.name);
      if (!names.insert(output.name).second)
        context.fail("name '" + output.name + "' appears twice");
      if (output.neurons.empty())
        context.fail("neuron_count is 0");
      check_count(context, "neuron_count", output.neurons.size());
      for (size_t n = 0; n < output.neurons.size(); ++n) {
        auto neuron_scope = context.enter("neuron", n);
        const CompartmentRef& neuron = output.neurons[n];
        context.check_range("core", neuron.core, 0, static_cast<int64_t>(image_.cores.size()) - 1);
        if (!image_.cores[neuron.core].group_of(neuron.compartment))
          context.fail("compartment = " + std::to_string(neuron.compartment) +
                       " is in no compartment group of core " + std::to_string(neuron.core));
      }
    }
  }

  const Image& image_;
  std::string_view origin_;
};

} // namespace

void validate_image(const Image& image, std::string_view origin) {
  Validator(image, origin).run();
}

} // namespace gyrus::image
