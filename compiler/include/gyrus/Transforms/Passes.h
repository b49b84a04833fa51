//===- Passes.h - gyrus transformation passes -------------------*- C++ -*-===//
//
// Declares the passes of Passes.td: create<Pass>() with its option struct <Pass>Options
// (createSnnQuantize, SnnQuantizeOptions, ...) and registerPasses(), which makes them
// available to gyrus-opt; and the compile pipeline, as functions and as the registered
// pipeline `gyrus-compile`.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Dialect/Chip/ChipOps.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "mlir/Pass/Pass.h"
#include "mlir/Pass/PassManager.h"

#include "llvm/ADT/StringRef.h"

#include <memory>
#include <string>

namespace gyrus {

#define GEN_PASS_DECL
#include "gyrus/Transforms/Passes.h.inc"

#define GEN_PASS_REGISTRATION
#include "gyrus/Transforms/Passes.h.inc"

/// Adds the snn stages of `gyrus compile` to `pm` (anchored on builtin.module):
/// snn-verify-target, then, if `quantize`, snn-quantize, each on every snn.network.
void addCompilePipeline(mlir::OpPassManager& pm, llvm::StringRef target, bool quantize,
                        int fracBits);

/// The options of the back half of the pipeline (docs/mapping.md has the strategies).
struct BackendOptions {
  std::string target;
  std::string partition = "spatial";
  std::string placement = "spatial";
  uint64_t seed = 0;
  int minCores = 0;
};

/// Adds the stages after quantization to `pm` (anchored on builtin.module):
/// snn-partition on every snn.network, convert-snn-to-chip, then chip-place and
/// chip-route on every chip.chip. chip-emit-image is not among them: it writes a file.
void addBackendPipeline(mlir::OpPassManager& pm, const BackendOptions& options);

/// Registers the pipeline as `gyrus-compile{target=... quantize=... frac-bits=...
/// chip=... partition=... placement=... seed=... min-cores=...}`; with chip=true (the
/// default is false: snn stages only) it runs addBackendPipeline after quantization.
void registerCompilePipeline();

} // namespace gyrus
