//===- NIR.h - snn networks out to NIR (neuromorphs/NIR HDF5) ----*- C++ -*-===//
//
// The inverse of gyrus/Import/NIR.h for spiking networks: `input` populations become
// Input nodes, float cuba_lif populations LIF, CubaLIF, IF, LI or CubaLI nodes,
// projections Linear nodes (Affine where an IF neuron's bias needs a carrier), and
// each output population an Output node. Parameters are chosen so that importing the
// file again at the same dt gives the same network; docs/nir.md gives the mapping.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Import/NIR.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/StringRef.h"

namespace gyrus {

/// Writes `network` as a NIR 0.2.0 HDF5 file at `path` (through a temporary file
/// renamed into place, so a failure leaves no partial file). `dt` (seconds) turns the
/// per-step decays back into time constants. Errors are emitted on the network or the
/// population or projection at fault.
mlir::LogicalResult exportNIR(snn::NetworkOp network, llvm::StringRef path, double dt);

/// Writes `graph` in the HDF5 layout of neuromorphs/NIR at `path`, atomically: strings
/// (version, types, edges) variable-length UTF-8 as h5py writes them, `shape` datasets
/// int64, other arrays float64 or float32 as NIRArray::isFloat64 says. On failure
/// returns false with `error` set. Never throws.
bool writeNIRFile(llvm::StringRef path, const NIRGraph& graph, std::string& error);

} // namespace gyrus
