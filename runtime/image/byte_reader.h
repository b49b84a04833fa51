// Reads fixed-width little-endian fields from one section, never past its end. Every
// read names its field, so that a short section fails with the field it could not read;
// expect_elements guards every allocation sized by a count read from the file.
#pragma once

#include "runtime/image/error_context.h"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace gyrus::image {

class ByteReader {
public:
  ByteReader(std::span<const uint8_t> bytes, ErrorContext& context)
      : bytes_(bytes), context_(context) {}

  uint8_t u8(std::string_view field);
  uint32_t u32(std::string_view field);
  int32_t i32(std::string_view field);
  uint64_t u64(std::string_view field);
  /// A u32 byte length, then that many bytes.
  std::string string(std::string_view field);

  /// Fails unless `count` elements of at least `min_element_bytes` each fit in the bytes
  /// left: call it before sizing any container by `count`.
  void expect_elements(std::string_view field, uint64_t count, uint64_t min_element_bytes);

  /// Fails if bytes are left over: a section is exactly its fields.
  void expect_end();

  size_t remaining() const { return bytes_.size() - position_; }
  ErrorContext& context() { return context_; }

private:
  std::span<const uint8_t> take(std::string_view field, size_t width);

  std::span<const uint8_t> bytes_;
  size_t position_ = 0;
  ErrorContext& context_;
};

} // namespace gyrus::image
