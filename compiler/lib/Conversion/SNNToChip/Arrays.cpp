//===- Arrays.cpp - inline or blob arrays -----------------------------------===//

#include "gyrus/Conversion/SNNToChip/Arrays.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

#include <vector>

using namespace mlir;

namespace gyrus {

template <typename T>
static ElementsAttr typedArray(MLIRContext* context, StringRef blobName, ArrayRef<int64_t> values,
                               unsigned bits) {
  std::vector<T> narrowed(values.begin(), values.end());
  auto type =
      RankedTensorType::get({static_cast<int64_t>(values.size())}, IntegerType::get(context, bits));
  if (static_cast<int64_t>(values.size()) <= kInlineArrayLimit)
    return DenseElementsAttr::get(type, ArrayRef<T>(narrowed));
  return cast<ElementsAttr>(detail::DenseResourceElementsAttrBase<T>::get(
      type, blobName, HeapAsmResourceBlob::allocateAndCopyInferAlign<T>(narrowed)));
}

ElementsAttr makeIntegerArray(MLIRContext* context, StringRef blobName, ArrayRef<int64_t> values,
                              unsigned bits) {
  switch (bits) {
  case 8:
    return typedArray<int8_t>(context, blobName, values, bits);
  case 16:
    return typedArray<int16_t>(context, blobName, values, bits);
  case 32:
    return typedArray<int32_t>(context, blobName, values, bits);
  default:
    return typedArray<int64_t>(context, blobName, values, 64);
  }
}

unsigned integerBitsFor(ArrayRef<int64_t> values) {
  int64_t low = 0, high = 0;
  for (int64_t v : values) {
    low = std::min(low, v);
    high = std::max(high, v);
  }
  for (unsigned bits : {8u, 16u, 32u})
    if (low >= -(int64_t{1} << (bits - 1)) && high < (int64_t{1} << (bits - 1)))
      return bits;
  return 64;
}

ElementsAttr makePositionArray(MLIRContext* context, StringRef blobName,
                               ArrayRef<std::array<float, 2>> positions) {
  std::vector<float> flat;
  flat.reserve(2 * positions.size());
  for (const auto& p : positions)
    flat.insert(flat.end(), p.begin(), p.end());
  auto type =
      RankedTensorType::get({static_cast<int64_t>(positions.size()), 2}, Float32Type::get(context));
  if (static_cast<int64_t>(flat.size()) <= kInlineArrayLimit)
    return DenseElementsAttr::get(type, ArrayRef<float>(flat));
  return cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
      type, blobName, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(flat)));
}

} // namespace gyrus
