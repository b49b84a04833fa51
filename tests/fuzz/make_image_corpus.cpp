// Writes the seed corpus of the image fuzz target (tests/fuzz/corpus/image/): small valid
// images and broken ones that reach each layer of the loader's checks. Run it by hand after
// a format change: make_image_corpus tests/fuzz/corpus/image
#include "runtime/image/format.h"
#include "runtime/image/writer.h"
#include "tests/unit/image_test_support.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

using gyrus::image::format::SectionId;
namespace testing = gyrus::image::testing;

void save(const std::filesystem::path& directory, const std::string& name,
          const std::vector<uint8_t>& bytes) {
  std::ofstream file(directory / name, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
}

} // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::filesystem::path directory = argv[1];
  std::filesystem::create_directories(directory);
  const std::vector<uint8_t> valid = gyrus::image::serialize(testing::random_image(3, 2));
  save(directory, "valid_small.gimg", valid);
  save(directory, "valid_medium.gimg", gyrus::image::serialize(testing::random_image(11, 4)));
  save(directory, "truncated_header.gimg", {valid.begin(), valid.begin() + 40});
  save(directory, "truncated_section.gimg", {valid.begin(), valid.end() - 7});

  std::vector<uint8_t> flipped = valid;
  flipped[valid.size() / 2] ^= 0x10;
  save(directory, "bad_crc.gimg", flipped);

  const size_t cores = testing::section_offset(valid, SectionId::Cores);
  std::vector<uint8_t> hostile = valid;
  testing::put_u32(hostile, cores, 0xFFFFFFFFu);
  testing::reseal(hostile);
  save(directory, "hostile_core_count.gimg", hostile);

  std::vector<uint8_t> coordinate = valid;
  testing::put_u32(coordinate, cores + 4 + 4, 1000); // core 0's x
  testing::reseal(coordinate);
  save(directory, "bad_coordinate.gimg", coordinate);

  std::vector<uint8_t> section_size = valid;
  testing::put_u32(section_size, gyrus::image::format::kHeaderSize + 16, 0x7FFFFFFFu);
  testing::reseal_header(section_size);
  save(directory, "bad_section_size.gimg", section_size);
  return 0;
}
