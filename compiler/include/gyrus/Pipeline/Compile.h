//===- Compile.h - the `gyrus compile` pipeline, as a library ---*- C++ -*-===//
//
// Loads a network in any format gyrus reads (network file, NIR, snn IR), runs the
// default pass pipeline up to the requested stage and summarises the result. The
// `gyrus` command and the benchmarks drive it; gyrus-opt runs the same passes one by
// one. Errors are MLIR diagnostics, so callers install a handler to collect them.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/StringRef.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gyrus {

/// Where the pipeline stops. Later stages (partition, place, route, image) follow the
/// chip conversion.
enum class EmitStage { SNN, Quantized };

/// "snn" / "quantized", or nullopt for an unknown name.
std::optional<EmitStage> parseEmitStage(llvm::StringRef name);
llvm::StringRef emitStageName(EmitStage stage);

enum class InputFormat { NetworkFile, NIR, MLIR };

llvm::StringRef inputFormatName(InputFormat format);

/// Tells the formats apart by content, not by name: HDF5 files are a network file if
/// they hold /weights, NIR if they hold /node; anything else is parsed as MLIR (text or
/// bytecode). Returns an error message naming the file when it cannot be opened.
std::optional<InputFormat> detectInputFormat(llvm::StringRef path, std::string& error);

struct CompileOptions {
  /// A target preset name or a chip description file (targets/*.json).
  std::string target;
  EmitStage emit = EmitStage::Quantized;
  /// NIR's continuous-time parameters are discretised with this step, in seconds.
  double nirDt = 1e-4;
  /// Fraction bits of graded state (leaky_sigma_delta, linear, sigma_delta).
  int fracBits = 12;
};

/// Reads `path` into a module holding one snn.network and verifies it. Null on error
/// (reported as diagnostics located in the file).
mlir::OwningOpRef<mlir::ModuleOp> loadNetwork(llvm::StringRef path, const CompileOptions& options,
                                              mlir::MLIRContext* context);

/// Runs target verification and, for EmitStage::Quantized, quantization.
mlir::LogicalResult runCompilePipeline(mlir::ModuleOp module, const CompileOptions& options);

/// What the module holds: per population (model, size) and per projection (shape,
/// synapses, quantization report where present), plus totals.
nlohmann::json summarizeNetwork(mlir::ModuleOp module);

} // namespace gyrus
