//===- TargetLoading.h - resolve a target without exceptions ----*- C++ -*-===//
//
// targets/target_description.h reports problems by throwing TargetError, but the
// compiler is built with -fno-exceptions. This wrapper, compiled with exceptions in
// its own small library, turns the exception into an error message.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "targets/target_description.h"

#include <optional>
#include <string>
#include <string_view>

namespace gyrus {

/// gyrus::target::resolve_target(nameOrPath), or nullopt with the loader's message in
/// `error`.
std::optional<target::TargetDescription> tryResolveTarget(std::string_view nameOrPath,
                                                          std::string& error);

} // namespace gyrus
