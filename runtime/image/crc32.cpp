#include "runtime/image/crc32.h"

#include <array>

namespace gyrus::image {
namespace {

constexpr uint32_t kReflectedPolynomial = 0xEDB88320u;

/// The byte-at-a-time table: entry b is the CRC register after shifting b through it.
constexpr std::array<uint32_t, 256> make_table() {
  std::array<uint32_t, 256> table{};
  for (uint32_t byte = 0; byte < 256; ++byte) {
    uint32_t value = byte;
    for (int bit = 0; bit < 8; ++bit)
      value = (value & 1u) ? (value >> 1) ^ kReflectedPolynomial : value >> 1;
    table[byte] = value;
  }
  return table;
}

constexpr std::array<uint32_t, 256> kTable = make_table();

} // namespace

uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc) {
  // The register holds the complement, so that chaining calls needs no extra state.
  uint32_t state = ~crc;
  for (uint8_t byte : bytes)
    state = kTable[(state ^ byte) & 0xFFu] ^ (state >> 8);
  return ~state;
}

} // namespace gyrus::image
