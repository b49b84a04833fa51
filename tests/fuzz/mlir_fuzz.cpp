// libFuzzer target for the MLIR text entry of `gyrus compile` (gyrus/Pipeline/Compile.h):
// the input is parsed as snn IR, checked as loadNetwork checks it (one snn.network, the
// verifier), compiled for the 16-core `mini` chip to a deployment image, and the image is
// serialised in memory. Every refusal must be an error diagnostic; a crash, an abort, a
// sanitizer report or a failure without an error is a bug. Built with libFuzzer under
// Clang; mlir_fuzz_replay runs it over the seed corpus under any compiler. Every step is
// the library's own (parseNetwork, as loadNetwork reads MLIR files; runCompilePipeline;
// emitModuleImage); only the buffer is the target's.
#include "gyrus/Dialect/Chip/ChipDialect.h"
#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Pipeline/Compile.h"
#include "gyrus/Target/Image/EmitImage.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/MemoryBuffer.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <unistd.h>

namespace {

/// GYRUS_FUZZ_VERBOSE=1 prints the diagnostics of each input (for replaying one by hand).
const bool kVerbose = std::getenv("GYRUS_FUZZ_VERBOSE") != nullptr;

/// A copy of the input, its terminating NUL and the lexer guard (gyrus/Pipeline/Compile.h)
/// at the very end of a readable page, with an inaccessible page after it. MLIR 19's
/// lexer reads past the NUL when the input ends inside a file-metadata block
/// (`{-#dialect_resources:{builtin:{s:`, found by this target); libMLIR is not
/// instrumented, so ASan cannot see such reads: the page turns one that passes the guard
/// into a SEGV, which checks that the guard `gyrus compile` uses is enough.
class PageEndCopy {
public:
  explicit PageEndCopy(llvm::StringRef text) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t used = text.size() + 1 + gyrus::kLexerGuard;
    length_ = ((used + page - 1) / page + 1) * page;
    base_ = static_cast<char*>(
        mmap(nullptr, length_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
    if (base_ == MAP_FAILED || mprotect(base_ + length_ - page, page, PROT_NONE) != 0)
      __builtin_trap();
    char* start = base_ + length_ - page - used;
    std::memcpy(start, text.data(), text.size());
    start[text.size()] = '\0';
    std::memset(start + text.size() + 1, gyrus::kLexerGuardByte, gyrus::kLexerGuard);
    text_ = llvm::StringRef(start, text.size());
  }
  PageEndCopy(const PageEndCopy&) = delete;
  PageEndCopy& operator=(const PageEndCopy&) = delete;
  ~PageEndCopy() { munmap(base_, length_); }
  llvm::StringRef text() const { return text_; }

private:
  char* base_ = nullptr;
  size_t length_ = 0;
  llvm::StringRef text_;
};

/// Runs the entry point on `text`; false if it was refused (with an error reported).
bool compile(llvm::StringRef text, mlir::MLIRContext& context) {
  const PageEndCopy copy(text);
  mlir::OwningOpRef<mlir::ModuleOp> module = gyrus::parseNetwork(
      llvm::MemoryBuffer::getMemBuffer(copy.text(), "fuzz.mlir", /*RequiresNullTerminator=*/true),
      &context);
  if (!module)
    return false;

  gyrus::CompileOptions options;
  options.target = "mini";
  options.emit = gyrus::EmitStage::Image;
  if (mlir::failed(gyrus::runCompilePipeline(*module, options)))
    return false;
  mlir::FailureOr<gyrus::image::Image> image = gyrus::emitModuleImage(*module, options);
  if (mlir::failed(image))
    return false;
  return mlir::succeeded(gyrus::serializeImage(*module, *image));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  // A fresh context per input: blobs and uniqued attributes would pile up in a shared one.
  mlir::MLIRContext context(mlir::MLIRContext::Threading::DISABLED);
  context.loadDialect<gyrus::snn::SNNDialect, gyrus::chip::ChipDialect>();
  bool reported = false;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic& diagnostic) {
    reported |= diagnostic.getSeverity() == mlir::DiagnosticSeverity::Error;
    if (kVerbose)
      std::fprintf(stderr, "%s\n", diagnostic.str().c_str());
    return mlir::success();
  });
  if (!compile(llvm::StringRef(reinterpret_cast<const char*>(data), size), context) && !reported)
    __builtin_trap(); // refused without saying why
  return 0;
}
