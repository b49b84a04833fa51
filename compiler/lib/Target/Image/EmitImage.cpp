//===- EmitImage.cpp - chip.chip to deployment image ------------------------===//
//
// A straight copy of the chip's tables into runtime/image's structs: cores in the
// order of the body (image core i is the i-th chip.core; ids become indices), groups
// and synapse blocks sorted by their first compartment and axon, routes and host maps
// in IR order. Built with exceptions, since the image writer reports through them.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Target/Image/EmitImage.h"

#include "gyrus/Support/ElementsAccess.h"
#include "runtime/image/writer.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <exception>
#include <set>

using namespace mlir;

namespace gyrus {

llvm::StringRef compilerVersion() {
  return "gyrus " GYRUS_VERSION;
}

/// "cores=8 min_cores=0 seed=0 strategy=spatial" from a dictionary of options.
static std::string describe(DictionaryAttr options) {
  std::string text;
  for (NamedAttribute entry : options) {
    if (!text.empty())
      text += ' ';
    text += entry.getName().str() + "=";
    if (auto string = dyn_cast<StringAttr>(entry.getValue()))
      text += string.getValue().str();
    else if (auto integer = dyn_cast<IntegerAttr>(entry.getValue()))
      text += std::to_string(integer.getInt());
  }
  return text;
}

image::Metadata imageMetadata(chip::ChipOp chip) {
  image::Metadata metadata;
  metadata.network_name = chip.getSymName().str();
  if (auto hash = chip->getAttrOfType<StringAttr>("gyrus.source_hash"))
    metadata.source_hash = hash.str();
  metadata.compiler_version = compilerVersion().str();
  if (auto fracBits = chip->getAttrOfType<IntegerAttr>("gyrus.frac_bits"))
    metadata.frac_bits = static_cast<uint32_t>(fracBits.getInt());
  for (StringRef stage : {"partition", "placement"})
    if (auto options = chip->getAttrOfType<DictionaryAttr>(("gyrus." + stage).str())) {
      if (!metadata.strategy.empty())
        metadata.strategy += "; ";
      metadata.strategy += stage.str() + ": " + describe(options);
    }
  return metadata;
}

namespace {

class Emitter {
public:
  Emitter(chip::ChipOp chip, image::Image& image) : chip(chip), image(image) {}

  LogicalResult run();

private:
  chip::ChipOp chip;
  image::Image& image;
  llvm::DenseMap<int64_t, uint32_t> indexOfId;
  llvm::StringMap<uint32_t> populationIndex;

  LogicalResult emitCore(chip::CoreOp core, image::Core& out);
  LogicalResult emitGroup(chip::CompartmentsOp group, image::CompartmentGroup& out);
  LogicalResult emitSynapses(chip::SynapsesOp block, image::SynapseBlock& out);
  /// Rows of (core, axon) targets from a CSR fan-out table.
  LogicalResult readTargets(Operation* op, ElementsAttr indptr, ElementsAttr cores,
                            ElementsAttr axons, std::vector<std::vector<image::AxonTarget>>& rows);
  uint32_t population(StringRef name, uint64_t end) {
    auto [it, inserted] =
        populationIndex.try_emplace(name, static_cast<uint32_t>(image.metadata.populations.size()));
    if (inserted)
      image.metadata.populations.push_back({name.str(), 0});
    image::Population& population = image.metadata.populations[it->second];
    population.size = std::max<uint32_t>(population.size, static_cast<uint32_t>(end));
    return it->second;
  }
  InFlightDiagnostic unreadable(Operation* op) {
    return op->emitError() << "chip-emit-image: the values of an array are not available "
                              "(elided or missing resource blob)";
  }
};

std::vector<int64_t> orEmpty(std::optional<std::vector<int64_t>> values) {
  return values ? std::move(*values) : std::vector<int64_t>();
}

LogicalResult Emitter::run() {
  image.metadata.populations.clear();
  SmallVector<chip::CoreOp> cores(chip.getBody()->getOps<chip::CoreOp>());
  for (auto [index, core] : llvm::enumerate(cores))
    indexOfId[core.getId()] = static_cast<uint32_t>(index);
  // Host ports first, so that input populations come first among the populations.
  for (auto input : chip.getBody()->getOps<chip::InputOp>()) {
    population(input.getName(), input.getSize());
    image::InputMap& map = image.inputs.emplace_back();
    map.name = input.getName().str();
    if (failed(
            readTargets(input, input.getIndptr(), input.getCores(), input.getAxons(), map.neurons)))
      return failure();
  }
  image.cores.resize(cores.size());
  for (auto [core, out] : llvm::zip_equal(cores, image.cores))
    if (failed(emitCore(core, out)))
      return failure();
  // The host sends spikes to cuba_lif cores and graded payloads to the others.
  for (image::InputMap& map : image.inputs) {
    bool allLif = true, any = false;
    for (const auto& row : map.neurons)
      for (const image::AxonTarget& target : row)
        for (const image::CompartmentGroup& group : image.cores[target.core].groups) {
          any = true;
          allLif = allLif && std::holds_alternative<image::CubaLifParams>(group.params);
        }
    map.spike_kind = any && allLif ? image::SpikeKind::Binary : image::SpikeKind::Graded;
  }

  std::set<std::pair<uint32_t, uint32_t>> routed;
  for (auto route : chip.getBody()->getOps<chip::RouteOp>()) {
    image::Route& out = image.routes.emplace_back();
    out.source = indexOfId.at(route.getSource());
    out.dest = indexOfId.at(route.getDest());
    ArrayRef<int64_t> path = route.getPath();
    for (size_t k = 0; k + 2 < path.size(); k += 3)
      out.path.push_back({static_cast<uint32_t>(path[k]), static_cast<uint32_t>(path[k + 1]),
                          static_cast<uint32_t>(path[k + 2])});
    routed.insert({out.source, out.dest});
  }
  for (auto [index, core] : llvm::enumerate(image.cores))
    for (const auto& row : core.axons)
      for (const image::AxonTarget& target : row)
        if (target.core != index && !routed.count({static_cast<uint32_t>(index), target.core}))
          return cores[index].emitError()
                 << "chip-emit-image: core " << cores[index].getId() << " sends to core "
                 << cores[target.core].getId() << " but the chip has no route between them; "
                 << "run chip-route first";

  for (auto output : chip.getBody()->getOps<chip::OutputOp>()) {
    image::OutputMap& map = image.outputs.emplace_back();
    map.name = output.getName().str();
    std::vector<int64_t> coreIds = orEmpty(readIntegers(output.getCores()));
    std::vector<int64_t> compartments = orEmpty(readIntegers(output.getCompartments()));
    if (coreIds.size() != output.getSize() || compartments.size() != output.getSize())
      return unreadable(output);
    for (auto [id, compartment] : llvm::zip_equal(coreIds, compartments))
      map.neurons.push_back({indexOfId.at(id), static_cast<uint32_t>(compartment)});
  }
  return success();
}

LogicalResult Emitter::emitCore(chip::CoreOp core, image::Core& out) {
  std::optional<chip::CoordAttr> coord = core.getCoord();
  if (!coord)
    return core.emitError() << "chip-emit-image: core " << core.getId()
                            << " is not placed; run chip-place first";
  out.coord = {static_cast<uint32_t>(coord->getChip()), static_cast<uint32_t>(coord->getX()),
               static_cast<uint32_t>(coord->getY()), static_cast<uint32_t>(coord->getCore())};
  SmallVector<chip::CompartmentsOp> groups(core.getBody()->getOps<chip::CompartmentsOp>());
  llvm::sort(groups, [](auto a, auto b) { return a.getFirst() < b.getFirst(); });
  for (chip::CompartmentsOp group : groups)
    if (failed(emitGroup(group, out.groups.emplace_back())))
      return failure();
  SmallVector<chip::SynapsesOp> blocks(core.getBody()->getOps<chip::SynapsesOp>());
  llvm::sort(blocks, [](auto a, auto b) { return a.getFirstAxon() < b.getFirstAxon(); });
  for (chip::SynapsesOp block : blocks)
    if (failed(emitSynapses(block, out.synapses.emplace_back())))
      return failure();
  for (auto table : core.getBody()->getOps<chip::AxonsOp>())
    if (failed(
            readTargets(table, table.getIndptr(), table.getCores(), table.getAxons(), out.axons)))
      return failure();
  out.axons.resize(core.getNumCompartments()); // a core without a table sends nothing
  return success();
}

LogicalResult Emitter::emitGroup(chip::CompartmentsOp group, image::CompartmentGroup& out) {
  DictionaryAttr params = group.getParams();
  auto scalar = [&](StringRef name, int64_t fallback) -> int32_t {
    auto value = params.getAs<IntegerAttr>(name);
    return static_cast<int32_t>(value ? value.getInt() : fallback);
  };
  StringRef biasName = "bias";
  switch (group.getModel()) {
  case snn::NeuronModel::CubaLif: {
    image::CubaLifParams lif{scalar("du", 0), scalar("dv", 0), std::nullopt, scalar("bias_exp", 0),
                             scalar("refractory", 0)};
    if (params.get("vth_mant"))
      lif.vth_mant = scalar("vth_mant", 0);
    out.params = lif;
    out.spike_kind = image::SpikeKind::Binary;
    biasName = "bias_mant";
    break;
  }
  case snn::NeuronModel::SigmaDelta:
    out.params = image::SigmaDeltaParams{scalar("vth", 0), scalar("state_exp", 0),
                                         image::SigmaDeltaActivation::Relu};
    out.spike_kind = image::SpikeKind::Graded;
    break;
  case snn::NeuronModel::LeakySigmaDelta:
    out.params = image::LeakySigmaDeltaParams{scalar("alpha_q", 4096), scalar("vth", 0),
                                              scalar("sigma_frac_bits", 0)};
    out.spike_kind = image::SpikeKind::Graded;
    break;
  case snn::NeuronModel::Linear:
    out.params = image::LinearParams{scalar("sigma_frac_bits", 0)};
    out.spike_kind = image::SpikeKind::Binary; // sends nothing; the format's neutral value
    break;
  case snn::NeuronModel::Input:
    return group.emitError() << "chip-emit-image: an input group cannot be on a core";
  }
  out.first = static_cast<uint32_t>(group.getFirst());
  out.bias.assign(group.getCount(), 0);
  if (auto uniform = params.getAs<IntegerAttr>(biasName)) {
    out.bias.assign(group.getCount(), static_cast<int32_t>(uniform.getInt()));
  } else if (auto array = params.getAs<ElementsAttr>(biasName)) {
    std::vector<int64_t> values = orEmpty(readIntegers(array));
    if (values.size() != group.getCount())
      return unreadable(group);
    out.bias.assign(values.begin(), values.end());
  }
  out.population = population(group.getPopulation(), group.getOffset() + group.getCount());
  out.population_offset = static_cast<uint32_t>(group.getOffset());
  return success();
}

LogicalResult Emitter::emitSynapses(chip::SynapsesOp block, image::SynapseBlock& out) {
  std::vector<int64_t> indptr = orEmpty(readIntegers(block.getIndptr()));
  std::vector<int64_t> compartments = orEmpty(readIntegers(block.getCompartments()));
  std::vector<int64_t> weights = orEmpty(readIntegers(block.getWeights()));
  std::vector<int64_t> delays;
  if (std::optional<ElementsAttr> attr = block.getDelays())
    delays = orEmpty(readIntegers(*attr));
  int64_t synapses = block.getWeights().getNumElements();
  if (static_cast<int64_t>(indptr.size()) != static_cast<int64_t>(block.getNumAxons()) + 1 ||
      static_cast<int64_t>(weights.size()) != synapses ||
      static_cast<int64_t>(compartments.size()) != synapses ||
      (block.getDelays() && static_cast<int64_t>(delays.size()) != synapses))
    return unreadable(block);
  out.first_axon = static_cast<uint32_t>(block.getFirstAxon());
  out.weight_exp = block.getWeightExp();
  out.axons.resize(block.getNumAxons());
  for (size_t a = 0; a < out.axons.size(); ++a)
    for (int64_t k = indptr[a]; k < indptr[a + 1]; ++k)
      out.axons[a].push_back({static_cast<uint32_t>(compartments[k]),
                              static_cast<int32_t>(weights[k]),
                              static_cast<uint32_t>(delays.empty() ? 0 : delays[k])});
  return success();
}

LogicalResult Emitter::readTargets(Operation* op, ElementsAttr indptrAttr, ElementsAttr coresAttr,
                                   ElementsAttr axonsAttr,
                                   std::vector<std::vector<image::AxonTarget>>& rows) {
  std::optional<std::vector<int64_t>> indptr = readIntegers(indptrAttr);
  std::optional<std::vector<int64_t>> coreIds = readIntegers(coresAttr);
  std::optional<std::vector<int64_t>> axons = readIntegers(axonsAttr);
  if (!indptr || !coreIds || !axons)
    return unreadable(op);
  rows.resize(indptr->size() - 1);
  for (size_t row = 0; row + 1 < indptr->size(); ++row)
    for (int64_t k = (*indptr)[row]; k < (*indptr)[row + 1]; ++k)
      rows[row].push_back({indexOfId.at((*coreIds)[k]), static_cast<uint32_t>((*axons)[k])});
  return success();
}

} // namespace

FailureOr<image::Image> emitImage(chip::ChipOp chip, const target::TargetDescription& target,
                                  image::Metadata metadata) {
  chip::MeshAttr mesh = chip.getMesh();
  chip::CoreLimitsAttr limits = chip.getLimits();
  const target::CoreLimits& core = target.core;
  if (target.name != chip.getTarget() || target.mesh.cols != mesh.getCols() ||
      target.mesh.rows != mesh.getRows() || target.mesh.cores_per_tile != mesh.getCoresPerTile() ||
      target.mesh.chips != mesh.getChips() || core.compartments != limits.getCompartments() ||
      core.in_axons != limits.getInAxons() || core.out_axons != limits.getOutAxons() ||
      core.synapse_bits != limits.getSynapseBits() || core.weight_bits != limits.getWeightBits() ||
      core.delay_bits != limits.getDelayBits())
    return chip.emitError() << "chip-emit-image: chip @" << chip.getSymName()
                            << " was compiled for target '" << chip.getTarget()
                            << "', whose mesh or core limits differ from target '" << target.name
                            << "'";
  image::Image image;
  image.target = target;
  image.metadata = std::move(metadata);
  if (failed(Emitter(chip, image).run()))
    return failure();
  return image;
}

FailureOr<std::vector<uint8_t>> serializeImage(Operation* op, const image::Image& image) {
  try {
    return image::serialize(image);
  } catch (const std::exception& e) {
    return op->emitError() << "chip-emit-image: " << e.what();
  }
}

LogicalResult writeImageFile(Operation* op, const image::Image& image, llvm::StringRef path) {
  try {
    image::write_image(path.str(), image);
    return success();
  } catch (const std::exception& e) {
    return op->emitError() << "chip-emit-image: " << e.what();
  }
}

} // namespace gyrus
