// How the compiler's commands turn MLIR diagnostics into the one-line errors every
// gyrus command gives: the first error wins, warnings are logged as they come.
#pragma once

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "tools/gyrus/context.h"

#include <fmt/core.h>
#include <spdlog/spdlog.h>
#include <string>

namespace gyrus::cli {

/// "file:line:col: message" for errors inside a text file, "file: message" for the
/// HDF5 formats, whose locations carry no line.
inline std::string format_diagnostic(const mlir::Diagnostic& diagnostic) {
  std::string prefix;
  if (auto loc = mlir::dyn_cast<mlir::FileLineColLoc>(diagnostic.getLocation())) {
    prefix = loc.getFilename().str();
    if (loc.getLine() != 0)
      prefix += fmt::format(":{}:{}", loc.getLine(), loc.getColumn());
    prefix += ": ";
  }
  return prefix + diagnostic.str();
}

/// Collects what the compiler reports while it is in scope.
class DiagnosticCollector {
public:
  explicit DiagnosticCollector(mlir::MLIRContext& context)
      : handler_(&context, [this](mlir::Diagnostic& diagnostic) {
          std::string text = format_diagnostic(diagnostic);
          if (diagnostic.getSeverity() == mlir::DiagnosticSeverity::Error) {
            if (first_error_.empty())
              first_error_ = text;
          } else if (diagnostic.getSeverity() == mlir::DiagnosticSeverity::Warning) {
            spdlog::warn("{}", text);
          }
          return mlir::success();
        }) {}

  /// Throws the first error as a UsageError, or `fallback` if there was none.
  [[noreturn]] void fail(const std::string& fallback) const {
    throw UsageError(first_error_.empty() ? fallback : first_error_);
  }

private:
  std::string first_error_;
  mlir::ScopedDiagnosticHandler handler_;
};

} // namespace gyrus::cli
