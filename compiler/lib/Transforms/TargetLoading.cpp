//===- TargetLoading.cpp - resolve a target without exceptions --------------===//

#include "gyrus/Transforms/TargetLoading.h"

#include <exception>

namespace gyrus {

std::optional<target::TargetDescription> tryResolveTarget(std::string_view nameOrPath,
                                                          std::string& error) {
  try {
    return target::resolve_target(nameOrPath);
  } catch (const target::TargetError& e) {
    error = e.what();
  } catch (const std::exception& e) { // e.g. a filesystem error on a strange path
    error = e.what();
  }
  return std::nullopt;
}

} // namespace gyrus
