//===- ChipDialect.h - the chip dialect and its attributes ------*- C++ -*-===//

#pragma once

#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "mlir/IR/Dialect.h"
#include "mlir/IR/DialectImplementation.h"

// Generated from ChipDialect.td.
#include "gyrus/Dialect/Chip/ChipOpsDialect.h.inc"

#define GET_ATTRDEF_CLASSES
#include "gyrus/Dialect/Chip/ChipAttrs.h.inc"
