//===- Quantize.cpp - the snn-quantize pass ---------------------------------===//
//
// Quantizes each population together with the projections it receives: the
// population's scale (cuba_lif) and its arithmetic decide how those weights are
// represented. Already quantized populations (fixed_params present, every incoming
// projection integer) are left alone, which makes the pass idempotent. Arrays are
// streamed twice (statistics, then rounding into the new blob); nothing runs in
// parallel, so the output is deterministic.
//
//===----------------------------------------------------------------------===//

#include "Quantize.h"

#include "TargetOption.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Transforms/Passes.h"
#include "mlir/IR/BuiltinTypes.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringExtras.h"

namespace gyrus {
#define GEN_PASS_DEF_SNNQUANTIZE
#include "gyrus/Transforms/Passes.h.inc"
} // namespace gyrus

using namespace mlir;
using namespace gyrus;
using namespace gyrus::snn;

namespace {

constexpr StringLiteral kReportAttr = "gyrus.quantization";
constexpr StringLiteral kFracBitsAttr = "gyrus.frac_bits";
constexpr int kMaxFracBits = 23;

bool isQuantized(PopulationOp population) {
  return population.getModel() == NeuronModel::Input || population.getFixedParams();
}

struct SnnQuantize : gyrus::impl::SnnQuantizeBase<SnnQuantize> {
  using SnnQuantizeBase::SnnQuantizeBase;

  void runOnOperation() override {
    NetworkOp network = getOperation();
    if (fracBits < 0 || fracBits > kMaxFracBits) {
      network.emitError() << "snn-quantize: frac-bits = " << static_cast<int>(fracBits)
                          << " is outside [0, " << kMaxFracBits << "]";
      return signalPassFailure();
    }
    std::optional<target::TargetDescription> loaded =
        loadTargetOption(network, getArgument(), target);
    if (!loaded)
      return signalPassFailure();
    weightBits = loaded->core.weight_bits;

    // Projections by target population, in IR order (the order of the output).
    llvm::DenseMap<StringAttr, SmallVector<ProjectionOp>> incoming;
    for (ProjectionOp projection : network.getBody()->getOps<ProjectionOp>())
      incoming[projection.getTargetAttr().getAttr()].push_back(projection);

    SmallVector<PopulationOp> todo;
    for (PopulationOp population : network.getBody()->getOps<PopulationOp>()) {
      // lookup returns a copy: hold it, an ArrayRef to the temporary would dangle.
      const SmallVector<ProjectionOp> in = incoming.lookup(population.getSymNameAttr());
      bool done = isQuantized(population);
      for (ProjectionOp projection : in) {
        if (projection.isQuantized() == done)
          continue;
        projection.emitError() << "snn-quantize: projection @" << projection.getSymName()
                               << (done ? " has float weights but its target @"
                                        : " is already quantized but its target @")
                               << population.getSymName()
                               << (done ? " is already quantized" : " is not")
                               << "; a population is quantized together with the projections "
                                  "it receives";
        return signalPassFailure();
      }
      if (!done)
        todo.push_back(population);
    }
    if (todo.empty())
      return; // already quantized: nothing to do

    if (auto recorded = network->getAttrOfType<IntegerAttr>(kFracBitsAttr);
        recorded && recorded.getInt() != fracBits) {
      network.emitError() << "snn-quantize: the network is partly quantized with frac-bits = "
                          << recorded.getInt() << ", not " << static_cast<int>(fracBits);
      return signalPassFailure();
    }
    network->setAttr(kFracBitsAttr, IntegerAttr::get(IntegerType::get(&getContext(), 64),
                                                     static_cast<int64_t>(fracBits)));

    for (PopulationOp population : todo)
      if (failed(quantizePopulation(population, incoming[population.getSymNameAttr()])))
        return signalPassFailure();
  }

private:
  int weightBits = 8;

  LogicalResult quantizePopulation(PopulationOp population, ArrayRef<ProjectionOp> projections) {
    // Elided blobs (--mlir-elide-resource-strings-if-larger) parse, but have no values.
    if (auto bias = dyn_cast_or_null<ElementsAttr>(population.getParam("bias"));
        bias && !hasReadableValues(bias))
      return population.emitError() << "snn-quantize: population @" << population.getSymName()
                                    << ": the values of params.bias are not available (elided "
                                       "or missing resource blob)";
    if (auto bias = population.getParam("bias"); bias && !std::isfinite(scanFloats(bias).maxAbs))
      return population.emitError() << "snn-quantize: population @" << population.getSymName()
                                    << " has a bias that is not finite";
    SmallVector<Incoming> incoming;
    for (ProjectionOp projection : projections) {
      if (!hasReadableValues(projection.getWeights()))
        return projection.emitError() << "snn-quantize: projection @" << projection.getSymName()
                                      << ": the values of its weights are not available (elided "
                                         "or missing resource blob)";
      Incoming& in = incoming.emplace_back();
      in.op = projection;
      in.stats = scanFloats(projection.getWeights());
      if (!std::isfinite(in.stats.maxAbs))
        return projection.emitError() << "snn-quantize: projection @" << projection.getSymName()
                                      << " has weights that are not finite";
      in.mantissaLimit = weightMantissaLimit(weightBits, in.stats.mixedSign());
    }

    PopulationResult result;
    LogicalResult chosen = population.getModel() == NeuronModel::CubaLif
                               ? quantizeCubaLif(population, incoming, result)
                               : quantizeGraded(population, incoming, fracBits, result);
    if (failed(chosen))
      return failure();

    for (Incoming& in : incoming)
      writeProjection(in);

    MLIRContext* context = population.getContext();
    result.report.append("saturated",
                         IntegerAttr::get(IntegerType::get(context, 64), result.saturated));
    population.setFixedParamsAttr(result.fixedParams.getDictionary(context));
    population->setAttr(kReportAttr, result.report.getDictionary(context));
    if (result.saturated)
      population.emitWarning() << "snn-quantize: population @" << population.getSymName() << ": "
                               << result.saturated << " value(s) saturated ("
                               << llvm::join(result.saturatedWhat, ", ") << ")";
    return success();
  }

  /// Replaces the float weights with mantissas m = round(w * factor), clipped to the
  /// sign mode's range, in the narrowest integer type that holds that range.
  void writeProjection(Incoming& in) {
    MLIRContext* context = in.op.getContext();
    ErrorStats errors;
    Attribute mantissas =
        quantizeFloats(in.op.getWeights(), {in.factor, -in.mantissaLimit, in.mantissaLimit},
                       storageBits(in.mantissaLimit), "_q", errors);
    in.op.setWeightsAttr(cast<ElementsAttr>(mantissas));
    in.op.setWeightExpAttr(IntegerAttr::get(IntegerType::get(context, 32), in.weightExp));

    auto f64 = [&](double value) { return FloatAttr::get(Float64Type::get(context), value); };
    NamedAttrList report;
    report.append("rel_rms", f64(errors.relRms()));
    report.append("max_abs_error", f64(errors.maxAbsError));
    report.append("saturated", IntegerAttr::get(IntegerType::get(context, 64), errors.saturated));
    report.append("weight_exp", IntegerAttr::get(IntegerType::get(context, 32), in.weightExp));
    in.op->setAttr(kReportAttr, report.getDictionary(context));
    if (errors.saturated)
      in.op.emitWarning() << "snn-quantize: projection @" << in.op.getSymName() << ": "
                          << errors.saturated << " weight(s) saturated at ±" << in.mantissaLimit
                          << " with weight_exp = " << in.weightExp << ", the largest allowed";
  }
};

} // namespace
