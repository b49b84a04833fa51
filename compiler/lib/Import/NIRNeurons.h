//===- NIRNeurons.h - discretise NIR neuron nodes (private) -----*- C++ -*-===//
//
// Shared by NIR.cpp and NIRNeurons.cpp only: the forward-Euler discretisation of one
// NIR neuron node into cuba_lif parameters (docs/nir.md, "Neuron nodes").
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Import/NIR.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"

#include <optional>
#include <string>
#include <vector>

namespace gyrus::nir {

/// The shortest text that reads back as `value` ("0.5", "0.0002222222281091009"), so
/// that two different values never print alike in a diagnostic.
std::string formatNumber(double value);

/// The dataset `key` of node `name`; if absent and `required`, reports it at `loc` and
/// sets `failed`.
const NIRArray* findParam(llvm::StringRef name, const NIRNode& node, llvm::StringRef key,
                          bool required, mlir::Location loc, bool& failed);

/// A neuron node as cuba_lif: decays, optional threshold, and per neuron the factor
/// for incoming weight rows, the factor for incoming Affine biases, and the bias from
/// v_leak.
struct Discretised {
  double decayU = 1, decayV = 0;
  std::optional<double> threshold;
  std::vector<double> rowScale, biasScale, bias;
};

/// Discretises the LIF, CubaLIF, IF, LI or CubaLI node `name` of `size` neurons with
/// time step `dt`. Errors (missing or non-uniform datasets, a nonzero v_reset, a decay
/// above 1) go to `loc`.
mlir::LogicalResult discretiseNeuron(llvm::StringRef name, const NIRNode& node, int64_t size,
                                     double dt, mlir::Location loc, Discretised& out);

} // namespace gyrus::nir
