//===- ElementsAccess.cpp - read numbers out of elements attributes ---------===//

#include "gyrus/Support/ElementsAccess.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Operation.h"

#include <optional>

using namespace mlir;

namespace gyrus {

bool isSupportedIntegerElementType(Type type) {
  return type.isSignlessInteger(8) || type.isSignlessInteger(16) || type.isSignlessInteger(32) ||
         type.isSignlessInteger(64);
}

bool isSupportedFloatElementType(Type type) {
  return type.isF32() || type.isF64();
}

namespace {

/// The values of a dense_resource of element type T, or nullopt when the blob is
/// elided, missing, or does not hold exactly the number of elements of the type.
template <typename T> std::optional<ArrayRef<T>> resourceValues(ElementsAttr attr) {
  auto resource = dyn_cast<detail::DenseResourceElementsAttrBase<T>>(attr);
  if (!resource)
    return std::nullopt;
  std::optional<ArrayRef<T>> values = resource.tryGetAsArrayRef();
  if (!values || static_cast<int64_t>(values->size()) != attr.getNumElements())
    return std::nullopt;
  return values;
}

template <typename T, typename Visit> bool visitAs(ElementsAttr attr, Visit&& visit) {
  if (auto dense = dyn_cast<DenseElementsAttr>(attr)) {
    int64_t index = 0;
    for (T value : dense.getValues<T>())
      if (!visit(index++, value))
        break;
    return true;
  }
  std::optional<ArrayRef<T>> values = resourceValues<T>(attr);
  if (!values)
    return false;
  for (auto [index, value] : llvm::enumerate(*values))
    if (!visit(static_cast<int64_t>(index), value))
      break;
  return true;
}

/// Whether the blob behind a dense_resource can be read with the accessor for its
/// element type (and holds the right number of elements).
bool resourceReadable(ElementsAttr attr) {
  Type type = attr.getElementType();
  if (type.isSignlessInteger(8))
    return resourceValues<int8_t>(attr).has_value();
  if (type.isSignlessInteger(16))
    return resourceValues<int16_t>(attr).has_value();
  if (type.isSignlessInteger(32))
    return resourceValues<int32_t>(attr).has_value();
  if (type.isSignlessInteger(64))
    return resourceValues<int64_t>(attr).has_value();
  if (type.isF32())
    return resourceValues<float>(attr).has_value();
  if (type.isF64())
    return resourceValues<double>(attr).has_value();
  return false;
}

} // namespace

LogicalResult verifyNumericArray(Operation* op, ElementsAttr attr, StringRef what, bool integer) {
  if (!isa<DenseElementsAttr, DenseResourceElementsAttr>(attr))
    return op->emitOpError() << what << " must be a dense<...> or dense_resource<...> array";
  Type type = attr.getElementType();
  if (integer ? !isSupportedIntegerElementType(type) : !isSupportedFloatElementType(type))
    return op->emitOpError() << what << " must have element type "
                             << (integer ? "i8, i16, i32 or i64" : "f32 or f64") << ", not "
                             << type;
  // An elided blob is fine (IR printed with --mlir-elide-resource-strings-if-larger);
  // a blob of the wrong size is not.
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(attr)) {
    const AsmResourceBlob* blob = resource.getRawHandle().getBlob();
    if (blob && !resourceReadable(attr))
      return op->emitOpError() << what << ": resource blob '" << resource.getRawHandle().getKey()
                               << "' holds " << blob->getData().size()
                               << " bytes, which do not match " << attr.getType();
  }
  return success();
}

bool hasReadableValues(ElementsAttr attr) {
  if (isa<DenseElementsAttr>(attr))
    return true;
  return isa<DenseResourceElementsAttr>(attr) && resourceReadable(attr);
}

bool visitIntegers(ElementsAttr attr, function_ref<bool(int64_t, int64_t)> visit) {
  Type type = attr.getElementType();
  auto widen = [&](int64_t index, auto value) { return visit(index, static_cast<int64_t>(value)); };
  if (type.isSignlessInteger(8))
    return visitAs<int8_t>(attr, widen);
  if (type.isSignlessInteger(16))
    return visitAs<int16_t>(attr, widen);
  if (type.isSignlessInteger(32))
    return visitAs<int32_t>(attr, widen);
  if (type.isSignlessInteger(64))
    return visitAs<int64_t>(attr, widen);
  return false;
}

bool visitFloats(ElementsAttr attr, function_ref<bool(int64_t, double)> visit) {
  Type type = attr.getElementType();
  auto widen = [&](int64_t index, auto value) { return visit(index, static_cast<double>(value)); };
  if (type.isF32())
    return visitAs<float>(attr, widen);
  if (type.isF64())
    return visitAs<double>(attr, widen);
  return false;
}

std::optional<std::vector<int64_t>> readIntegers(ElementsAttr attr) {
  std::vector<int64_t> values;
  values.reserve(attr.getNumElements());
  if (!visitIntegers(attr, [&](int64_t, int64_t value) {
        values.push_back(value);
        return true;
      }))
    return std::nullopt;
  return values;
}

std::optional<std::string> findCsrProblem(ElementsAttr indptr, int64_t rows, int64_t nnz) {
  if (indptr.getNumElements() != rows + 1)
    return "indptr has " + std::to_string(indptr.getNumElements()) + " entries, expected " +
           std::to_string(rows + 1) + " (rows + 1)";
  std::optional<std::string> problem;
  int64_t previous = 0;
  visitIntegers(indptr, [&](int64_t row, int64_t value) {
    if (row == 0 && value != 0)
      problem = "indptr[0] = " + std::to_string(value) + ", expected 0";
    else if (value < previous)
      problem = "indptr decreases at entry " + std::to_string(row);
    else if (row == rows && value != nnz)
      problem = "indptr ends at " + std::to_string(value) + " but there are " +
                std::to_string(nnz) + " entries";
    previous = value;
    return !problem;
  });
  return problem;
}

std::optional<std::pair<int64_t, int64_t>> findOutOfRange(ElementsAttr values, int64_t min,
                                                          int64_t max) {
  std::optional<std::pair<int64_t, int64_t>> bad;
  visitIntegers(values, [&](int64_t index, int64_t value) {
    if (value >= min && value <= max)
      return true;
    bad = {index, value};
    return false;
  });
  return bad;
}

std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text = "[";
  for (auto [i, extent] : llvm::enumerate(shape)) {
    if (i)
      text += ", ";
    text += std::to_string(extent);
  }
  return text + "]";
}

} // namespace gyrus
