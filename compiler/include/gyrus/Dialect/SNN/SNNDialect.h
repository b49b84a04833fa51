//===- SNNDialect.h - the snn dialect and its attributes --------*- C++ -*-===//

#pragma once

#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

// Generated from SNNDialect.td: the dialect class, then the NeuronModel enum, then the
// attribute that wraps it.
#include "gyrus/Dialect/SNN/SNNOpsDialect.h.inc"
// (kept in this order)
#include "gyrus/Dialect/SNN/SNNEnums.h.inc"

#define GET_ATTRDEF_CLASSES
#include "gyrus/Dialect/SNN/SNNAttrs.h.inc"
