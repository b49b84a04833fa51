//===- Passes.h - gyrus transformation passes -------------------*- C++ -*-===//
//
// Declares the passes of Passes.td: createSnnVerifyTarget / createSnnQuantize (with
// their option structs SnnVerifyTargetOptions / SnnQuantizeOptions) and
// registerPasses(), which makes them available to gyrus-opt; and the front of the
// compile pipeline, as a function and as the registered pipeline `gyrus-compile`.
//
//===----------------------------------------------------------------------===//

#pragma once

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

/// Registers addCompilePipeline as `gyrus-compile{target=... quantize=... frac-bits=...}`.
void registerCompilePipeline();

} // namespace gyrus
