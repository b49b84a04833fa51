//===- VerifyTarget.cpp - check a network against a target's limits ---------===//
//
// Only limits that no partitioning can work around: neuron models, the chip's total
// compartments, delay and weight formats. Per-core limits (compartments per core,
// fan-in axons, synapse memory) are the partitioner's to meet; fan-in in particular is
// counted per core on Loihi, not per neuron, so it is not checked here.
//
//===----------------------------------------------------------------------===//

#include "TargetOption.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Transforms/Passes.h"

#include "llvm/ADT/StringExtras.h"

#include <limits>

namespace gyrus {
#define GEN_PASS_DEF_SNNVERIFYTARGET
#include "gyrus/Transforms/Passes.h.inc"
} // namespace gyrus

using namespace mlir;
using namespace gyrus;
using namespace gyrus::snn;

namespace {

struct Checker {
  const target::TargetDescription& target;
  bool ok = true;

  InFlightDiagnostic fail(Operation* op) {
    ok = false;
    return op->emitError();
  }

  /// "16 cores × 64 = 1024"
  std::string capacityText() const {
    int64_t cores = target.mesh.cores();
    return std::to_string(cores) + " cores × " + std::to_string(target.core.compartments) + " = " +
           std::to_string(cores * target.core.compartments);
  }

  void checkPopulation(PopulationOp population) {
    StringRef model = stringifyNeuronModel(population.getModel());
    if (!target.core.supports(model.str()))
      fail(population) << "population @" << population.getSymName() << ": model '" << model
                       << "' is not supported by target '" << target.name << "' (its cores run "
                       << llvm::join(target.core.neuron_models, ", ") << ")";
    int64_t capacity = target.mesh.cores() * target.core.compartments;
    if (static_cast<int64_t>(population.getSize()) > capacity)
      fail(population) << "population @" << population.getSymName() << " has "
                       << population.getSize() << " neurons, more than target '" << target.name
                       << "' has compartments: " << capacityText();
  }

  void checkDelays(ProjectionOp projection) {
    std::optional<Attribute> delays = projection.getDelays();
    if (!delays)
      return;
    int64_t limit = (int64_t{1} << target.core.delay_bits) - 1;
    auto report = [&](std::string what, int64_t value) {
      fail(projection) << "projection @" << projection.getSymName() << ": " << what << " = "
                       << value << " exceeds the largest delay of target '" << target.name << "', "
                       << limit << " (delay_bits = " << target.core.delay_bits << ")";
    };
    if (auto uniform = dyn_cast<IntegerAttr>(*delays)) {
      if (uniform.getInt() > limit)
        report("delays", uniform.getInt());
      return;
    }
    if (auto bad = findOutOfRange(cast<ElementsAttr>(*delays), 0, limit))
      report("delays[" + std::to_string(bad->first) + "]", bad->second);
  }

  /// Quantized mantissas within the weight_bits range of their sign mode, and the
  /// exponent within what the target population's arithmetic takes.
  void checkQuantizedWeights(ProjectionOp projection, PopulationOp targetPopulation) {
    if (!projection.isQuantized())
      return;
    ElementsAttr weights = projection.getWeights();
    int64_t largest = 0, smallest = 0;
    visitIntegers(weights, [&](int64_t, int64_t m) {
      largest = std::max(largest, m);
      smallest = std::min(smallest, m);
      return true;
    });
    bool mixed = largest > 0 && smallest < 0;
    int64_t limit = weightMantissaLimit(target.core.weight_bits, mixed);
    if (largest > limit || -smallest > limit) {
      int64_t worst = largest > limit ? largest : smallest;
      std::optional<int64_t> index;
      visitIntegers(weights, [&](int64_t i, int64_t m) {
        if (m != worst)
          return true;
        index = i;
        return false;
      });
      fail(projection) << "projection @" << projection.getSymName() << ": weights[" << *index
                       << "] = " << worst << " exceeds the "
                       << (mixed ? "mixed-sign" : "single-sign") << " mantissa range ±" << limit
                       << " of target '" << target.name
                       << "' (weight_bits = " << target.core.weight_bits
                       << (mixed ? "; mixed-sign weights spend a bit on the sign)" : ")");
    }
    ExpRange range = weightExpRange(targetPopulation.getModel());
    int64_t exp = projection.getWeightExpAttr().getInt();
    if (exp < range.min || exp > range.max)
      fail(projection) << "projection @" << projection.getSymName() << ": weight_exp = " << exp
                       << " is outside [" << range.min << ", " << range.max << "] for target @"
                       << targetPopulation.getSymName() << " of model '"
                       << stringifyNeuronModel(targetPopulation.getModel()) << "'";
  }
};

struct SnnVerifyTarget : gyrus::impl::SnnVerifyTargetBase<SnnVerifyTarget> {
  using SnnVerifyTargetBase::SnnVerifyTargetBase;

  void runOnOperation() override {
    NetworkOp network = getOperation();
    std::optional<target::TargetDescription> loaded =
        loadTargetOption(network, getArgument(), target);
    if (!loaded)
      return signalPassFailure();
    Checker checker{*loaded};

    int64_t needed = 0;
    for (PopulationOp population : network.getBody()->getOps<PopulationOp>()) {
      if (population.getModel() == NeuronModel::Input)
        continue; // the host drives inputs; they take no compartments
      checker.checkPopulation(population);
      needed += static_cast<int64_t>(population.getSize());
    }
    int64_t capacity = loaded->mesh.cores() * loaded->core.compartments;
    if (needed > capacity)
      checker.fail(network) << "network needs " << needed << " compartments, target '"
                            << loaded->name << "' has " << checker.capacityText();

    SymbolTable symbols(network);
    for (ProjectionOp projection : network.getBody()->getOps<ProjectionOp>()) {
      checker.checkDelays(projection);
      checker.checkQuantizedWeights(projection,
                                    symbols.lookup<PopulationOp>(projection.getTarget()));
    }
    if (!checker.ok)
      signalPassFailure();
  }
};

} // namespace
