//===- TargetOption.cpp - load the target option of an snn pass -------------===//

#include "TargetOption.h"

#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Operation.h"

#include <string>

namespace gyrus {

std::optional<target::TargetDescription>
loadTargetOption(mlir::Operation* op, llvm::StringRef passName, llvm::StringRef option) {
  if (option.empty()) {
    op->emitError() << passName << " needs a target: " << passName
                    << "=\"target=<preset or file.json>\" (presets: loihi1, loihi2, mini)";
    return std::nullopt;
  }
  std::string error;
  std::optional<target::TargetDescription> target = tryResolveTarget(option.str(), error);
  if (!target)
    op->emitError() << passName << ": cannot load target '" << option << "': " << error;
  return target;
}

} // namespace gyrus
