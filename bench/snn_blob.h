// A dense_resource array for synthetic snn networks in the compiler benchmarks: the form
// large weights take in gyrus IR.
#pragma once

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"

#include <vector>

namespace gyrus::bench {

template <typename T>
mlir::ElementsAttr blob(mlir::MLIRContext* /*the blob registry is per context*/,
                        llvm::StringRef name, mlir::Type element, std::vector<T> values,
                        llvm::SmallVector<int64_t> shape) {
  auto type = mlir::RankedTensorType::get(shape, element);
  return mlir::cast<mlir::ElementsAttr>(mlir::DenseResourceElementsAttr::get(
      type, name, mlir::HeapAsmResourceBlob::allocateAndCopyInferAlign<T>(values)));
}

} // namespace gyrus::bench
