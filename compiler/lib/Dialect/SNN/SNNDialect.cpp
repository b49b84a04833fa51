//===- SNNDialect.cpp - the snn dialect -------------------------------------===//

#include "gyrus/Dialect/SNN/SNNDialect.h"

#include "gyrus/Dialect/SNN/SNNOps.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace mlir;
using namespace gyrus::snn;

#include "gyrus/Dialect/SNN/SNNEnums.cpp.inc"
#include "gyrus/Dialect/SNN/SNNOpsDialect.cpp.inc"

#define GET_ATTRDEF_CLASSES
#include "gyrus/Dialect/SNN/SNNAttrs.cpp.inc"

void SNNDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "gyrus/Dialect/SNN/SNNOps.cpp.inc"
      >();
  addAttributes<
#define GET_ATTRDEF_LIST
#include "gyrus/Dialect/SNN/SNNAttrs.cpp.inc"
      >();
}
