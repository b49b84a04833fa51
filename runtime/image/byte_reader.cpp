#include "runtime/image/byte_reader.h"

namespace gyrus::image {

std::span<const uint8_t> ByteReader::take(std::string_view field, size_t width) {
  if (width > remaining())
    context_.fail(std::string(field) + ": needs " + std::to_string(width) + " bytes at offset " +
                  std::to_string(position_) + " but the section ends at " +
                  std::to_string(bytes_.size()));
  std::span<const uint8_t> taken = bytes_.subspan(position_, width);
  position_ += width;
  return taken;
}

uint8_t ByteReader::u8(std::string_view field) {
  return take(field, 1)[0];
}

uint32_t ByteReader::u32(std::string_view field) {
  std::span<const uint8_t> b = take(field, 4);
  return uint32_t{b[0]} | uint32_t{b[1]} << 8 | uint32_t{b[2]} << 16 | uint32_t{b[3]} << 24;
}

int32_t ByteReader::i32(std::string_view field) {
  return static_cast<int32_t>(u32(field)); // two's complement, defined since C++20
}

uint64_t ByteReader::u64(std::string_view field) {
  const uint64_t low = u32(field);
  const uint64_t high = u32(field);
  return low | high << 32;
}

std::string ByteReader::string(std::string_view field) {
  const uint32_t length = u32(field);
  expect_elements(field, length, 1);
  std::span<const uint8_t> text = take(field, length);
  return std::string(text.begin(), text.end());
}

void ByteReader::expect_elements(std::string_view field, uint64_t count,
                                 uint64_t min_element_bytes) {
  // Comparing count alone first keeps the product far below 2^64.
  if (count > remaining() || count * min_element_bytes > remaining())
    context_.fail(std::string(field) + " = " + std::to_string(count) + " needs at least " +
                  std::to_string(count) + " x " + std::to_string(min_element_bytes) +
                  " bytes but only " + std::to_string(remaining()) + " remain");
}

void ByteReader::expect_end() {
  if (remaining() != 0)
    context_.fail(std::to_string(remaining()) + " bytes left over after the last field");
}

} // namespace gyrus::image
