// Reads a deployment image (.gimg) and accepts it only whole and valid: the header, the
// section table with every section's CRC, every count against the bytes left, and then
// validate_image's rules (indices, ranges, the target's limits). A truncated, corrupted
// or hostile file gets a gyrus::ImageError naming the origin, the section and the field,
// never a crash, an out-of-bounds read or an allocation sized by an unchecked count.
#pragma once

#include "runtime/image/image.h"
#include "runtime/image/image_error.h"

#include <cstdint>
#include <filesystem>
#include <span>
#include <string_view>

namespace gyrus::image {

/// Parses and validates an image held in memory; `origin` (a file name) starts every
/// error message.
Image parse_image(std::span<const uint8_t> bytes, std::string_view origin);

/// Reads `path` and parses it; the file name is the origin. Throws ImageError if the
/// file cannot be read.
Image load_image(const std::filesystem::path& path);

} // namespace gyrus::image
