//===- EmitImagePass.cpp - the chip-emit-image pass -------------------------===//

#include "gyrus/Target/Image/EmitImage.h"
#include "gyrus/Transforms/Passes.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/BuiltinOps.h"

namespace gyrus {
#define GEN_PASS_DEF_CHIPEMITIMAGE
#include "gyrus/Transforms/Passes.h.inc"
} // namespace gyrus

using namespace mlir;
using namespace gyrus;

namespace {

struct ChipEmitImage : gyrus::impl::ChipEmitImageBase<ChipEmitImage> {
  using ChipEmitImageBase::ChipEmitImageBase;

  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<chip::ChipOp> chips(module.getBody()->getOps<chip::ChipOp>());
    if (chips.size() != 1) {
      module.emitError() << "chip-emit-image: the module must hold exactly one chip.chip, not "
                         << chips.size();
      return signalPassFailure();
    }
    if (output.empty()) {
      module.emitError() << "chip-emit-image needs an output file: "
                            "chip-emit-image=\"target=<preset> output=<file.gimg>\"";
      return signalPassFailure();
    }
    std::optional<target::TargetDescription> loaded =
        loadTargetOption(chips.front(), getArgument(), target);
    if (!loaded)
      return signalPassFailure();
    FailureOr<image::Image> image = emitImage(chips.front(), *loaded, imageMetadata(chips.front()));
    if (failed(image) || failed(writeImageFile(chips.front(), *image, output)))
      return signalPassFailure();
    markAllAnalysesPreserved();
  }
};

} // namespace
