// The deployment image: CRC-32, round trips, determinism, and the loader's refusal of every
// truncated, corrupted or hostile image with an error that names the section and field.
#include "runtime/image/crc32.h"
#include "runtime/image/format.h"
#include "runtime/image/image_error.h"
#include "runtime/image/loader.h"
#include "runtime/image/validate.h"
#include "runtime/image/writer.h"
#include "tests/unit/image_test_support.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <string>
#include <string_view>
#include <unistd.h>

namespace gyrus::image {
namespace {

using format::SectionId;
using testing::random_image;
using testing::reseal;
using testing::section_offset;

std::span<const uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

/// The message of the ImageError `action` throws; fails the test if it throws nothing.
std::string error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const ImageError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no ImageError thrown";
  return "";
}

std::string parse_error(const std::vector<uint8_t>& bytes) {
  return error_of([&] { parse_image(bytes, "test.gimg"); });
}

/// A small image with one core of every model's shape, for the byte-level tests.
Image small_image() {
  Image image;
  image.target = target::load_preset("mini");
  image.metadata = {"small", "sha256:00", "gyrus test", "greedy", {{"h", 3}, {"out", 1}}};
  Core first;
  first.coord = {0, 1, 2, 0};
  CompartmentGroup lif;
  lif.first = 0;
  lif.params = CubaLifParams{409, 204, 100, 1, 0};
  lif.bias = {10, -20, 30};
  lif.population = 0;
  first.groups.push_back(lif);
  first.synapses.push_back({0, -1, {{{0, 12, 0}, {1, -3, 2}}, {{2, 7, 0}}}});
  first.axons = {{{1, 0}}, {}, {{0, 1}, {1, 0}}};
  Core second;
  second.coord = {0, 3, 3, 0};
  CompartmentGroup readout;
  readout.first = 0;
  readout.params = LinearParams{8};
  readout.bias = {5};
  readout.population = 1;
  second.groups.push_back(readout);
  second.synapses.push_back({0, 2, {{{0, -100, 1}}}});
  second.axons = {{}};
  image.cores = {first, second};
  image.routes = {{0, 1, {{0, 1, 2}, {0, 2, 2}, {0, 3, 2}, {0, 3, 3}}}};
  image.inputs = {{"x", {{{0, 0}}, {{0, 1}, {1, 0}}}}};
  image.outputs = {{"y", {{1, 0}}}};
  return image;
}

// Offsets into small_image()'s cores section (docs/image-format.md, "cores").
constexpr size_t kCoreCountAt = 0;
constexpr size_t kFirstGroupAt = 4 + 16 + 4;
constexpr size_t kDuAt = kFirstGroupAt + 2 + 16;
constexpr size_t kBiasCountAt = kFirstGroupAt + 2 + 4;

TEST(ImageCrc32, MatchesKnownVectors) {
  EXPECT_EQ(crc32(as_bytes("")), 0u);
  EXPECT_EQ(crc32(as_bytes("123456789")), 0xCBF43926u);
  EXPECT_EQ(crc32(as_bytes("The quick brown fox jumps over the lazy dog")), 0x414FA339u);
  EXPECT_EQ(crc32(as_bytes("a")), 0xE8B7BE43u);
}

TEST(ImageCrc32, ChainsPieces) {
  EXPECT_EQ(crc32(as_bytes("6789"), crc32(as_bytes("12345"))), 0xCBF43926u);
}

TEST(Image, SmallImageRoundTrips) {
  const Image image = small_image();
  const std::vector<uint8_t> bytes = serialize(image);
  EXPECT_EQ(parse_image(bytes, "small.gimg"), image);
  EXPECT_LT(bytes.size(), 4096u);
}

TEST(Image, RandomImagesRoundTrip) {
  for (uint64_t seed = 0; seed < 300; ++seed) {
    const Image image = random_image(seed, 1 + static_cast<int>(seed % 12));
    const std::vector<uint8_t> bytes = serialize(image);
    const Image reread = parse_image(bytes, "random.gimg");
    ASSERT_EQ(reread, image) << "seed " << seed;
    ASSERT_EQ(serialize(reread), bytes) << "seed " << seed;
  }
}

TEST(Image, EqualImagesGiveIdenticalBytes) {
  for (uint64_t seed = 0; seed < 20; ++seed)
    EXPECT_EQ(serialize(random_image(seed)), serialize(random_image(seed))) << "seed " << seed;
  EXPECT_NE(serialize(random_image(1)), serialize(random_image(2)));
}

TEST(Image, HeaderHoldsTargetNameAndHash) {
  const Image image = small_image();
  const std::vector<uint8_t> bytes = serialize(image);
  EXPECT_TRUE(std::equal(format::kMagic.begin(), format::kMagic.end(), bytes.begin()));
  EXPECT_EQ(testing::get_u32(bytes, format::kVersionOffset), format::kVersion);
  EXPECT_EQ(testing::get_u64(bytes, format::kTargetHashOffset), target_hash(image.target));
  EXPECT_EQ(std::string(bytes.begin() + format::kTargetNameOffset,
                        bytes.begin() + format::kTargetNameOffset + 4),
            "mini");
}

TEST(Image, WritesAndLoadsFiles) {
  const std::filesystem::path directory =
      std::filesystem::temp_directory_path() / ("gyrus_image_test_" + std::to_string(getpid()));
  std::filesystem::create_directories(directory);
  const std::filesystem::path path = directory / "net.gimg";
  const Image image = random_image(7);
  write_image(path, image);
  EXPECT_EQ(load_image(path), image);
  EXPECT_FALSE(std::filesystem::exists(directory / "net.gimg.tmp"));
  EXPECT_NE(error_of([&] { load_image(directory / "missing.gimg"); }).find("cannot open"),
            std::string::npos);
  EXPECT_NE(
      error_of([&] { write_image(directory / "no" / "such.gimg", image); }).find("cannot write"),
      std::string::npos);
  std::filesystem::remove_all(directory);
}

TEST(ImageLoader, RefusesEveryTruncation) {
  const std::vector<uint8_t> bytes = serialize(small_image());
  for (size_t length = 0; length < bytes.size(); ++length) {
    const std::vector<uint8_t> prefix(bytes.begin(), bytes.begin() + length);
    const std::string message = parse_error(prefix);
    ASSERT_EQ(message.rfind("test.gimg: ", 0), 0u) << "length " << length << ": " << message;
    const bool named = message.find("header") != std::string::npos ||
                       message.find("section table") != std::string::npos;
    ASSERT_TRUE(named) << "length " << length << ": " << message;
  }
}

TEST(ImageLoader, RefusesEveryFlippedBit) {
  const std::vector<uint8_t> bytes = serialize(small_image());
  const size_t table_end =
      format::kHeaderSize + format::kSectionOrder.size() * format::kSectionEntrySize;
  for (size_t offset = 0; offset < bytes.size(); ++offset)
    for (int bit = 0; bit < 8; ++bit) {
      std::vector<uint8_t> corrupt = bytes;
      corrupt[offset] ^= static_cast<uint8_t>(1u << bit);
      const std::string message = parse_error(corrupt);
      // Behind the header, the section's CRC catches the flip.
      if (offset >= table_end)
        ASSERT_NE(message.find("crc"), std::string::npos) << offset << ": " << message;
      else
        ASSERT_NE(message.find("header"), std::string::npos) << offset << ": " << message;
    }
}

TEST(ImageLoader, NamesHeaderFields) {
  std::vector<uint8_t> bytes = serialize(small_image());
  std::vector<uint8_t> version = bytes;
  testing::put_u32(version, format::kVersionOffset, 2);
  EXPECT_NE(parse_error(version).find("header: format_version = 2"), std::string::npos);
  std::vector<uint8_t> trailing = bytes;
  trailing.push_back(0);
  EXPECT_NE(parse_error(trailing).find("1 bytes follow the last section"), std::string::npos);
  std::vector<uint8_t> name = bytes;
  name[format::kTargetNameOffset] = 'x';
  reseal(name);
  EXPECT_NE(parse_error(name).find("section 'chip': the description names target 'mini' but "
                                   "the header names 'xini'"),
            std::string::npos)
      << parse_error(name);
  std::vector<uint8_t> hash = bytes;
  hash[format::kTargetHashOffset] ^= 1;
  reseal(hash);
  EXPECT_NE(parse_error(hash).find("target_hash"), std::string::npos);
}

TEST(ImageLoader, NamesSectionTableProblems) {
  const std::vector<uint8_t> bytes = serialize(small_image());
  const size_t entry = format::kHeaderSize + 2 * format::kSectionEntrySize;
  std::vector<uint8_t> id = bytes;
  testing::put_u32(id, entry, 9);
  reseal(id);
  EXPECT_NE(parse_error(id).find("section table, entry 2: id = 9, expected 3"), std::string::npos);
  std::vector<uint8_t> offset = bytes;
  testing::put_u32(offset, entry + 8, 1);
  reseal(offset);
  EXPECT_NE(parse_error(offset).find("entry 2: offset = 1"), std::string::npos);
  std::vector<uint8_t> size = bytes;
  testing::put_u32(size, entry + 16, 0xFFFFFFF0u);
  testing::put_u32(size, entry + 20, 0xFFFFFFFFu);
  testing::reseal_header(size);
  EXPECT_NE(parse_error(size).find("runs past the end of the file"), std::string::npos)
      << parse_error(size);
}

TEST(ImageLoader, RefusesHostileCountsBeforeAllocating) {
  const std::vector<uint8_t> bytes = serialize(small_image());
  const size_t cores = section_offset(bytes, SectionId::Cores);
  struct Case {
    size_t offset;
    std::string expected;
  };
  const Case cases[] = {
      {cores + kCoreCountAt, "section 'cores': core_count = 4294967295 needs at least"},
      {cores + kBiasCountAt, "section 'cores', core 0, group 0: count = 4294967295 needs"},
      {section_offset(bytes, SectionId::Metadata), "section 'metadata': network_name = "},
      {section_offset(bytes, SectionId::Synapses) + 4 + 4 + 12,
       "section 'synapses', core 0, block 0: synapse_count = 4294967295"},
      {section_offset(bytes, SectionId::Routes), "section 'routes': route_count = 4294967295"},
      {section_offset(bytes, SectionId::Outputs), "section 'outputs': output_count = 4294967295"},
  };
  for (const Case& c : cases) {
    std::vector<uint8_t> hostile = bytes;
    testing::put_u32(hostile, c.offset, 0xFFFFFFFFu);
    reseal(hostile);
    const std::string message = parse_error(hostile);
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
  }
}

TEST(ImageLoader, RefusesOutOfRangeFieldsBehindValidCrcs) {
  const std::vector<uint8_t> bytes = serialize(small_image());
  const size_t cores = section_offset(bytes, SectionId::Cores);
  std::vector<uint8_t> du = bytes;
  testing::put_u32(du, cores + kDuAt, 5000);
  reseal(du);
  EXPECT_NE(parse_error(du).find(
                "test.gimg: section 'cores', core 0, group 0: du = 5000 is outside [0, 4095]"),
            std::string::npos)
      << parse_error(du);

  std::vector<uint8_t> model = bytes;
  model[cores + kFirstGroupAt] = 9;
  reseal(model);
  EXPECT_NE(parse_error(model).find("core 0, group 0: model = 9 is no neuron model"),
            std::string::npos);

  // The first synapse of core 0: block header (16 bytes), indptr (3 x 4), compartments.
  const size_t synapses = section_offset(bytes, SectionId::Synapses) + 4 + 4;
  std::vector<uint8_t> compartment = bytes;
  testing::put_u32(compartment, synapses + 16 + 12, 70);
  reseal(compartment);
  EXPECT_NE(parse_error(compartment)
                .find("section 'synapses', core 0, block 0, axon 0, synapse 0: compartment = 70"),
            std::string::npos)
      << parse_error(compartment);

  // The first axon target of core 0: row count, entry count, indptr (4 x 4), cores.
  const size_t axons = section_offset(bytes, SectionId::Axons) + 4;
  std::vector<uint8_t> core = bytes;
  testing::put_u32(core, axons + 8 + 16, 5);
  reseal(core);
  EXPECT_NE(parse_error(core).find("section 'axons', core 0, compartment 0: target 0: core = 5 "
                                   "but the image has 2 cores"),
            std::string::npos)
      << parse_error(core);

  std::vector<uint8_t> indptr = bytes;
  testing::put_u32(indptr, axons + 8 + 4, 4);
  reseal(indptr);
  EXPECT_NE(parse_error(indptr).find("section 'axons', core 0: indptr[2] = 1 is below indptr[1]"),
            std::string::npos)
      << parse_error(indptr);
}

TEST(ImageValidate, NamesTheFieldOfEveryRule) {
  struct Case {
    std::function<void(Image&)> edit;
    std::string expected;
  };
  const Case cases[] = {
      {[](Image& i) { i.cores[0].coord.x = 4; }, "section 'cores', core 0: x = 4 is outside"},
      {[](Image& i) { i.cores[1].coord = i.cores[0].coord; }, "core 1: its coordinate is taken"},
      {[](Image& i) { std::get<CubaLifParams>(i.cores[0].groups[0].params).vth_mant = 1 << 17; },
       "group 0: vth_mant = 131072 is outside [0, 131071]"},
      {[](Image& i) {
         i.cores[0].groups[0].params = SigmaDeltaParams{1, 8, SigmaDeltaActivation::Relu};
       },
       "group 0: state_exp = 8 is outside [0, 7]"},
      {[](Image& i) { i.cores[0].groups[0].bias[2] = 5000; },
       "group 0: bias[2] = 5000 is outside [-4096, 4095]"},
      {[](Image& i) { i.cores[0].groups[0].spike_kind = SpikeKind::Graded; },
       "group 0: spike_kind = 1 but model cuba_lif needs 0"},
      {[](Image& i) { i.cores[0].groups[0].population = 2; },
       "group 0: population = 2 is not an index"},
      {[](Image& i) { i.cores[0].groups[0].population_offset = 1; },
       "neurons [1, 4) exceed population 'h' of 3"},
      {[](Image& i) {
         i.cores[1].groups[0].params = LeakySigmaDeltaParams{4096, 0, 8};
       },
       "core 1, group 0: spike_kind = 0 but model leaky_sigma_delta needs 1"},
      {[](Image& i) { i.cores[0].synapses[0].axons[0][0].weight = 256; },
       "synapse 0: weight = 256 is outside [-255, 255]"},
      {[](Image& i) { i.cores[0].synapses[0].axons[0][0].delay = 64; },
       "synapse 0: delay = 64 is outside [0, 63]"},
      {[](Image& i) { i.cores[0].synapses[0].weight_exp = -8; },
       "weight_exp (onto cuba_lif) = -8 is outside [-7, 7]"},
      {[](Image& i) { i.cores[1].synapses[0].weight_exp = -9; },
       "weight_exp = -9 is below -sigma_frac_bits = -8"},
      {[](Image& i) {
         i.cores[0].synapses.push_back({1, 0, {{}}});
       },
       "block 1: first_axon = 1 overlaps"},
      {[](Image& i) { i.cores[0].axons.pop_back(); },
       "section 'axons', core 0: row_count = 2 but the core has 3 compartments"},
      {[](Image& i) {
         i.cores[0].axons[0] = {{1, 0}, {1, 0}};
       },
       "target 1: core 1 appears twice"},
      {[](Image& i) {
         i.cores[1].axons[0] = {{0, 0}};
       },
       "a linear compartment sends nothing"},
      {[](Image& i) {
         i.cores[0].axons[0] = {{1, 1}};
       },
       "axon = 1 but core 1 has 1 input axons"},
      {[](Image& i) { i.routes[0].path.erase(i.routes[0].path.begin() + 1); },
       "section 'routes', route 0, router 1: not a neighbour"},
      {[](Image& i) { i.routes[0].path.pop_back(); }, "does not end at core 1's router"},
      {[](Image& i) { i.routes.push_back(i.routes[0]); }, "appears twice"},
      {[](Image& i) { i.inputs.push_back(i.inputs[0]); }, "section 'inputs', input 1: name 'x'"},
      {[](Image& i) { i.outputs[0].neurons[0].compartment = 1; },
       "section 'outputs', output 0, neuron 0: compartment = 1 is in no compartment group"},
      {[](Image& i) { i.metadata.populations[1].size = 0; },
       "section 'metadata', population 1: size is 0"},
      {[](Image& i) { i.target.core.neuron_models = {"cuba_lif"}; },
       "model linear is not one target 'mini' runs"},
      {[](Image& i) { i.target.mesh.cols = 0; }, "section 'chip': invalid target description"},
      {[](Image& i) { i.target.core.synapse_bits = 64; },
       "synapse memory of 128 bits exceeds the core's 64 bits"},
  };
  for (const Case& c : cases) {
    Image image = small_image();
    c.edit(image);
    const std::string message = error_of([&] { validate_image(image, "edit"); });
    EXPECT_NE(message.find(c.expected), std::string::npos) << message;
    EXPECT_EQ(error_of([&] { serialize(image); }).rfind("serialize: ", 0), 0u);
  }
}

TEST(ImageScript, ReadGimgAgreesWithTheWriter) {
  const std::filesystem::path script =
      std::filesystem::path(GYRUS_SOURCE_DIR) / "scripts" / "read_gimg.py";
  if (!std::filesystem::exists("/usr/bin/python3") || !std::filesystem::exists(script))
    GTEST_SKIP() << "needs /usr/bin/python3 and " << script;
  const std::filesystem::path path = std::filesystem::temp_directory_path() /
                                     ("gyrus_read_gimg_" + std::to_string(getpid()) + ".gimg");
  for (uint64_t seed : {3u, 11u, 42u}) {
    const Image image = random_image(seed, 8);
    write_image(path, image);
    const std::string command = "/usr/bin/python3 " + script.string() + " --json " + path.string();
    FILE* pipe = popen(command.c_str(), "r");
    ASSERT_NE(pipe, nullptr);
    std::string output;
    char buffer[4096];
    for (size_t n; (n = fread(buffer, 1, sizeof buffer, pipe)) > 0;)
      output.append(buffer, n);
    ASSERT_EQ(pclose(pipe), 0) << output;
    const nlohmann::json summary = nlohmann::json::parse(output);
    EXPECT_EQ(summary["target"]["name"], "mini");
    EXPECT_EQ(summary["target"]["hash"], target_hash(image.target));
    EXPECT_EQ(summary["metadata"]["network_name"], image.metadata.network_name);
    ASSERT_EQ(summary["cores"].size(), image.cores.size());
    for (size_t c = 0; c < image.cores.size(); ++c) {
      const Core& core = image.cores[c];
      const nlohmann::json& read = summary["cores"][c];
      EXPECT_EQ(read["coord"],
                nlohmann::json({core.coord.chip, core.coord.x, core.coord.y, core.coord.core}));
      EXPECT_EQ(read["compartments"], core.compartment_count());
      EXPECT_EQ(read["in_axons"], core.in_axon_count());
      size_t synapses = 0;
      for (const SynapseBlock& block : core.synapses)
        for (const auto& axon : block.axons)
          synapses += axon.size();
      EXPECT_EQ(read["synapses"], synapses);
      ASSERT_EQ(read["groups"].size(), core.groups.size());
      for (size_t g = 0; g < core.groups.size(); ++g)
        EXPECT_EQ(read["groups"][g]["model"], neuron_model_name(core.groups[g].params));
    }
    EXPECT_EQ(summary["routes"], image.routes.size());
    EXPECT_EQ(summary["inputs"].size(), image.inputs.size());
    EXPECT_EQ(summary["outputs"].size(), image.outputs.size());
  }
  std::filesystem::remove(path);
}

} // namespace
} // namespace gyrus::image
