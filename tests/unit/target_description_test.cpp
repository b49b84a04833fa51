#include "targets/synapse_encoding.h"
#include "targets/target_description.h"

#include <filesystem>
#include <gtest/gtest.h>
#include <string>

namespace gyrus::target {
namespace {

// targets/ in the source tree, found from this file's path (CMake compiles with
// absolute paths).
const std::filesystem::path kTargetsDir = std::filesystem::path(GYRUS_SOURCE_DIR) / "targets";

/// The error message parse_target_description gives for `json`, or "" if it parses.
std::string error_of(const nlohmann::ordered_json& json) {
  try {
    parse_target_description(json.dump(), "test.json");
  } catch (const TargetError& error) {
    return error.what();
  }
  return "";
}

nlohmann::ordered_json mini_json() {
  return to_json(load_preset("mini"));
}

TEST(TargetPresets, AreTheThreeDocumentedOnes) {
  EXPECT_EQ(preset_names(), (std::vector<std::string>{"loihi1", "loihi2", "mini"}));
}

TEST(TargetPresets, Loihi1MatchesDaviesEtAl) {
  const TargetDescription t = load_preset("loihi1");
  EXPECT_EQ(t.name, "loihi1");
  EXPECT_EQ(t.mesh, (Mesh{8, 4, 4, 1}));
  EXPECT_EQ(t.mesh.cores(), 128);
  EXPECT_EQ(t.core.compartments, 1024);
  EXPECT_EQ(t.core.in_axons, 4096);
  EXPECT_EQ(t.core.out_axons, 4096);
  EXPECT_EQ(t.core.synapse_bits, 16384 * 64); // 128 KiB
  EXPECT_EQ(t.core.weight_bits, 8);
  EXPECT_EQ(t.core.neuron_models, (std::vector<std::string>{"cuba_lif"}));
  EXPECT_EQ(t.core.synapse_encoding.group_size, 64);
  EXPECT_DOUBLE_EQ(t.energy.synaptic_op_pj, 23.6);
  EXPECT_DOUBLE_EQ(t.energy.spike_within_tile_pj, 1.7);
  EXPECT_DOUBLE_EQ(t.energy.hop_east_west_pj, 3.0);
  EXPECT_DOUBLE_EQ(t.energy.hop_north_south_pj, 4.0);
  EXPECT_TRUE(t.energy.estimate);
  EXPECT_NE(t.energy.source.find("Davies"), std::string::npos);
}

TEST(TargetPresets, Loihi2AndMini) {
  const TargetDescription loihi2 = load_preset("loihi2");
  EXPECT_EQ(loihi2.mesh.cores(), 128);
  EXPECT_EQ(loihi2.core.compartments, 8192);
  EXPECT_EQ(loihi2.core.synapse_bits, 128 * 1024 * 8);
  EXPECT_TRUE(loihi2.core.supports("leaky_sigma_delta"));
  EXPECT_TRUE(loihi2.energy.estimate);

  const TargetDescription mini = load_preset("mini");
  EXPECT_EQ(mini.mesh.cores(), 16);
  EXPECT_EQ(mini.core.compartments, 64);
  // A 400-neuron network cannot fit on fewer than 7 cores, and does fit on the chip.
  EXPECT_GT(400, 6 * mini.core.compartments);
  EXPECT_LE(400, mini.mesh.cores() * mini.core.compartments);
  for (const char* model : {"cuba_lif", "sigma_delta", "leaky_sigma_delta", "linear"})
    EXPECT_TRUE(mini.core.supports(model)) << model;
  EXPECT_FALSE(mini.core.supports("input"));
}

TEST(TargetPresets, FilesOnDiskMatchTheEmbeddedPresets) {
  for (const std::string& name : preset_names()) {
    const auto path = kTargetsDir / (name + ".json");
    EXPECT_EQ(load_target_description(path), load_preset(name)) << path;
    EXPECT_EQ(resolve_target(path.string()), load_preset(name));
    EXPECT_EQ(resolve_target(name), load_preset(name));
  }
}

TEST(TargetDescription, RoundTripsThroughJson) {
  for (const std::string& name : preset_names()) {
    const TargetDescription target = load_preset(name);
    const std::string text = to_json(target).dump(2);
    EXPECT_EQ(parse_target_description(text, "round trip"), target) << name;
    EXPECT_EQ(to_json(parse_target_description(text, "round trip")).dump(2), text);
  }
}

TEST(TargetDescription, UnknownKeysAreErrorsNamingTheirPath) {
  auto json = mini_json();
  json["core"]["compartmens"] = 64;
  EXPECT_EQ(error_of(json), "test.json: core.compartmens: unknown key");

  json = mini_json();
  json["noc"]["link_cycles_per_flit"]["up_down"] = 2;
  EXPECT_EQ(error_of(json), "test.json: noc.link_cycles_per_flit.up_down: unknown key");

  json = mini_json();
  json["version"] = 2;
  EXPECT_EQ(error_of(json), "test.json: version: unknown key");
}

TEST(TargetDescription, MissingKeysAreErrors) {
  auto json = mini_json();
  json["core"].erase("in_axons");
  EXPECT_EQ(error_of(json), "test.json: core.in_axons: missing");
  json = mini_json();
  json["energy"].erase("estimate");
  EXPECT_EQ(error_of(json), "test.json: energy.estimate: missing");
  json = mini_json();
  json.erase("mesh");
  EXPECT_EQ(error_of(json), "test.json: mesh: missing");
}

TEST(TargetDescription, OutOfRangeAndMistypedValuesAreErrors) {
  auto with = [](const char* section, const char* key, nlohmann::ordered_json value) {
    auto json = mini_json();
    json[section][key] = value;
    return error_of(json);
  };
  EXPECT_EQ(with("core", "compartments", 0),
            "test.json: core.compartments: must be an integer in [1, 1099511627776], got 0");
  EXPECT_EQ(with("core", "weight_bits", 40),
            "test.json: core.weight_bits: must be an integer in [1, 31], got 40");
  EXPECT_EQ(with("mesh", "cols", "8"),
            "test.json: mesh.cols: must be an integer in [1, 65536], got \"8\"");
  EXPECT_EQ(with("mesh", "rows", 2.5),
            "test.json: mesh.rows: must be an integer in [1, 65536], got 2.5");
  EXPECT_EQ(with("mesh", "chips", -1),
            "test.json: mesh.chips: must be an integer in [1, 65536], got -1");
  EXPECT_EQ(with("mesh", "chips", true),
            "test.json: mesh.chips: must be an integer in [1, 65536], got true");
  EXPECT_EQ(with("noc", "flit_bits", 18446744073709551615ull),
            "test.json: noc.flit_bits: must be an integer in [1, 4096], got 18446744073709551615");
  EXPECT_EQ(with("energy", "synaptic_op_pj", -23.6),
            "test.json: energy.synaptic_op_pj: must be a number in [0, inf), got -23.6");
  EXPECT_EQ(with("energy", "estimate", "yes"),
            "test.json: energy.estimate: must be true or false, got \"yes\"");
  EXPECT_EQ(with("pipeline", "cycles_per_spike", -1),
            "test.json: pipeline.cycles_per_spike: must be an integer in [0, 1048576], got -1");

  auto json = mini_json();
  json["clock_mhz"] = 0;
  EXPECT_EQ(error_of(json), "test.json: clock_mhz: must be a number in (0, 1e+06], got 0");
  json = mini_json();
  json["name"] = "Mini Chip";
  EXPECT_EQ(error_of(json),
            "test.json: name: must be lower case letters, digits, '_' or '-', got \"Mini Chip\"");
  json = mini_json();
  json["core"]["synapse_encoding"]["word_bits"] = 0;
  EXPECT_EQ(error_of(json), "test.json: core.synapse_encoding.word_bits: must be an integer in "
                            "[1, 4096], got 0");
  json = mini_json();
  json["noc"] = 3;
  EXPECT_EQ(error_of(json), "test.json: noc: must be an object");
}

TEST(TargetDescription, NeuronModelsMustBeKnownDistinctAndPresent) {
  auto with_models = [](nlohmann::ordered_json models) {
    auto json = mini_json();
    json["core"]["neuron_models"] = models;
    return error_of(json);
  };
  EXPECT_EQ(with_models({"cuba_lif", "izhikevich"}),
            "test.json: core.neuron_models[1]: must be one of cuba_lif, sigma_delta, "
            "leaky_sigma_delta, linear, got \"izhikevich\"");
  EXPECT_EQ(with_models({"input"}),
            "test.json: core.neuron_models[0]: must be one of cuba_lif, sigma_delta, "
            "leaky_sigma_delta, linear, got \"input\"");
  EXPECT_EQ(with_models({"linear", "linear"}),
            "test.json: core.neuron_models[1]: \"linear\" is listed twice");
  EXPECT_EQ(with_models(nlohmann::ordered_json::array()),
            "test.json: core.neuron_models: must name at least one neuron model");
  EXPECT_EQ(with_models("cuba_lif"),
            "test.json: core.neuron_models: must be an array, got \"cuba_lif\"");
}

TEST(TargetDescription, MalformedFilesAreErrorsNamingTheFile) {
  std::string text = mini_json().dump();
  EXPECT_THROW(parse_target_description(text.substr(0, text.size() / 2), "half.json"), TargetError);
  // Found by tests/fuzz/target_fuzz.cpp: a number too large for a double is a JSON error
  // too (nlohmann reports it as out_of_range, not parse_error).
  try {
    parse_target_description("{\"name\": 1" + std::string(400, '0') + "}", "huge.json");
    FAIL() << "a number that overflows a double must be an error";
  } catch (const TargetError& error) {
    EXPECT_NE(std::string(error.what()).find("huge.json: not valid JSON"), std::string::npos);
  }
  try {
    parse_target_description("{\"name\": \"a\", \"name\": \"b\"}", "twice.json");
    FAIL() << "a repeated key must be an error";
  } catch (const TargetError& error) {
    EXPECT_STREQ(error.what(), "twice.json: key \"name\" appears twice");
  }
  try {
    load_target_description(kTargetsDir / "no-such-chip.json");
    FAIL() << "a missing file must be an error";
  } catch (const TargetError& error) {
    EXPECT_NE(std::string(error.what()).find("no-such-chip.json: cannot open"), std::string::npos);
  }
  try {
    resolve_target("loihi3");
    FAIL() << "an unknown preset must be an error";
  } catch (const TargetError& error) {
    EXPECT_STREQ(error.what(), "no target preset named \"loihi3\" (presets: loihi1, loihi2, mini)");
  }
}

// nengo-loihi's SynapseConfig.bits_per_axon with n_synapses = 63, 8-bit weights, no
// delays: groups of 64, each 10 header bits plus the synapses, rounded up to 64 bits.
TEST(SynapseEncoding, CountsBitsAsNengoLoihi) {
  const SynapseEncoding loihi;
  EXPECT_EQ(synapse_index_bits(loihi, 0), 0);
  EXPECT_EQ(synapse_index_bits(loihi, 1), 6);
  EXPECT_EQ(synapse_index_bits(loihi, 63), 6);
  EXPECT_EQ(synapse_index_bits(loihi, 64), 7);
  EXPECT_EQ(synapse_index_bits(loihi, 1023), 10);
  EXPECT_EQ(synapse_index_bits(loihi, 8191), 13);
  EXPECT_EQ(synapse_delay_bits(0), 0);
  EXPECT_EQ(synapse_delay_bits(1), 1);
  EXPECT_EQ(synapse_delay_bits(62), 6);

  EXPECT_EQ(synapse_axon_bits(loihi, 0, 8, 0, 10), 0);
  EXPECT_EQ(synapse_axon_bits(loihi, 1, 8, 0, 10), 64);    // 18 + 10 bits
  EXPECT_EQ(synapse_axon_bits(loihi, 3, 8, 0, 10), 64);    // 54 + 10 = 64
  EXPECT_EQ(synapse_axon_bits(loihi, 4, 8, 0, 10), 128);   // 72 + 10 = 82
  EXPECT_EQ(synapse_axon_bits(loihi, 64, 8, 0, 10), 1216); // 1152 + 10 = 1162 -> 19 words
  EXPECT_EQ(synapse_axon_bits(loihi, 65, 8, 0, 10), 1216 + 64);
  EXPECT_EQ(synapse_axon_bits(loihi, 128, 8, 2, 6), 2 * 1088); // 64 * 16 + 10 -> 17 words
}

} // namespace
} // namespace gyrus::target
