//===- Pipeline.cpp - the snn stages of the compile pipeline ----------------===//
//
// One definition of the pass order, shared by `gyrus compile` (lib/Pipeline) and
// gyrus-opt's --pass-pipeline='builtin.module(gyrus-compile{target=mini})'.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Transforms/Passes.h"
#include "mlir/Pass/PassRegistry.h"

#include <string>

using namespace mlir;

namespace gyrus {
namespace {

struct CompilePipelineOptions : PassPipelineOptions<CompilePipelineOptions> {
  Option<std::string> target{*this, "target",
                             llvm::cl::desc("Target preset name or chip description file")};
  Option<bool> quantize{*this, "quantize", llvm::cl::desc("Run snn-quantize after the checks"),
                        llvm::cl::init(true)};
  Option<int> fracBits{*this, "frac-bits",
                       llvm::cl::desc("Fraction bits F of graded state: one unit is 2^-F"),
                       llvm::cl::init(12)};
};

} // namespace

void addCompilePipeline(OpPassManager& pm, StringRef target, bool quantize, int fracBits) {
  SnnVerifyTargetOptions verifyOptions;
  verifyOptions.target = target.str();
  pm.addNestedPass<snn::NetworkOp>(createSnnVerifyTarget(verifyOptions));
  if (!quantize)
    return;
  SnnQuantizeOptions quantizeOptions;
  quantizeOptions.target = target.str();
  quantizeOptions.fracBits = fracBits;
  pm.addNestedPass<snn::NetworkOp>(createSnnQuantize(quantizeOptions));
}

void registerCompilePipeline() {
  PassPipelineRegistration<CompilePipelineOptions>(
      "gyrus-compile", "The snn stages of `gyrus compile`: snn-verify-target, snn-quantize",
      [](OpPassManager& pm, const CompilePipelineOptions& options) {
        addCompilePipeline(pm, options.target, options.quantize, options.fracBits);
      });
}

} // namespace gyrus
