//===- NeuronModels.h - the parameters each neuron model accepts -*- C++ -*-===//
//
// One table per neuron model and form (float `params`, integer `fixed_params`): the
// parameter names, their types and ranges. The snn verifier checks populations against
// it, the chip verifier checks compartment groups against the integer form, and
// docs/ir-reference.md prints the same tables. Change them together.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

namespace gyrus::snn {

enum class ParamType { Real, Integer };

struct ParamSpec {
  llvm::StringLiteral name;
  ParamType type;
  bool required;
  /// May be an array of shape [size], one value per neuron (only biases: Loihi
  /// configures decays and thresholds per group of compartments, biases per
  /// compartment).
  bool perNeuron;
  double min;
  double max;
  /// The range is (min, max] rather than [min, max].
  bool minExclusive;
};

/// The parameters of `model` in the float (`fixed` false) or integer form.
llvm::ArrayRef<ParamSpec> getParamSpecs(NeuronModel model, bool fixed);

/// Checks a parameter dictionary of a group of `size` neurons of `model`: every name
/// known, every required name present, types, shapes and ranges (array values too,
/// where readable). Errors go to `op` and name `dictName` and the parameter.
mlir::LogicalResult verifyParams(mlir::Operation* op, llvm::StringRef dictName,
                                 mlir::DictionaryAttr params, NeuronModel model, bool fixed,
                                 int64_t size);

} // namespace gyrus::snn
