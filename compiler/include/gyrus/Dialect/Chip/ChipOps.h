//===- ChipOps.h - chip dialect operations ----------------------*- C++ -*-===//

#pragma once

#include "gyrus/Dialect/Chip/ChipDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#define GET_OP_CLASSES
#include "gyrus/Dialect/Chip/ChipOps.h.inc"
