//===- EmitImage.h - chip.chip to deployment image --------------*- C++ -*-===//
//
// The last stage of the compiler: a placed, routed chip becomes the data model of
// runtime/image (image.h), which its writer turns into a .gimg file. The chip holds
// everything but the full target description (NoC timing, energy), which the image
// stores and the caller supplies. The same chip, target and metadata give an equal
// image, and so identical bytes.
//
//===----------------------------------------------------------------------===//

#pragma once

#include "gyrus/Dialect/Chip/ChipOps.h"
#include "mlir/Support/LogicalResult.h"
#include "runtime/image/image.h"

#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <vector>

namespace gyrus {

/// The compiler version images record: "gyrus 0.1.0".
llvm::StringRef compilerVersion();

/// The metadata the chip itself supplies: its name as the network name,
/// `gyrus.source_hash`, the strategy from `gyrus.partition` and `gyrus.placement`,
/// `gyrus.frac_bits`, and the compiler version. emitImage fills in the populations.
image::Metadata imageMetadata(chip::ChipOp chip);

/// The image of `chip` for `target`, which must be the chip's target (name, mesh and
/// per-core limits). Every core must be placed and every pair of cores that exchanges
/// packets routed. A host input sends spikes (SpikeKind::Binary) when every core it
/// reaches runs cuba_lif, graded payloads otherwise. Fails with an error on the
/// offending op.
mlir::FailureOr<image::Image> emitImage(chip::ChipOp chip, const target::TargetDescription& target,
                                        image::Metadata metadata);

/// The image's bytes (image::serialize); errors, e.g. an image the loader would refuse,
/// are reported on `op`.
mlir::FailureOr<std::vector<uint8_t>> serializeImage(mlir::Operation* op,
                                                     const image::Image& image);

/// Writes the image to `path` atomically (image::write_image); errors go to `op`.
mlir::LogicalResult writeImageFile(mlir::Operation* op, const image::Image& image,
                                   llvm::StringRef path);

} // namespace gyrus
