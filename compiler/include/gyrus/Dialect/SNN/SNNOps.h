//===- SNNOps.h - snn dialect operations ------------------------*- C++ -*-===//

#pragma once

#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"

#define GET_OP_CLASSES
#include "gyrus/Dialect/SNN/SNNOps.h.inc"
