//===- MappingExtraction.h - an snn.network as the mapper sees it -*- C++ -*-===//
//
// snn-partition and `gyrus place-compare` must hand the mapping library the same
// network, or place-compare would rank strategies on a network the compiler never
// partitions. Both extract it here: populations in IR order, input populations on the
// host, projections read through NetworkReading.h as convert-snn-to-chip reads them.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Mapping/Network.h"
#include "mlir/Support/LogicalResult.h"

#include "llvm/ADT/SmallVector.h"

namespace gyrus {

/// The mapping network and the population ops in its population order.
struct ExtractedNetwork {
  mapping::MappingNetwork network;
  llvm::SmallVector<snn::PopulationOp> populations;
};

/// Extracts `network`. Fails with an error on the op whose arrays cannot be read
/// (elided or missing resource blobs); throws mapping::MappingError if the result is
/// malformed, which the snn verifier rules out.
mlir::FailureOr<ExtractedNetwork> extractMappingNetwork(snn::NetworkOp network);

} // namespace gyrus
