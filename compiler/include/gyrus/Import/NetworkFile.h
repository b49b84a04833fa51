//===- NetworkFile.h - import a trained leaky RNN into snn ------*- C++ -*-===//
//
// The network file (.gnet.h5, docs/file-formats.md) holds the leaky RNN that `gyrus
// train` wrote. It becomes one snn.network: an `input` population, a
// leaky_sigma_delta hidden population and a `linear` readout, with positions, biases
// and the three weight matrices in dense_resource blobs. docs/ir-reference.md
// ("Importing a network file") gives the mapping.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Location.h"
#include "mlir/IR/OwningOpRef.h"
#include "training/io/network_file.h"

namespace gyrus {

/// Builds a module holding the network `name`. Fails, with an error at `loc`, for a
/// network the snn dialect cannot express (a softplus activation: leaky_sigma_delta
/// computes relu). Loads the snn dialect into `context`.
mlir::OwningOpRef<mlir::ModuleOp> importNetworkFile(const io::NetworkFile& file,
                                                    llvm::StringRef name, mlir::Location loc);

} // namespace gyrus
