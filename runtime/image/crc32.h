// CRC-32 as zlib, PNG and gzip compute it (IEEE 802.3, reflected polynomial 0xEDB88320,
// initial value and final XOR 0xFFFFFFFF): the checksum of every section of an image.
// Written here so that the runtime needs no zlib; crc32("123456789") = 0xCBF43926.
#pragma once

#include <cstdint>
#include <span>

namespace gyrus::image {

/// The CRC-32 of `bytes`. To checksum data in pieces, pass the previous result as
/// `crc`: crc32(b, crc32(a)) == crc32(a followed by b).
uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc = 0);

} // namespace gyrus::image
