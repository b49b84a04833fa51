// Writes a deployment image (.gimg): docs/image-format.md's layout, little-endian, field
// by field. Equal images give identical bytes.
#pragma once

#include "runtime/image/image.h"

#include <cstdint>
#include <filesystem>
#include <vector>

namespace gyrus::image {

/// The image's bytes. Throws gyrus::ImageError (origin "serialize") if validate_image
/// rejects the image: the writer never produces a file the loader would refuse.
std::vector<uint8_t> serialize(const Image& image);

/// Serializes `image` and writes it to `path` atomically: a temporary file next to it,
/// renamed into place, so a failed write never leaves a partial image. Throws
/// ImageError as serialize does, or naming `path` if it cannot be written.
void write_image(const std::filesystem::path& path, const Image& image);

} // namespace gyrus::image
