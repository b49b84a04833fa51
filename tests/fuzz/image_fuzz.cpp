// libFuzzer target for the image loader: any input must either parse or be refused with
// gyrus::ImageError. Anything else escaping (another exception, a crash, a sanitizer
// report, a huge allocation) is a bug. Built with libFuzzer under Clang; under other
// compilers image_fuzz_replay runs it over a corpus (replay_main.cpp).
//
// Random mutations almost never keep the CRCs right, so each input is also parsed with its
// checksums recomputed: that reaches the checks behind them.
#include "runtime/image/crc32.h"
#include "runtime/image/format.h"
#include "runtime/image/image_error.h"
#include "runtime/image/loader.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace {

namespace format = gyrus::image::format;

uint64_t read_le(const std::vector<uint8_t>& bytes, size_t offset, int width) {
  uint64_t value = 0;
  for (int i = 0; i < width; ++i)
    value |= uint64_t{bytes[offset + i]} << (8 * i);
  return value;
}

void write_u32(std::vector<uint8_t>& bytes, size_t offset, uint32_t value) {
  for (size_t i = 0; i < 4; ++i)
    bytes[offset + i] = static_cast<uint8_t>(value >> (8 * i));
}

/// Recomputes the CRCs of the sections that lie inside the file, then the header CRC.
void reseal(std::vector<uint8_t>& bytes) {
  const size_t sections = format::kSectionOrder.size();
  const size_t table_end = format::kHeaderSize + sections * format::kSectionEntrySize;
  if (bytes.size() < table_end)
    return;
  for (size_t i = 0; i < sections; ++i) {
    const size_t entry = format::kHeaderSize + i * format::kSectionEntrySize;
    const uint64_t offset = read_le(bytes, entry + 8, 8);
    const uint64_t size = read_le(bytes, entry + 16, 8);
    if (offset <= bytes.size() && size <= bytes.size() - offset)
      write_u32(bytes, entry + 4,
                gyrus::image::crc32(std::span<const uint8_t>(bytes).subspan(offset, size)));
  }
  write_u32(bytes, format::kHeaderCrcOffset, 0);
  write_u32(bytes, format::kHeaderCrcOffset,
            gyrus::image::crc32(std::span<const uint8_t>(bytes).first(table_end)));
}

void parse(std::span<const uint8_t> bytes) {
  try {
    const gyrus::image::Image image = gyrus::image::parse_image(bytes, "fuzz.gimg");
    (void)image;
  } catch (const gyrus::ImageError&) {
    // Refused cleanly: what the loader must do with a bad image.
  }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::span<const uint8_t> input(data, size);
  parse(input);
  std::vector<uint8_t> resealed(input.begin(), input.end());
  reseal(resealed);
  parse(resealed);
  return 0;
}
