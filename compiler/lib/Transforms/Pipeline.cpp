//===- Pipeline.cpp - the stages of the compile pipeline --------------------===//
//
// One definition of the pass order, shared by `gyrus compile` (lib/Pipeline) and
// gyrus-opt's --pass-pipeline='builtin.module(gyrus-compile{target=mini chip=true})'.
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
  Option<bool> chip{*this, "chip",
                    llvm::cl::desc("Go on to a placed, routed chip.chip (needs quantize)"),
                    llvm::cl::init(false)};
  Option<std::string> partition{*this, "partition", llvm::cl::desc("snn-partition strategy"),
                                llvm::cl::init("spatial")};
  Option<std::string> placement{*this, "placement", llvm::cl::desc("chip-place strategy"),
                                llvm::cl::init("spatial")};
  Option<uint64_t> seed{*this, "seed", llvm::cl::desc("Seed of random and anneal strategies"),
                        llvm::cl::init(0)};
  Option<int> minCores{*this, "min-cores", llvm::cl::desc("Use at least this many cores"),
                       llvm::cl::init(0)};
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

void addBackendPipeline(OpPassManager& pm, const BackendOptions& options) {
  SnnPartitionOptions partition;
  partition.target = options.target;
  partition.strategy = options.partition;
  partition.seed = options.seed;
  partition.minCores = options.minCores;
  pm.addNestedPass<snn::NetworkOp>(createSnnPartition(partition));
  ConvertSnnToChipOptions convert;
  convert.target = options.target;
  pm.addPass(createConvertSnnToChip(convert));
  ChipPlaceOptions place;
  place.target = options.target;
  place.strategy = options.placement;
  place.seed = options.seed;
  pm.addNestedPass<chip::ChipOp>(createChipPlace(place));
  pm.addNestedPass<chip::ChipOp>(createChipRoute());
}

void registerCompilePipeline() {
  PassPipelineRegistration<CompilePipelineOptions>(
      "gyrus-compile",
      "The stages of `gyrus compile`: snn-verify-target, snn-quantize and, with chip=true, "
      "snn-partition, convert-snn-to-chip, chip-place, chip-route",
      [](OpPassManager& pm, const CompilePipelineOptions& options) {
        addCompilePipeline(pm, options.target, options.quantize, options.fracBits);
        if (!options.chip)
          return;
        BackendOptions backend;
        backend.target = options.target;
        backend.partition = options.partition;
        backend.placement = options.placement;
        backend.seed = options.seed;
        backend.minCores = options.minCores;
        addBackendPipeline(pm, backend);
      });
}

} // namespace gyrus
