//===- ChipOps.cpp - verifiers of the chip dialect's leaf operations --------===//
//
// What each op can check on its own, with the chip's target attributes at hand.
// Checks that need a whole core or the whole chip are in ChipVerifier.cpp.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/Chip/ChipOps.h"

#include "gyrus/Dialect/SNN/NeuronModels.h"
#include "gyrus/Support/ElementsAccess.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include "llvm/ADT/DenseSet.h"

#include <cstdlib>
#include <limits>

using namespace mlir;
using namespace gyrus;
using namespace gyrus::chip;

static constexpr int64_t kMaxIndex = std::numeric_limits<int64_t>::max();

static LogicalResult verifyIndexArray(Operation* op, ElementsAttr attr, StringRef name) {
  if (failed(verifyNumericArray(op, attr, name, /*integer=*/true)))
    return failure();
  if (attr.getShapedType().getRank() != 1)
    return op->emitOpError() << name << " must be one-dimensional";
  return success();
}

static LogicalResult verifyNonNegative(Operation* op, ElementsAttr attr, StringRef name) {
  if (auto bad = findOutOfRange(attr, 0, kMaxIndex))
    return op->emitOpError() << name << "[" << bad->first << "] = " << bad->second
                             << " is negative";
  return success();
}

/// A fan-out table (axon table or input map): `rows` rows in CSR form whose entries
/// are (destination core, input axon) pairs; a row names each core at most once.
static LogicalResult verifyFanoutTable(Operation* op, int64_t rows, ElementsAttr indptr,
                                       ElementsAttr cores, ElementsAttr axons) {
  const std::pair<StringRef, ElementsAttr> arrays[] = {
      {"indptr", indptr}, {"cores", cores}, {"axons", axons}};
  for (auto [name, array] : arrays)
    if (failed(verifyIndexArray(op, array, name)))
      return failure();
  int64_t entries = cores.getNumElements();
  if (axons.getNumElements() != entries)
    return op->emitOpError() << "cores has " << entries << " entries but axons has "
                             << axons.getNumElements();
  if (std::optional<std::string> problem = findCsrProblem(indptr, rows, entries))
    return op->emitOpError() << *problem;
  if (failed(verifyNonNegative(op, cores, "cores")) ||
      failed(verifyNonNegative(op, axons, "axons")))
    return failure();

  std::optional<std::vector<int64_t>> starts = readIntegers(indptr);
  std::optional<std::vector<int64_t>> destinations = readIntegers(cores);
  if (!starts || !destinations)
    return success(); // elided blobs: nothing more to check
  llvm::DenseSet<int64_t> seen;
  for (int64_t row = 0; row < rows; ++row) {
    seen.clear();
    for (int64_t k = (*starts)[row]; k < (*starts)[row + 1]; ++k)
      if (!seen.insert((*destinations)[k]).second)
        return op->emitOpError() << "row " << row << " sends to core " << (*destinations)[k]
                                 << " twice; one packet per destination core reaches all "
                                    "its synapses";
  }
  return success();
}

static bool supportsModel(ChipOp chip, snn::NeuronModel model) {
  return llvm::any_of(
      chip.getModels().getAsRange<snn::NeuronModelAttr>(),
      [&](snn::NeuronModelAttr supported) { return supported.getValue() == model; });
}

//===----------------------------------------------------------------------===//
// ChipOp
//===----------------------------------------------------------------------===//

LogicalResult ChipOp::verify() {
  if (getModels().empty())
    return emitOpError() << "target supports no neuron model";
  llvm::SmallDenseSet<uint32_t> seen;
  for (auto model : getModels().getAsRange<snn::NeuronModelAttr>()) {
    if (model.getValue() == snn::NeuronModel::Input)
      return emitOpError() << "'input' is not a neuron model a core runs; the host drives inputs";
    if (!seen.insert(static_cast<uint32_t>(model.getValue())).second)
      return emitOpError() << "models lists '" << snn::stringifyNeuronModel(model.getValue())
                           << "' twice";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// CompartmentsOp
//===----------------------------------------------------------------------===//

LogicalResult CompartmentsOp::verify() {
  snn::NeuronModel model = getModel();
  if (model == snn::NeuronModel::Input)
    return emitOpError() << "model 'input' runs on the host, not in compartments";
  auto chip = (*this)->getParentOfType<ChipOp>();
  if (chip && !supportsModel(chip, model))
    return emitOpError() << "target '" << chip.getTarget() << "' does not support model '"
                         << snn::stringifyNeuronModel(model) << "'";
  return snn::verifyParams(*this, "params", getParams(), model, /*fixed=*/true, getCount());
}

//===----------------------------------------------------------------------===//
// SynapsesOp
//===----------------------------------------------------------------------===//

LogicalResult SynapsesOp::verify() {
  ElementsAttr weights = getWeights();
  const std::pair<StringRef, ElementsAttr> arrays[] = {
      {"indptr", getIndptr()}, {"compartments", getCompartments()}, {"weights", weights}};
  for (auto [name, array] : arrays)
    if (failed(verifyIndexArray(*this, array, name)))
      return failure();
  int64_t synapses = weights.getNumElements();
  if (getCompartments().getNumElements() != synapses)
    return emitOpError() << "compartments has " << getCompartments().getNumElements()
                         << " entries but weights has " << synapses;
  if (std::optional<std::string> problem = findCsrProblem(getIndptr(), getNumAxons(), synapses))
    return emitOpError() << *problem;
  if (failed(verifyNonNegative(*this, getCompartments(), "compartments")))
    return failure();

  auto chip = (*this)->getParentOfType<ChipOp>();
  if (!chip)
    return success();
  CoreLimitsAttr limits = chip.getLimits();
  int64_t maxWeight = (int64_t{1} << limits.getWeightBits()) - 1;
  if (auto bad = findOutOfRange(weights, -maxWeight, maxWeight))
    return emitOpError() << "weights[" << bad->first << "] = " << bad->second
                         << " does not fit the target's " << limits.getWeightBits()
                         << " weight bits (|w| <= " << maxWeight << ")";
  if (std::optional<ElementsAttr> delays = getDelays()) {
    if (failed(verifyIndexArray(*this, *delays, "delays")))
      return failure();
    if (delays->getNumElements() != synapses)
      return emitOpError() << "delays has " << delays->getNumElements()
                           << " entries but weights has " << synapses;
    int64_t maxDelay = (int64_t{1} << limits.getDelayBits()) - 1;
    if (auto bad = findOutOfRange(*delays, 0, maxDelay))
      return emitOpError() << "delays[" << bad->first << "] = " << bad->second
                           << " does not fit the target's " << limits.getDelayBits()
                           << " delay bits (0 to " << maxDelay << ")";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// AxonsOp, InputOp, OutputOp
//===----------------------------------------------------------------------===//

LogicalResult AxonsOp::verify() {
  // The row count is checked against the core's compartments by the core.
  int64_t rows = std::max<int64_t>(getIndptr().getNumElements() - 1, 0);
  return verifyFanoutTable(*this, rows, getIndptr(), getCores(), getAxons());
}

LogicalResult InputOp::verify() {
  return verifyFanoutTable(*this, getSize(), getIndptr(), getCores(), getAxons());
}

LogicalResult OutputOp::verify() {
  const std::pair<StringRef, ElementsAttr> arrays[] = {{"cores", getCores()},
                                                       {"compartments", getCompartments()}};
  for (auto [name, array] : arrays) {
    if (failed(verifyIndexArray(*this, array, name)) ||
        failed(verifyNonNegative(*this, array, name)))
      return failure();
    if (array.getNumElements() != static_cast<int64_t>(getSize()))
      return emitOpError() << name << " has " << array.getNumElements() << " entries but size is "
                           << getSize();
  }
  return success();
}

//===----------------------------------------------------------------------===//
// RouteOp
//===----------------------------------------------------------------------===//

LogicalResult RouteOp::verify() {
  ArrayRef<int64_t> path = getPath();
  if (path.empty() || path.size() % 3 != 0)
    return emitOpError() << "path must be (chip, x, y) triples, at least one; it has "
                         << path.size() << " numbers";
  auto chip = (*this)->getParentOfType<ChipOp>();
  if (!chip)
    return success();
  MeshAttr mesh = chip.getMesh();
  for (size_t hop = 0; hop < path.size() / 3; ++hop) {
    int64_t c = path[3 * hop], x = path[3 * hop + 1], y = path[3 * hop + 2];
    if (c < 0 || c >= mesh.getChips() || x < 0 || x >= mesh.getCols() || y < 0 ||
        y >= mesh.getRows())
      return emitOpError() << "hop " << hop << " (" << c << ", " << x << ", " << y
                           << ") is outside the " << mesh.getChips() << " chip(s) of "
                           << mesh.getCols() << "x" << mesh.getRows() << " tiles";
    if (hop == 0 || c != path[3 * hop - 3])
      continue; // the start, or an inter-chip link
    int64_t distance = std::abs(x - path[3 * hop - 2]) + std::abs(y - path[3 * hop - 1]);
    if (distance != 1)
      return emitOpError() << "hop " << hop << " (" << c << ", " << x << ", " << y
                           << ") is not a neighbour of the router before it";
  }
  return success();
}

#define GET_OP_CLASSES
#include "gyrus/Dialect/Chip/ChipOps.cpp.inc"
