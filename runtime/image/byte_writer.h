// Appends fixed-width little-endian fields to a byte buffer, one byte at a time, so that
// the output is the same on every host whatever its endianness or struct padding.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace gyrus::image {

class ByteWriter {
public:
  void u8(uint8_t value) { bytes_.push_back(value); }
  void u32(uint32_t value) { little_endian(value, 4); }
  void i32(int32_t value) { u32(static_cast<uint32_t>(value)); } // two's complement
  void u64(uint64_t value) { little_endian(value, 8); }
  /// A u32 byte length, then the bytes (no terminator).
  void string(std::string_view text) {
    u32(static_cast<uint32_t>(text.size()));
    bytes_.insert(bytes_.end(), text.begin(), text.end());
  }

  size_t size() const { return bytes_.size(); }
  const std::vector<uint8_t>& bytes() const { return bytes_; }
  std::vector<uint8_t> take() { return std::move(bytes_); }

private:
  void little_endian(uint64_t value, int width) {
    for (int i = 0; i < width; ++i)
      bytes_.push_back(static_cast<uint8_t>(value >> (8 * i)));
  }

  std::vector<uint8_t> bytes_;
};

} // namespace gyrus::image
