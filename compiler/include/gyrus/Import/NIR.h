//===- NIR.h - NIR graphs (neuromorphs/NIR HDF5) into snn ---------*- C++ -*-===//
//
// NIR is the exchange format of the neuromorphic frameworks (snnTorch, Norse, Lava,
// ...): a graph of continuous-time neuron and linear nodes in an HDF5 file. importNIR
// discretises it into one snn.network; docs/nir.md gives the mapping. The in-memory
// graph below is what the HDF5 reader produces and what the exporter
// (gyrus/Export/NIR.h) writes, so that both sides share one picture of the layout.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/OwningOpRef.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace H5 {
class H5File;
} // namespace H5

namespace gyrus {

/// One dataset of a NIR node: its shape and its values (row-major), read as double
/// whatever the stored type. `isFloat64` records a stored double, so that the exporter
/// can write the same type.
struct NIRArray {
  std::vector<int64_t> shape;
  std::vector<double> values;
  bool isFloat64 = false;

  int64_t count() const { return static_cast<int64_t>(values.size()); }
};

struct NIRNode {
  std::string type;                       // "LIF", "Affine", "Input", "NIRGraph", ...
  std::map<std::string, NIRArray> params; // every numeric dataset of the node's group
};

/// A flat NIR graph. Nodes are keyed by name, so iteration is in name order.
struct NIRGraph {
  std::string version;
  std::map<std::string, NIRNode> nodes;
  std::vector<std::pair<std::string, std::string>> edges; // (source, target), file order
};

/// Reads the NIR file at `path` into `graph`. On failure returns false with `error`
/// set to a message naming the dataset at fault (not the file: callers report at the
/// file's location). Never throws.
bool readNIRFile(llvm::StringRef path, NIRGraph& graph, std::string& error);
/// The same for a file that is already open (an in-memory HDF5 image, as the fuzz
/// target builds).
bool readNIRFile(const H5::H5File& file, NIRGraph& graph, std::string& error);

struct NIRImportOptions {
  /// The simulation time step in seconds: decays are dt/tau (forward Euler).
  double dt = 1e-4;
};

/// Imports the NIR file at `path` into a module holding one snn.network named after the
/// file's stem. Errors are emitted as diagnostics at the file's location and give a null
/// module. Loads the snn dialect into `context`.
mlir::OwningOpRef<mlir::ModuleOp> importNIR(llvm::StringRef path, const NIRImportOptions& options,
                                            mlir::MLIRContext* context);

/// importNIR after the file is read: `graph` into a module holding one snn.network named
/// `name`, errors emitted at `loc`. Loads the snn dialect into loc's context.
mlir::OwningOpRef<mlir::ModuleOp> importNIRGraph(const NIRGraph& graph, llvm::StringRef name,
                                                 const NIRImportOptions& options,
                                                 mlir::Location loc);

} // namespace gyrus
