//===- SNNToChip.cpp - the convert-snn-to-chip pass -------------------------===//
//
// Lays a partitioned, quantized network out in the hardware's tables. Every on-chip
// neuron becomes a compartment of its core (in population, then neuron order, so that
// runs of consecutive neurons form compartment groups). Every (source neuron,
// destination core) pair with a synapse becomes one input axon of that core, as the
// mapping library counts them: a spike travels once to each destination core, whose
// synapse memory fans it out. A core's axons are grouped in one synapse block per
// source population (one weight_exp each), axons by source neuron, synapses by
// compartment.
//
// The snn.network is replaced, not kept: the chip holds everything the later stages
// and the image need (groups name their population and offset, the I/O maps name the
// host ports), and the network's attributes move onto it.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Conversion/SNNToChip/Arrays.h"
#include "gyrus/Conversion/SNNToChip/NetworkReading.h"
#include "gyrus/Dialect/Chip/ChipOps.h"
#include "gyrus/Dialect/SNN/NeuronModels.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Transforms/Passes.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/STLExtras.h"

#include <algorithm>
#include <map>
#include <tuple>
#include <vector>

namespace gyrus {
#define GEN_PASS_DEF_CONVERTSNNTOCHIP
#include "gyrus/Transforms/Passes.h.inc"
} // namespace gyrus

using namespace mlir;
using namespace gyrus;
using namespace gyrus::snn;

namespace {

/// What the conversion knows about one population.
struct Population {
  mutable PopulationOp op; // an op handle: its methods are not const
  bool isInput = false;
  std::vector<int64_t> core;        ///< per neuron; empty for inputs
  std::vector<int64_t> compartment; ///< per neuron, within its core
  std::vector<std::array<float, 2>> positions;
};

/// One synapse, keyed for sorting into the chip's order.
struct Synapse {
  int64_t core;        ///< destination core
  int32_t source;      ///< source population
  int32_t neuron;      ///< source neuron within it
  int64_t compartment; ///< destination compartment
  int32_t projection;  ///< IR order, to keep parallel projections in order
  int64_t weight;
  int32_t delay;
  auto key() const { return std::tie(core, source, neuron, compartment, projection); }
};

/// A packet destination: input axon `axon` of core `core`.
struct Destination {
  int64_t core, axon;
};

class Converter {
public:
  Converter(NetworkOp network, const target::TargetDescription& target)
      : network(network), target(target), context(network.getContext()), builder(context) {}

  LogicalResult run();

private:
  NetworkOp network;
  const target::TargetDescription& target;
  MLIRContext* context;
  OpBuilder builder;

  std::vector<Population> populations;
  llvm::DenseMap<StringAttr, int32_t> indexOf;
  int64_t numCores = 0;
  /// Per core, its (population, neuron) in compartment order.
  std::vector<std::vector<std::pair<int32_t, int32_t>>> residents;
  std::vector<Synapse> synapses;
  /// Per core and source population, the block's weight_exp and a projection of it.
  std::map<std::pair<int64_t, int32_t>, std::pair<int32_t, ProjectionOp>> blockExp;
  /// Per population and neuron, where its spikes go.
  std::vector<std::vector<std::vector<Destination>>> fanout;

  InFlightDiagnostic fail(Operation* op) { return op->emitError() << "convert-snn-to-chip: "; }
  LogicalResult readPopulations();
  LogicalResult readProjections();
  chip::ChipOp createChip();
  void createCore(chip::ChipOp chip, int64_t core);
  void createGroups(int64_t core);
  void createSynapses(int64_t core, ArrayRef<Synapse> incoming);
  void createAxonTable(int64_t core);
  void createHostMaps();
  std::string blobName(int64_t core, StringRef what) {
    return (network.getSymName() + "_c" + std::to_string(core) + "_" + what).str();
  }
};

LogicalResult Converter::readPopulations() {
  auto partition = network->getAttrOfType<DictionaryAttr>("gyrus.partition");
  auto cores = partition ? partition.getAs<IntegerAttr>("cores") : IntegerAttr();
  if (!cores)
    return fail(network) << "network @" << network.getSymName()
                         << " is not partitioned (no gyrus.partition); run snn-partition first";
  if (auto name = partition.getAs<StringAttr>("target"); name && name.getValue() != target.name)
    return fail(network) << "network @" << network.getSymName() << " was partitioned for target '"
                         << name.getValue() << "', not '" << target.name << "'";
  numCores = cores.getInt();
  residents.resize(numCores);
  for (PopulationOp op : network.getBody()->getOps<PopulationOp>()) {
    Population& population = populations.emplace_back();
    population.op = op;
    population.isInput = op.getModel() == NeuronModel::Input;
    indexOf[op.getSymNameAttr()] = static_cast<int32_t>(populations.size() - 1);
    fanout.emplace_back(op.getSize());
    if (population.isInput)
      continue;
    if (!op.getFixedParams())
      return fail(op) << "population @" << op.getSymName()
                      << " is not quantized (no fixed_params); run snn-quantize first";
    auto coreAttr = op->getAttrOfType<ElementsAttr>("gyrus.cores");
    std::optional<std::vector<int64_t>> coreOf = coreAttr ? readIntegers(coreAttr) : std::nullopt;
    if (!coreOf || static_cast<int64_t>(coreOf->size()) != static_cast<int64_t>(op.getSize()))
      return fail(op) << "population @" << op.getSymName()
                      << " has no readable gyrus.cores of one core per neuron";
    for (NamedAttribute param : op.getFixedParamsAttr())
      if (auto array = dyn_cast<ElementsAttr>(param.getValue()); array && !hasReadableValues(array))
        return fail(op) << "population @" << op.getSymName() << ": the values of fixed_params."
                        << param.getName().getValue() << " are not available";
    FailureOr<std::vector<std::array<float, 2>>> positions = readPositions(op);
    if (failed(positions))
      return failure();
    population.positions = std::move(*positions);
    population.core = std::move(*coreOf);
    population.compartment.resize(op.getSize());
    int32_t self = static_cast<int32_t>(populations.size() - 1);
    for (int32_t n = 0; n < static_cast<int32_t>(op.getSize()); ++n) {
      int64_t core = population.core[n];
      if (core < 0 || core >= numCores)
        return fail(op) << "population @" << op.getSymName() << ": neuron " << n << " is on core "
                        << core << ", not one of the " << numCores << " cores";
      population.compartment[n] = static_cast<int64_t>(residents[core].size());
      residents[core].push_back({self, n});
    }
  }
  return success();
}

LogicalResult Converter::readProjections() {
  int32_t index = 0;
  for (ProjectionOp op : network.getBody()->getOps<ProjectionOp>()) {
    int32_t source = indexOf.lookup(op.getSourceAttr().getAttr());
    const Population& from = populations[source];
    const Population& to = populations[indexOf.lookup(op.getTargetAttr().getAttr())];
    if (!op.isQuantized())
      return fail(op) << "projection @" << op.getSymName()
                      << " has float weights; run snn-quantize first";
    if (from.op.getModel() == NeuronModel::Linear)
      return fail(op) << "projection @" << op.getSymName() << " leaves @" << from.op.getSymName()
                      << ", a linear readout, which sends nothing on the chip";
    FailureOr<ProjectionSynapses> read =
        readProjectionSynapses(op, from.op.getSize(), to.op.getSize());
    if (failed(read))
      return failure();
    int32_t exp = static_cast<int32_t>(op.getWeightExpAttr().getInt());
    for (int64_t t = 0; t + 1 < static_cast<int64_t>(read->indptr.size()); ++t) {
      if (read->indptr[t + 1] == read->indptr[t])
        continue;
      int64_t core = to.core[t];
      auto [it, inserted] = blockExp.try_emplace({core, source}, exp, op);
      if (!inserted && it->second.first != exp)
        return fail(op) << "projection @" << op.getSymName() << " (weight_exp " << exp
                        << ") and projection @" << it->second.second.getSymName() << " (weight_exp "
                        << it->second.first << ") both leave @" << from.op.getSymName()
                        << " for core " << core << "; a synapse block has one weight_exp";
      for (int64_t k = read->indptr[t]; k < read->indptr[t + 1]; ++k)
        synapses.push_back({core, source, read->sources[k], to.compartment[t], index,
                            static_cast<int64_t>(read->weights[k]), read->delay(k)});
    }
    ++index;
  }
  llvm::sort(synapses, [](const Synapse& a, const Synapse& b) { return a.key() < b.key(); });
  return success();
}

chip::ChipOp Converter::createChip() {
  std::vector<Attribute> models;
  for (const std::string& name : target.core.neuron_models)
    if (std::optional<NeuronModel> model = symbolizeNeuronModel(name);
        model && *model != NeuronModel::Input)
      models.push_back(NeuronModelAttr::get(context, *model));
  const target::Mesh& mesh = target.mesh;
  const target::CoreLimits& limits = target.core;
  const target::SynapseEncoding& encoding = limits.synapse_encoding;
  builder.setInsertionPoint(network);
  auto chip = builder.create<chip::ChipOp>(
      network.getLoc(), network.getSymName(), target.name,
      chip::MeshAttr::get(context, mesh.cols, mesh.rows, mesh.cores_per_tile, mesh.chips),
      chip::CoreLimitsAttr::get(context, limits.compartments, limits.in_axons, limits.out_axons,
                                limits.synapse_bits, limits.weight_bits, limits.delay_bits),
      chip::SynapseEncodingAttr::get(context, encoding.word_bits, encoding.group_size,
                                     encoding.group_header_bits, encoding.min_index_bits),
      builder.getArrayAttr(models));
  // Provenance, the partition and the quantization's frac_bits travel with the chip.
  for (NamedAttribute attr : network->getDiscardableAttrs())
    chip->setAttr(attr.getName(), attr.getValue());
  chip.getBodyRegion().emplaceBlock();
  return chip;
}

LogicalResult Converter::run() {
  if (failed(readPopulations()) || failed(readProjections()))
    return failure();

  // Input axons, numbered per core in (source population, neuron) order, and each
  // source neuron's destinations in core order (the synapses are sorted that way).
  std::vector<int64_t> axonsOf(numCores, 0);
  for (size_t i = 0; i < synapses.size(); ++i) {
    const Synapse& s = synapses[i];
    if (i > 0 && synapses[i - 1].core == s.core && synapses[i - 1].source == s.source &&
        synapses[i - 1].neuron == s.neuron)
      continue;
    fanout[s.source][s.neuron].push_back({s.core, axonsOf[s.core]++});
  }

  chip::ChipOp chip = createChip();
  ArrayRef<Synapse> rest = synapses;
  for (int64_t core = 0; core < numCores; ++core) {
    size_t count =
        llvm::find_if(rest, [&](const Synapse& s) { return s.core != core; }) - rest.begin();
    builder.setInsertionPointToEnd(chip.getBody());
    auto coreOp = builder.create<chip::CoreOp>(network.getLoc(), builder.getI64IntegerAttr(core),
                                               chip::CoordAttr());
    coreOp.getBodyRegion().emplaceBlock();
    builder.setInsertionPointToEnd(coreOp.getBody());
    createGroups(core);
    createSynapses(core, rest.take_front(count));
    createAxonTable(core);
    rest = rest.drop_front(count);
  }
  builder.setInsertionPointToEnd(chip.getBody());
  createHostMaps();
  network.erase();
  return success();
}

void Converter::createGroups(int64_t core) {
  const auto& here = residents[core];
  for (size_t first = 0; first < here.size();) {
    auto [pop, offset] = here[first];
    size_t end = first + 1;
    while (end < here.size() && here[end].first == pop &&
           here[end].second == here[end - 1].second + 1)
      ++end;
    int64_t count = static_cast<int64_t>(end - first);
    const Population& population = populations[pop];
    NeuronModel model = population.op.getModel();
    // Per-neuron parameters (biases) are sliced to the group; the rest are shared.
    NamedAttrList params;
    for (NamedAttribute param : population.op.getFixedParamsAttr()) {
      auto array = dyn_cast<ElementsAttr>(param.getValue());
      if (!array) {
        params.append(param);
        continue;
      }
      std::vector<int64_t> values = *readIntegers(array);
      std::vector<int64_t> slice(values.begin() + offset, values.begin() + offset + count);
      params.append(
          param.getName(),
          makeIntegerArray(
              context,
              blobName(core, (population.op.getSymName() + "_" + param.getName().getValue()).str()),
              slice, array.getElementType().getIntOrFloatBitWidth()));
    }
    auto group = builder.create<chip::CompartmentsOp>(
        population.op.getLoc(), builder.getI64IntegerAttr(static_cast<int64_t>(first)),
        builder.getI64IntegerAttr(count), NeuronModelAttr::get(context, model),
        params.getDictionary(context), builder.getStringAttr(population.op.getSymName()),
        builder.getI64IntegerAttr(offset));
    if (!population.positions.empty())
      group->setAttr("gyrus.positions",
                     makePositionArray(context,
                                       blobName(core, (population.op.getSymName() + "_pos").str()),
                                       ArrayRef(population.positions).slice(offset, count)));
    first = end;
  }
}

void Converter::createSynapses(int64_t core, ArrayRef<Synapse> incoming) {
  int64_t firstAxon = 0;
  while (!incoming.empty()) {
    int32_t source = incoming.front().source;
    size_t size = llvm::find_if(incoming, [&](const Synapse& s) { return s.source != source; }) -
                  incoming.begin();
    ArrayRef<Synapse> block = incoming.take_front(size);
    std::vector<int64_t> indptr = {0}, compartments, weights, delays;
    bool anyDelay = false;
    for (size_t k = 0; k < block.size(); ++k) {
      if (k > 0 && block[k].neuron != block[k - 1].neuron)
        indptr.push_back(static_cast<int64_t>(k));
      compartments.push_back(block[k].compartment);
      weights.push_back(block[k].weight);
      delays.push_back(block[k].delay);
      anyDelay = anyDelay || block[k].delay != 0;
    }
    indptr.push_back(static_cast<int64_t>(block.size()));
    int64_t numAxons = static_cast<int64_t>(indptr.size()) - 1;
    PopulationOp from = populations[source].op;
    auto [exp, projection] = blockExp.at({core, source});
    std::string stem = blobName(core, from.getSymName().str());
    builder.create<chip::SynapsesOp>(
        projection.getLoc(), builder.getI64IntegerAttr(firstAxon),
        builder.getI64IntegerAttr(numAxons), builder.getI32IntegerAttr(exp),
        makeIntegerArray(context, stem + "_indptr", indptr, integerBitsFor(indptr)),
        makeIntegerArray(context, stem + "_compartments", compartments,
                         integerBitsFor(compartments)),
        makeIntegerArray(context, stem + "_weights", weights, integerBitsFor(weights)),
        anyDelay ? makeIntegerArray(context, stem + "_delays", delays, integerBitsFor(delays))
                 : ElementsAttr());
    firstAxon += numAxons;
    incoming = incoming.drop_front(size);
  }
}

void Converter::createAxonTable(int64_t core) {
  std::vector<int64_t> indptr = {0}, cores, axons;
  for (auto [pop, neuron] : residents[core]) {
    for (const Destination& d : fanout[pop][neuron]) {
      cores.push_back(d.core);
      axons.push_back(d.axon);
    }
    indptr.push_back(static_cast<int64_t>(cores.size()));
  }
  builder.create<chip::AxonsOp>(
      network.getLoc(), makeIntegerArray(context, blobName(core, "axon_indptr"), indptr, 32),
      makeIntegerArray(context, blobName(core, "axon_cores"), cores, 32),
      makeIntegerArray(context, blobName(core, "axon_axons"), axons, 32));
}

void Converter::createHostMaps() {
  std::string net = network.getSymName().str();
  for (auto ref : network.getInputs().getAsRange<FlatSymbolRefAttr>()) {
    int32_t pop = indexOf.lookup(ref.getAttr());
    std::vector<int64_t> indptr = {0}, cores, axons;
    for (const auto& destinations : fanout[pop]) {
      for (const Destination& d : destinations) {
        cores.push_back(d.core);
        axons.push_back(d.axon);
      }
      indptr.push_back(static_cast<int64_t>(cores.size()));
    }
    std::string stem = net + "_in_" + ref.getValue().str();
    PopulationOp op = populations[pop].op;
    builder.create<chip::InputOp>(op.getLoc(), op.getSymNameAttr(),
                                  builder.getI64IntegerAttr(op.getSize()),
                                  makeIntegerArray(context, stem + "_indptr", indptr, 32),
                                  makeIntegerArray(context, stem + "_cores", cores, 32),
                                  makeIntegerArray(context, stem + "_axons", axons, 32));
  }
  for (auto ref : network.getOutputs().getAsRange<FlatSymbolRefAttr>()) {
    const Population& population = populations[indexOf.lookup(ref.getAttr())];
    std::string stem = net + "_out_" + ref.getValue().str();
    PopulationOp op = population.op;
    builder.create<chip::OutputOp>(
        op.getLoc(), op.getSymNameAttr(), builder.getI64IntegerAttr(op.getSize()),
        makeIntegerArray(context, stem + "_cores", population.core, 32),
        makeIntegerArray(context, stem + "_compartments", population.compartment, 32));
  }
}

struct ConvertSnnToChip : gyrus::impl::ConvertSnnToChipBase<ConvertSnnToChip> {
  using ConvertSnnToChipBase::ConvertSnnToChipBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<NetworkOp> networks(module.getBody()->getOps<NetworkOp>());
    if (networks.empty())
      return;
    std::optional<target::TargetDescription> loaded =
        loadTargetOption(module, getArgument(), target);
    if (!loaded)
      return signalPassFailure();
    for (NetworkOp network : networks)
      if (failed(Converter(network, *loaded).run()))
        return signalPassFailure();
  }
};

} // namespace
