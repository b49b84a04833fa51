//===- gyrus-opt.cpp - run gyrus passes on snn and chip IR ------------------===//
//
// The mlir-opt of gyrus: parses, verifies, transforms and prints IR of the snn and chip
// dialects (text or, with --emit-bytecode, MLIR bytecode), running any of gyrus's
// passes (--snn-verify-target, --snn-quantize, ...). lit tests drive it.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/Chip/ChipDialect.h"
#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Transforms/Passes.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Tools/mlir-opt/MlirOptMain.h"

int main(int argc, char** argv) {
  mlir::DialectRegistry registry;
  registry.insert<gyrus::snn::SNNDialect, gyrus::chip::ChipDialect>();
  gyrus::registerPasses();
  gyrus::registerCompilePipeline();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "gyrus optimizer driver: snn and chip dialects\n", registry));
}
