//===- Quantize.h - snn-quantize's per-model choices ------------*- C++ -*-===//
//
// The pass (Quantize.cpp) walks the network, keeps the bookkeeping (which population
// receives which projection, what is already quantized) and writes the results; the
// per-model choices of scales and exponents live in QuantizeModels.cpp. The formulas
// are in docs/quantization.md.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "QuantizeArrays.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/SmallVector.h"

namespace gyrus {

/// A projection into the population being quantized, with its float statistics.
struct Incoming {
  mutable snn::ProjectionOp op; // an op handle: its methods are not const
  ArrayStats stats;
  int64_t mantissaLimit = 0; ///< |m| bound of its sign mode
  /// Chosen by the model: m = round(w * factor), weight_exp.
  double factor = 1;
  int weightExp = 0;
};

/// What quantizing one population produced: its fixed_params and its report.
struct PopulationResult {
  mlir::NamedAttrList fixedParams;
  mlir::NamedAttrList report;
  int64_t saturated = 0;
  llvm::SmallVector<std::string> saturatedWhat; ///< "bias: 3" for the warning
};

/// Chooses the scale of a cuba_lif population and the exponents of its incoming
/// projections, and quantizes its parameters. Fails with an error on the population or
/// a projection when no scale represents them.
mlir::LogicalResult quantizeCubaLif(snn::PopulationOp population,
                                    llvm::MutableArrayRef<Incoming> incoming,
                                    PopulationResult& result);

/// The same for the graded models (sigma_delta, leaky_sigma_delta, linear), whose state
/// unit is 2^-fracBits.
mlir::LogicalResult quantizeGraded(snn::PopulationOp population,
                                   llvm::MutableArrayRef<Incoming> incoming, int fracBits,
                                   PopulationResult& result);

} // namespace gyrus
