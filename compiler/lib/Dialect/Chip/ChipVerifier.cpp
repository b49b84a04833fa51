//===- ChipVerifier.cpp - whole-core and whole-chip checks ------------------===//
//
// A core is checked against the chip's per-core limits once all its ops are verified;
// the chip then checks what spans cores: ids, coordinates, and that every table entry,
// output and route lands on a core, axon or compartment that exists.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/Chip/ChipOps.h"
#include "gyrus/Support/ElementsAccess.h"
#include "targets/synapse_encoding.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringSet.h"

#include <map>
#include <set>
#include <tuple>

using namespace mlir;
using namespace gyrus;
using namespace gyrus::chip;

//===----------------------------------------------------------------------===//
// CoreOp
//===----------------------------------------------------------------------===//

int64_t CoreOp::getNumCompartments() {
  int64_t end = 0;
  for (auto group : getBody()->getOps<CompartmentsOp>())
    end = std::max(end, static_cast<int64_t>(group.getFirst() + group.getCount()));
  return end;
}

int64_t CoreOp::getNumInAxons() {
  int64_t end = 0;
  for (auto block : getBody()->getOps<SynapsesOp>())
    end = std::max(end, static_cast<int64_t>(block.getFirstAxon() + block.getNumAxons()));
  return end;
}

/// Fails if two of the half-open ranges overlap; `what` names them in the error.
static LogicalResult verifyDisjoint(CoreOp core, SmallVector<std::pair<int64_t, int64_t>> ranges,
                                    StringRef what) {
  llvm::sort(ranges);
  for (size_t i = 1; i < ranges.size(); ++i)
    if (ranges[i].first < ranges[i - 1].second)
      return core.emitOpError() << what << " [" << ranges[i - 1].first << ", "
                                << ranges[i - 1].second << ") and [" << ranges[i].first << ", "
                                << ranges[i].second << ") overlap";
  return success();
}

/// Fails unless `used` <= `limit`, naming the resource and the excess.
static LogicalResult verifyWithinLimit(CoreOp core, StringRef resource, int64_t used,
                                       int64_t limit) {
  if (used <= limit)
    return success();
  auto chip = core->getParentOfType<ChipOp>();
  return core.emitOpError() << "uses " << used << " " << resource << ", over the limit of " << limit
                            << " of target '" << chip.getTarget() << "' by " << used - limit;
}

/// Synapse memory of one block, counted with the chip's encoding. As nengo-loihi sizes
/// each synapse block, the index bits come from the block's largest compartment index;
/// like a Loihi synapse format, the delay bits are those its largest delay needs (none
/// without delays), up to the target's delay_bits, which the block's verifier checked.
static std::optional<int64_t> synapseBits(SynapsesOp block, ChipOp chip) {
  std::optional<std::vector<int64_t>> starts = readIntegers(block.getIndptr());
  std::optional<std::vector<int64_t>> compartments = readIntegers(block.getCompartments());
  if (!starts || !compartments)
    return std::nullopt;
  int64_t maxDelay = 0;
  if (std::optional<ElementsAttr> delays = block.getDelays()) {
    std::optional<std::vector<int64_t>> values = readIntegers(*delays);
    if (!values)
      return std::nullopt;
    for (int64_t delay : *values)
      maxDelay = std::max(maxDelay, delay);
  }
  SynapseEncodingAttr encodingAttr = chip.getEncoding();
  target::SynapseEncoding encoding;
  encoding.word_bits = static_cast<int>(encodingAttr.getWordBits());
  encoding.group_size = static_cast<int>(encodingAttr.getGroupSize());
  encoding.group_header_bits = static_cast<int>(encodingAttr.getGroupHeaderBits());
  encoding.min_index_bits = static_cast<int>(encodingAttr.getMinIndexBits());
  int64_t maxIndex = 0;
  for (int64_t index : *compartments)
    maxIndex = std::max(maxIndex, index);
  int indexBits = target::synapse_index_bits(encoding, maxIndex);
  int delayBits = target::synapse_delay_bits(maxDelay);
  int weightBits = static_cast<int>(chip.getLimits().getWeightBits());
  int64_t bits = 0;
  for (size_t axon = 0; axon + 1 < starts->size(); ++axon)
    bits += target::synapse_axon_bits(encoding, (*starts)[axon + 1] - (*starts)[axon], weightBits,
                                      delayBits, indexBits);
  return bits;
}

LogicalResult CoreOp::verifyRegions() {
  auto chip = (*this)->getParentOfType<ChipOp>();
  if (!chip)
    return success(); // HasParent has reported it
  CoreLimitsAttr limits = chip.getLimits();
  SmallVector<std::pair<int64_t, int64_t>> groups, blocks;
  AxonsOp axonTable;
  for (Operation& op : getBody()->getOperations()) {
    if (auto group = dyn_cast<CompartmentsOp>(op)) {
      groups.push_back({group.getFirst(), group.getFirst() + group.getCount()});
    } else if (auto block = dyn_cast<SynapsesOp>(op)) {
      blocks.push_back({block.getFirstAxon(), block.getFirstAxon() + block.getNumAxons()});
    } else if (auto table = dyn_cast<AxonsOp>(op)) {
      if (axonTable)
        return table.emitOpError() << "is the core's second axon table; a core has one";
      axonTable = table;
    } else {
      return op.emitOpError() << "cannot be in a 'chip.core', which holds only "
                                 "chip.compartments, chip.synapses and chip.axons";
    }
  }
  if (failed(verifyDisjoint(*this, groups, "compartment groups")) ||
      failed(verifyDisjoint(*this, blocks, "synapse blocks over input axons")))
    return failure();

  int64_t compartments = getNumCompartments();
  if (failed(verifyWithinLimit(*this, "compartments", compartments, limits.getCompartments())) ||
      failed(verifyWithinLimit(*this, "input axons", getNumInAxons(), limits.getInAxons())))
    return failure();

  int64_t bits = 0;
  for (auto block : getBody()->getOps<SynapsesOp>()) {
    if (auto bad = findOutOfRange(block.getCompartments(), 0, compartments - 1))
      return block.emitOpError() << "compartments[" << bad->first << "] = " << bad->second
                                 << " is not a compartment of core " << getId() << " (it has "
                                 << compartments << ")";
    if (std::optional<int64_t> blockBits = synapseBits(block, chip))
      bits += *blockBits;
  }
  if (failed(verifyWithinLimit(*this, "bits of synapse memory", bits, limits.getSynapseBits())))
    return failure();

  if (axonTable) {
    int64_t rows = axonTable.getIndptr().getNumElements() - 1;
    if (rows != compartments)
      return axonTable.emitOpError() << "has " << rows << " rows but core " << getId() << " has "
                                     << compartments << " compartments";
    if (failed(verifyWithinLimit(*this, "output axons", axonTable.getCores().getNumElements(),
                                 limits.getOutAxons())))
      return failure();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ChipOp
//===----------------------------------------------------------------------===//

namespace {
/// What the cross-core checks need to know about each core.
struct CoreInfo {
  CoreOp op;
  int64_t compartments;
  int64_t inAxons;
};
} // namespace

/// Every (core, axon) entry of a fan-out table names an existing core and one of its
/// input axons.
static LogicalResult verifyDestinations(Operation* table, ElementsAttr cores, ElementsAttr axons,
                                        const llvm::DenseMap<int64_t, CoreInfo>& byId) {
  std::optional<std::vector<int64_t>> coreIds = readIntegers(cores);
  std::optional<std::vector<int64_t>> axonIds = readIntegers(axons);
  if (!coreIds || !axonIds)
    return success();
  for (size_t k = 0; k < coreIds->size(); ++k) {
    auto found = byId.find((*coreIds)[k]);
    if (found == byId.end())
      return table->emitOpError() << "entry " << k << " sends to core " << (*coreIds)[k]
                                  << ", which the chip does not have";
    if ((*axonIds)[k] >= found->second.inAxons)
      return table->emitOpError() << "entry " << k << " sends to input axon " << (*axonIds)[k]
                                  << " of core " << (*coreIds)[k] << ", which has "
                                  << found->second.inAxons << " input axons";
  }
  return success();
}

static LogicalResult verifyOutput(OutputOp output, const llvm::DenseMap<int64_t, CoreInfo>& byId) {
  std::optional<std::vector<int64_t>> cores = readIntegers(output.getCores());
  std::optional<std::vector<int64_t>> compartments = readIntegers(output.getCompartments());
  if (!cores || !compartments)
    return success();
  for (size_t i = 0; i < cores->size(); ++i) {
    auto found = byId.find((*cores)[i]);
    if (found == byId.end() || (*compartments)[i] >= found->second.compartments)
      return output.emitOpError() << "neuron " << i << " is compartment " << (*compartments)[i]
                                  << " of core " << (*cores)[i] << ", which does not exist";
  }
  return success();
}

static LogicalResult verifyRoute(RouteOp route, const llvm::DenseMap<int64_t, CoreInfo>& byId) {
  ArrayRef<int64_t> path = route.getPath();
  for (auto [end, id, offset] : {std::tuple{"source", route.getSource(), size_t{0}},
                                 std::tuple{"dest", route.getDest(), path.size() - 3}}) {
    auto found = byId.find(static_cast<int64_t>(id));
    if (found == byId.end())
      return route.emitOpError() << end << " core " << id << " does not exist";
    CoreOp core = found->second.op;
    std::optional<CoordAttr> coord = core.getCoord();
    if (!coord)
      return route.emitOpError() << end << " core " << id << " is not placed yet";
    if (path[offset] != coord->getChip() || path[offset + 1] != coord->getX() ||
        path[offset + 2] != coord->getY())
      return route.emitOpError() << "path does not " << (offset == 0 ? "start" : "end")
                                 << " at the router of " << end << " core " << id << " ("
                                 << coord->getChip() << ", " << coord->getX() << ", "
                                 << coord->getY() << ")";
  }
  return success();
}

LogicalResult ChipOp::verifyRegions() {
  MeshAttr mesh = getMesh();
  llvm::DenseMap<int64_t, CoreInfo> byId;
  std::map<std::tuple<int64_t, int64_t, int64_t, int64_t>, int64_t> byCoord;
  for (Operation& op : getBody()->getOperations()) {
    if (!isa<CoreOp, RouteOp, InputOp, OutputOp>(op))
      return op.emitOpError() << "cannot be in a 'chip.chip', which holds only chip.core, "
                                 "chip.route, chip.input and chip.output";
    auto core = dyn_cast<CoreOp>(op);
    if (!core)
      continue;
    int64_t id = core.getId();
    if (!byId.try_emplace(id, CoreInfo{core, core.getNumCompartments(), core.getNumInAxons()})
             .second)
      return core.emitOpError() << "id " << id << " is already used by another core";
    std::optional<CoordAttr> coord = core.getCoord();
    if (!coord)
      continue;
    if (coord->getChip() >= mesh.getChips() || coord->getX() >= mesh.getCols() ||
        coord->getY() >= mesh.getRows() || coord->getCore() >= mesh.getCoresPerTile())
      return core.emitOpError() << "coordinate " << *coord << " is outside the mesh " << mesh;
    auto key = std::tuple{coord->getChip(), coord->getX(), coord->getY(), coord->getCore()};
    if (auto [it, inserted] = byCoord.try_emplace(key, id); !inserted)
      return core.emitOpError() << "is placed at " << *coord << ", where core " << it->second
                                << " already is";
  }
  if (static_cast<int64_t>(byId.size()) > mesh.getNumCores())
    return emitOpError() << "has " << byId.size() << " cores but the mesh " << mesh << " holds "
                         << mesh.getNumCores();

  llvm::StringSet<> inputNames, outputNames;
  std::set<std::pair<int64_t, int64_t>> routes;
  for (Operation& op : getBody()->getOperations()) {
    LogicalResult result = success();
    if (auto core = dyn_cast<CoreOp>(op)) {
      for (auto table : core.getBody()->getOps<AxonsOp>())
        result = verifyDestinations(table, table.getCores(), table.getAxons(), byId);
    } else if (auto input = dyn_cast<InputOp>(op)) {
      if (!inputNames.insert(input.getName()).second)
        return input.emitOpError() << "input '" << input.getName() << "' is mapped twice";
      result = verifyDestinations(input, input.getCores(), input.getAxons(), byId);
    } else if (auto output = dyn_cast<OutputOp>(op)) {
      if (!outputNames.insert(output.getName()).second)
        return output.emitOpError() << "output '" << output.getName() << "' is mapped twice";
      result = verifyOutput(output, byId);
    } else if (auto route = dyn_cast<RouteOp>(op)) {
      if (!routes.insert({route.getSource(), route.getDest()}).second)
        return route.emitOpError() << "is the second route from core " << route.getSource()
                                   << " to core " << route.getDest();
      result = verifyRoute(route, byId);
    }
    if (failed(result))
      return failure();
  }
  return success();
}
