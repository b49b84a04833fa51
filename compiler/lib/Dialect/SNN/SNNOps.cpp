//===- SNNOps.cpp - snn dialect operations and their verifiers --------------===//

#include "gyrus/Dialect/SNN/SNNOps.h"

#include "gyrus/Dialect/SNN/NeuronModels.h"
#include "gyrus/Support/ElementsAccess.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"

#include "llvm/ADT/DenseSet.h"

#include <cmath>
#include <limits>
#include <optional>

using namespace mlir;
using namespace gyrus;
using namespace gyrus::snn;

//===----------------------------------------------------------------------===//
// NetworkOp
//===----------------------------------------------------------------------===//

void NetworkOp::build(OpBuilder& builder, OperationState& state, StringRef name, ArrayAttr inputs,
                      ArrayAttr outputs) {
  state.addAttribute(getSymNameAttrName(state.name), builder.getStringAttr(name));
  state.addAttribute(getInputsAttrName(state.name), inputs);
  state.addAttribute(getOutputsAttrName(state.name), outputs);
  state.addRegion()->push_back(new Block);
}

/// Resolves each entry of an inputs/outputs list to a population of `network`,
/// rejecting duplicates; `check` adds the list's own rule.
static LogicalResult verifyPopulationList(NetworkOp network, ArrayAttr list, StringRef listName,
                                          function_ref<LogicalResult(PopulationOp)> check) {
  llvm::DenseSet<Attribute> seen;
  for (auto ref : list.getAsRange<FlatSymbolRefAttr>()) {
    if (!seen.insert(ref).second)
      return network.emitOpError() << listName << " lists " << ref << " twice";
    auto population =
        dyn_cast_or_null<PopulationOp>(SymbolTable::lookupSymbolIn(network, ref.getAttr()));
    if (!population)
      return network.emitOpError()
             << listName << " entry " << ref << " is not a population of this network";
    if (failed(check(population)))
      return failure();
  }
  return success();
}

LogicalResult NetworkOp::verifyRegions() {
  for (Operation& op : getBody()->getOperations())
    if (!isa<PopulationOp, ProjectionOp>(op))
      return op.emitOpError() << "cannot be in an 'snn.network', which holds only "
                                 "snn.population and snn.projection";

  auto isInput = [](PopulationOp p) { return p.getModel() == NeuronModel::Input; };
  if (failed(
          verifyPopulationList(*this, getInputs(), "inputs", [&](PopulationOp p) -> LogicalResult {
            if (isInput(p))
              return success();
            return emitOpError() << "input @" << p.getSymName() << " has model '"
                                 << stringifyNeuronModel(p.getModel())
                                 << "'; network inputs must have model 'input'";
          })))
    return failure();
  if (failed(verifyPopulationList(
          *this, getOutputs(), "outputs", [&](PopulationOp p) -> LogicalResult {
            if (!isInput(p))
              return success();
            return emitOpError() << "output @" << p.getSymName()
                                 << " is an input population; an output must compute something";
          })))
    return failure();

  // An input population that is not a network input could never receive anything.
  for (auto population : getBody()->getOps<PopulationOp>()) {
    if (!isInput(population))
      continue;
    bool listed = llvm::any_of(getInputs().getAsRange<FlatSymbolRefAttr>(),
                               [&](auto ref) { return ref.getValue() == population.getSymName(); });
    if (!listed)
      return population.emitOpError()
             << "has model 'input' but is not listed in the network's inputs";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// PopulationOp
//===----------------------------------------------------------------------===//

Attribute PopulationOp::getParam(StringRef name, bool fixed) {
  std::optional<DictionaryAttr> dict = fixed ? getFixedParams() : getParams();
  return dict ? dict->get(name) : Attribute();
}

LogicalResult PopulationOp::verify() {
  int64_t size = getSize();
  if (failed(verifyParams(*this, "params", getParamsAttr(), getModel(), /*fixed=*/false, size)))
    return failure();
  if (auto fixed = getFixedParamsAttr())
    if (failed(verifyParams(*this, "fixed_params", fixed, getModel(), /*fixed=*/true, size)))
      return failure();

  if (auto positions = getPositionsAttr()) {
    if (failed(verifyNumericArray(*this, positions, "positions", /*integer=*/false)))
      return failure();
    ArrayRef<int64_t> shape = positions.getShapedType().getShape();
    if (shape.size() != 2 || shape[0] != size || shape[1] != 2)
      return emitOpError() << "positions have shape " << formatShape(shape)
                           << " but the population has " << size << " neurons (expected [" << size
                           << ", 2])";
    std::optional<int64_t> bad;
    visitFloats(positions, [&](int64_t index, double value) {
      if (std::isfinite(value))
        return true;
      bad = index / 2;
      return false;
    });
    if (bad)
      return emitOpError() << "position of neuron " << *bad << " is not finite";
  }
  return success();
}

//===----------------------------------------------------------------------===//
// ProjectionOp
//===----------------------------------------------------------------------===//

bool ProjectionOp::isQuantized() {
  return isa<IntegerType>(getWeights().getElementType());
}

LogicalResult ProjectionOp::verify() {
  ElementsAttr weights = getWeights();
  bool quantized = isa<IntegerType>(weights.getElementType());
  if (failed(verifyNumericArray(*this, weights, "weights", /*integer=*/quantized)))
    return failure();
  if (quantized && !getWeightExp())
    return emitOpError() << "integer (quantized) weights need a weight_exp";
  if (!quantized && getWeightExp())
    return emitOpError() << "float weights must not have a weight_exp";

  int64_t weightsRank = weights.getShapedType().getRank();
  if (getIndptr().has_value() != getIndices().has_value())
    return emitOpError() << "sparse weights need both indptr and indices";
  if (isSparse()) {
    const std::pair<StringRef, ElementsAttr> arrays[] = {{"indptr", *getIndptr()},
                                                         {"indices", *getIndices()}};
    for (auto [name, array] : arrays) {
      if (failed(verifyNumericArray(*this, array, name, /*integer=*/true)))
        return failure();
      if (array.getShapedType().getRank() != 1)
        return emitOpError() << name << " must be one-dimensional";
    }
    if (weightsRank != 1)
      return emitOpError() << "sparse weights must be one-dimensional, one per synapse";
    if (getIndices()->getNumElements() != weights.getNumElements())
      return emitOpError() << "indices has " << getIndices()->getNumElements()
                           << " entries but weights has " << weights.getNumElements();
  } else if (weightsRank != 2) {
    return emitOpError() << "dense weights must be two-dimensional [target, source]";
  }

  if (std::optional<Attribute> delays = getDelays()) {
    if (auto uniform = dyn_cast<IntegerAttr>(*delays)) {
      if (uniform.getInt() < 0)
        return emitOpError() << "delays must be non-negative, not " << uniform.getInt();
    } else {
      auto perSynapse = cast<ElementsAttr>(*delays);
      if (failed(verifyNumericArray(*this, perSynapse, "delays", /*integer=*/true)))
        return failure();
      if (perSynapse.getShapedType().getShape() != weights.getShapedType().getShape())
        return emitOpError() << "delays have shape "
                             << formatShape(perSynapse.getShapedType().getShape())
                             << " but weights have shape "
                             << formatShape(weights.getShapedType().getShape());
      if (auto bad = findOutOfRange(perSynapse, 0, std::numeric_limits<int64_t>::max()))
        return emitOpError() << "delays[" << bad->first << "] = " << bad->second << " is negative";
    }
  }
  return success();
}

/// Checks a CSR structure against the population sizes: one row per target neuron,
/// every index a source neuron.
static LogicalResult verifyCsr(ProjectionOp op, int64_t targetSize, int64_t sourceSize) {
  ElementsAttr indices = *op.getIndices();
  if (std::optional<std::string> problem =
          findCsrProblem(*op.getIndptr(), targetSize, indices.getNumElements()))
    return op.emitOpError() << *problem << " (target @" << op.getTarget() << " has " << targetSize
                            << " neurons)";
  if (auto bad = findOutOfRange(indices, 0, sourceSize - 1))
    return op.emitOpError() << "indices[" << bad->first << "] = " << bad->second
                            << " is not a neuron of source @" << op.getSource() << " (size "
                            << sourceSize << ")";
  return success();
}

LogicalResult ProjectionOp::verifySymbolUses(SymbolTableCollection& symbolTables) {
  auto network = (*this)->getParentOfType<NetworkOp>();
  auto resolve = [&](FlatSymbolRefAttr ref, StringRef role) -> PopulationOp {
    auto population =
        dyn_cast_or_null<PopulationOp>(symbolTables.lookupSymbolIn(network, ref.getAttr()));
    if (!population)
      emitOpError() << role << " " << ref << " is not a population of this network";
    return population;
  };
  PopulationOp source = resolve(getSourceAttr(), "source");
  if (!source)
    return failure();
  PopulationOp target = resolve(getTargetAttr(), "target");
  if (!target)
    return failure();
  if (target.getModel() == NeuronModel::Input)
    return emitOpError() << "target @" << target.getSymName()
                         << " is an input population, which only the host drives";

  // verify() has already checked the structure (ranks, indptr and indices both there);
  // the checks here only compare it with the populations.
  int64_t targetSize = target.getSize(), sourceSize = source.getSize();
  if (isSparse())
    return getIndices() ? verifyCsr(*this, targetSize, sourceSize) : failure();
  ArrayRef<int64_t> shape = getWeights().getShapedType().getShape();
  if (shape.size() != 2)
    return failure();
  if (shape[0] != targetSize || shape[1] != sourceSize)
    return emitOpError() << "weights have shape " << formatShape(shape) << " but target @"
                         << target.getSymName() << " has " << targetSize << " neurons and source @"
                         << source.getSymName() << " has " << sourceSize << " (expected ["
                         << targetSize << ", " << sourceSize << "])";
  return success();
}

#define GET_OP_CLASSES
#include "gyrus/Dialect/SNN/SNNOps.cpp.inc"
