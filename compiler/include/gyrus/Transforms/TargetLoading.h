//===- TargetLoading.h - resolve a target without exceptions ----*- C++ -*-===//
//
// targets/target_description.h reports problems by throwing TargetError, but the
// compiler is built with -fno-exceptions. This wrapper, compiled with exceptions in
// its own small library, turns the exception into an error message. loadTargetOption
// (library GyrusTargetOption) is what every pass with a `target` option calls.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "targets/target_description.h"

#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <string_view>

namespace mlir {
class Operation;
} // namespace mlir

namespace gyrus {

/// gyrus::target::resolve_target(nameOrPath), or nullopt with the loader's message in
/// `error`.
std::optional<target::TargetDescription> tryResolveTarget(std::string_view nameOrPath,
                                                          std::string& error);

/// Resolves the `target` option of pass `passName`; on failure (empty option, unknown
/// preset, unreadable or invalid file) emits an error on `op` naming the option value
/// and the loader's message.
std::optional<target::TargetDescription>
loadTargetOption(mlir::Operation* op, llvm::StringRef passName, llvm::StringRef option);

} // namespace gyrus
