//===- Compile.h - the `gyrus compile` pipeline, as a library ---*- C++ -*-===//
//
// Loads a network in any format gyrus reads (network file, NIR, snn IR), runs the
// default pass pipeline up to the requested stage and summarises the result. The
// `gyrus` command and the benchmarks drive it; gyrus-opt runs the same passes one by
// one. Errors are MLIR diagnostics, so callers install a handler to collect them.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"
#include "mlir/Support/LogicalResult.h"
#include "runtime/image/image.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/MemoryBuffer.h"

#include <cstddef>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>

namespace gyrus {

/// Where the pipeline stops: the imported network, the quantized one, the placed and
/// routed chip.chip, or the deployment image.
enum class EmitStage { SNN, Quantized, Chip, Image };

/// "snn" / "quantized" / "chip" / "image", or nullopt for an unknown name.
std::optional<EmitStage> parseEmitStage(llvm::StringRef name);
llvm::StringRef emitStageName(EmitStage stage);

enum class InputFormat { NetworkFile, NIR, MLIR };

llvm::StringRef inputFormatName(InputFormat format);

/// Tells the formats apart by content, not by name: HDF5 files are a network file if
/// they hold /weights, NIR if they hold /node; anything else is parsed as MLIR (text or
/// bytecode). Returns an error message naming the file when it cannot be opened.
std::optional<InputFormat> detectInputFormat(llvm::StringRef path, std::string& error);

struct CompileOptions {
  /// A target preset name or a chip description file (targets/*.json).
  std::string target;
  EmitStage emit = EmitStage::Quantized;
  /// NIR's continuous-time parameters are discretised with this step, in seconds.
  double nirDt = 1e-4;
  /// Fraction bits of graded state (leaky_sigma_delta, linear, sigma_delta).
  int fracBits = 12;
  /// The back end (docs/mapping.md): partition and placement strategies, the seed of
  /// the random and anneal ones, and the fewest cores to spread the network over.
  std::string partition = "spatial";
  std::string placement = "spatial";
  uint64_t seed = 0;
  int minCores = 0;
};

/// Reads `path` into a module holding one snn.network and verifies it. Null on error
/// (reported as diagnostics located in the file). The network records the file's
/// SHA-256 as `gyrus.source_hash` ("sha256:<hex>") unless it already has one (IR that
/// gyrus wrote keeps the hash of the original network file).
mlir::OwningOpRef<mlir::ModuleOp> loadNetwork(llvm::StringRef path, const CompileOptions& options,
                                              mlir::MLIRContext* context);

/// After the NUL that ends a buffer given to parseNetwork: kLexerGuard bytes of
/// kLexerGuardByte, which MLIR's lexer rejects one by one. MLIR 19's lexer steps past the
/// NUL when the input ends inside a string literal or a file-metadata block and goes on
/// lexing whatever memory follows (found by the asan preset and by tests/fuzz/mlir_fuzz);
/// the parser gives up within a few tokens of the error, so the guard keeps those reads
/// inside the buffer.
inline constexpr size_t kLexerGuard = 256;
inline constexpr char kLexerGuardByte = '\x01';

/// Parses MLIR text or bytecode into a module holding exactly one snn.network, verified.
/// `guarded` must be NUL-terminated and followed by the lexer guard. Null on error
/// (reported as diagnostics). loadNetwork reads MLIR files through it.
mlir::OwningOpRef<mlir::ModuleOp> parseNetwork(std::unique_ptr<llvm::MemoryBuffer> guarded,
                                               mlir::MLIRContext* context);

/// Runs the pipeline up to `options.emit`: target verification, then quantization,
/// then partitioning, the chip conversion, placement and routing. For the image stage
/// the module ends as for the chip stage; emitImageFile writes the image. If
/// `networkSummary` is given, it receives summarizeNetwork of the network as it is
/// before the chip conversion replaces it.
mlir::LogicalResult runCompilePipeline(mlir::ModuleOp module, const CompileOptions& options,
                                       nlohmann::json* networkSummary = nullptr);

/// The deployment image of the module's one chip.chip, for the target `options.target`,
/// with the chip's metadata. Errors are diagnostics.
mlir::FailureOr<image::Image> emitModuleImage(mlir::ModuleOp module, const CompileOptions& options);

/// Writes emitModuleImage's image to `path`, atomically. Errors are diagnostics.
mlir::LogicalResult emitImageFile(mlir::ModuleOp module, const CompileOptions& options,
                                  llvm::StringRef path);

/// What the module holds: per population (model, size) and per projection (shape,
/// synapses, quantization report where present), plus totals.
nlohmann::json summarizeNetwork(mlir::ModuleOp module);

/// What the module's chip uses: `cores` and, per core, its id, coordinate,
/// populations and use of each per-core limit (`compartments`, `in_axons`,
/// `out_axons`, `synapse_bits`, each as {used, limit, fraction}) and its synapses,
/// counted as the chip verifier counts them. An empty object without a chip.
nlohmann::json summarizeChip(mlir::ModuleOp module);

} // namespace gyrus
