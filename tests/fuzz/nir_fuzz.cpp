// libFuzzer target for the NIR importer (gyrus/Import/NIR.h): the input is one byte that
// picks the time step dt, then a script (hdf5_script.h) that builds an HDF5 file in
// memory. readNIRFile must read it or fail with a message (it never throws), and
// importNIRGraph must give a module that verifies or report an error diagnostic.
// Anything else (an exception, a crash, a sanitizer report, a failure without a
// message) is a bug. Built with libFuzzer under Clang; nir_fuzz_replay runs it over the
// seed corpus under any compiler.
#include "gyrus/Import/NIR.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "tests/fuzz/hdf5_dictionaries.h"
#include "tests/fuzz/hdf5_script.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace {

/// Time steps: the default, the lit fixtures', and extremes.
constexpr double kTimeSteps[] = {1e-4, 0.125, 1e-3, 1.0, 1e-12, 1e6, 0.0, -1.0};

/// GYRUS_FUZZ_VERBOSE=1 prints what became of each input (for replaying one by hand).
const bool kVerbose = std::getenv("GYRUS_FUZZ_VERBOSE") != nullptr;

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0)
    return 0;
  gyrus::NIRImportOptions options;
  options.dt = kTimeSteps[data[0] % (sizeof kTimeSteps / sizeof kTimeSteps[0])];
  const std::optional<H5::H5File> file =
      gyrus::fuzz::build_hdf5_file({data + 1, size - 1}, gyrus::fuzz::kNirNames);
  if (!file)
    return 0;
  gyrus::NIRGraph graph;
  std::string error;
  if (!gyrus::readNIRFile(*file, graph, error)) {
    if (kVerbose)
      std::fprintf(stderr, "read: %s\n", error.c_str());
    if (error.empty())
      __builtin_trap();
    return 0;
  }

  // A fresh context per input: blobs and uniqued attributes would pile up in a shared one.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  bool reported = false;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic& diagnostic) {
    reported |= diagnostic.getSeverity() == mlir::DiagnosticSeverity::Error;
    if (kVerbose)
      std::fprintf(stderr, "import: %s\n", diagnostic.str().c_str());
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module = gyrus::importNIRGraph(
      graph, "fuzz", options, mlir::FileLineColLoc::get(&context, "fuzz.nir", 0, 0));
  if (kVerbose && module)
    std::fprintf(stderr, "imported %zu nodes, %zu edges\n", graph.nodes.size(), graph.edges.size());
  if (module ? mlir::failed(mlir::verify(*module)) : !reported)
    __builtin_trap();
  return 0;
}
