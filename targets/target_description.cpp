#include "targets/target_description.h"

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <set>
#include <sstream>

namespace gyrus::target {

namespace {

using Json = nlohmann::json;

// The presets, embedded at build time from targets/*.json by embed_presets.cmake.
struct Preset {
  std::string_view name;
  std::string_view json;
};
constexpr Preset kPresets[] = {
#include "target_presets.inc"
};

constexpr int64_t kMaxCount = int64_t{1} << 40; // far beyond any chip, keeps products exact
constexpr double kInf = std::numeric_limits<double>::infinity();
const std::set<std::string, std::less<>> kNeuronModels = {"cuba_lif", "sigma_delta",
                                                          "leaky_sigma_delta", "linear"};

/// Reads one JSON object, remembering the key path for errors, and rejects keys it
/// was never asked for.
class ObjectReader {
public:
  ObjectReader(const Json& object, std::string path, std::string_view origin)
      : object_(object), path_(std::move(path)), origin_(origin) {
    if (!object_.is_object())
      fail(path_, "must be an object");
  }

  int64_t integer(const char* key, int64_t min, int64_t max) {
    const Json& value = get(key);
    const std::string path = join(key);
    std::string range = "in [" + std::to_string(min) + ", " + std::to_string(max) + "]";
    if (value.is_number_unsigned() && value.get<uint64_t>() > static_cast<uint64_t>(max))
      fail(path, "must be an integer " + range + ", got " + value.dump());
    if (!value.is_number_integer())
      fail(path, "must be an integer " + range + ", got " + value.dump());
    const int64_t number = value.get<int64_t>();
    if (number < min || number > max)
      fail(path, "must be an integer " + range + ", got " + value.dump());
    return number;
  }

  int small_integer(const char* key, int min, int max) {
    return static_cast<int>(integer(key, min, max));
  }

  /// A number in [min, max] (or (min, max] if `min_exclusive`).
  double number(const char* key, double min, double max, bool min_exclusive = false) {
    const Json& value = get(key);
    const std::string path = join(key);
    std::ostringstream range;
    range << (min_exclusive ? "(" : "[") << min << ", ";
    if (std::isinf(max))
      range << "inf)";
    else
      range << max << "]";
    if (!value.is_number())
      fail(path, "must be a number in " + range.str() + ", got " + value.dump());
    const double number = value.get<double>();
    const bool above = min_exclusive ? number > min : number >= min;
    if (!std::isfinite(number) || !above || number > max)
      fail(path, "must be a number in " + range.str() + ", got " + value.dump());
    return number;
  }

  std::string string(const char* key) {
    const Json& value = get(key);
    if (!value.is_string())
      fail(join(key), "must be a string, got " + value.dump());
    return value.get<std::string>();
  }

  bool boolean(const char* key) {
    const Json& value = get(key);
    if (!value.is_boolean())
      fail(join(key), "must be true or false, got " + value.dump());
    return value.get<bool>();
  }

  ObjectReader object(const char* key) { return ObjectReader(get(key), join(key), origin_); }

  const Json& array(const char* key) {
    const Json& value = get(key);
    if (!value.is_array())
      fail(join(key), "must be an array, got " + value.dump());
    return value;
  }

  std::string join(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }

  /// Every key of the object must have been read.
  void finish() const {
    for (const auto& [key, value] : object_.items())
      if (!read_.count(key))
        fail(join(key), "unknown key");
  }

  [[noreturn]] void fail(const std::string& path, const std::string& message) const {
    throw TargetError(std::string(origin_) + ": " + (path.empty() ? "" : path + ": ") + message);
  }

private:
  const Json& get(const char* key) {
    auto found = object_.find(key);
    if (found == object_.end())
      fail(join(key), "missing");
    read_.insert(key);
    return *found;
  }

  const Json& object_;
  std::string path_;
  std::string_view origin_;
  std::set<std::string, std::less<>> read_;
};

Mesh read_mesh(ObjectReader in) {
  Mesh mesh;
  mesh.cols = in.integer("cols", 1, 1 << 16);
  mesh.rows = in.integer("rows", 1, 1 << 16);
  mesh.cores_per_tile = in.integer("cores_per_tile", 1, 1 << 10);
  mesh.chips = in.integer("chips", 1, 1 << 16);
  in.finish();
  return mesh;
}

SynapseEncoding read_encoding(ObjectReader in) {
  SynapseEncoding encoding;
  encoding.word_bits = in.small_integer("word_bits", 1, 4096);
  encoding.group_size = in.small_integer("group_size", 1, 1 << 20);
  encoding.group_header_bits = in.small_integer("group_header_bits", 0, 4096);
  encoding.min_index_bits = in.small_integer("min_index_bits", 0, 63);
  in.finish();
  return encoding;
}

CoreLimits read_core(ObjectReader in) {
  CoreLimits core;
  core.compartments = in.integer("compartments", 1, kMaxCount);
  core.in_axons = in.integer("in_axons", 1, kMaxCount);
  core.out_axons = in.integer("out_axons", 1, kMaxCount);
  core.synapse_bits = in.integer("synapse_bits", 1, kMaxCount);
  // The chip dialect stores weights and delays in at most 32-bit integers.
  core.weight_bits = in.small_integer("weight_bits", 1, 31);
  core.delay_bits = in.small_integer("delay_bits", 0, 31);
  const Json& models = in.array("neuron_models");
  const std::string models_path = in.join("neuron_models");
  if (models.empty())
    in.fail(models_path, "must name at least one neuron model");
  for (size_t i = 0; i < models.size(); ++i) {
    const std::string path = models_path + "[" + std::to_string(i) + "]";
    if (!models[i].is_string() || !kNeuronModels.count(models[i].get<std::string>()))
      in.fail(path, "must be one of cuba_lif, sigma_delta, leaky_sigma_delta, linear, got " +
                        models[i].dump());
    if (core.supports(models[i].get<std::string>()))
      in.fail(path, models[i].dump() + " is listed twice");
    core.neuron_models.push_back(models[i].get<std::string>());
  }
  core.synapse_encoding = read_encoding(in.object("synapse_encoding"));
  in.finish();
  return core;
}

Noc read_noc(ObjectReader in) {
  Noc noc;
  noc.router_pipeline_cycles = in.small_integer("router_pipeline_cycles", 0, 1 << 20);
  ObjectReader links = in.object("link_cycles_per_flit");
  noc.link_cycles_east_west = links.small_integer("east_west", 1, 1 << 20);
  noc.link_cycles_north_south = links.small_integer("north_south", 1, 1 << 20);
  links.finish();
  noc.tile_local_cycles = in.small_integer("tile_local_cycles", 0, 1 << 20);
  noc.flit_bits = in.small_integer("flit_bits", 1, 4096);
  noc.packet_flits = in.small_integer("packet_flits", 1, 1 << 10);
  noc.buffer_flits = in.small_integer("buffer_flits", 1, 1 << 20);
  in.finish();
  return noc;
}

CorePipeline read_pipeline(ObjectReader in) {
  CorePipeline pipeline;
  pipeline.cycles_per_synaptic_op = in.small_integer("cycles_per_synaptic_op", 0, 1 << 20);
  pipeline.cycles_per_active_update = in.small_integer("cycles_per_active_update", 0, 1 << 20);
  pipeline.cycles_per_idle_update = in.small_integer("cycles_per_idle_update", 0, 1 << 20);
  pipeline.cycles_per_spike = in.small_integer("cycles_per_spike", 0, 1 << 20);
  in.finish();
  return pipeline;
}

Energy read_energy(ObjectReader in) {
  Energy energy;
  energy.synaptic_op_pj = in.number("synaptic_op_pj", 0, kInf);
  energy.spike_within_tile_pj = in.number("spike_within_tile_pj", 0, kInf);
  energy.hop_east_west_pj = in.number("hop_east_west_pj", 0, kInf);
  energy.hop_north_south_pj = in.number("hop_north_south_pj", 0, kInf);
  energy.compartment_update_active_pj = in.number("compartment_update_active_pj", 0, kInf);
  energy.compartment_update_idle_pj = in.number("compartment_update_idle_pj", 0, kInf);
  energy.spike_sent_pj = in.number("spike_sent_pj", 0, kInf);
  energy.estimate = in.boolean("estimate");
  energy.source = in.string("source");
  in.finish();
  return energy;
}

bool valid_name(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

/// nlohmann::json keeps the last of repeated keys; a description that repeats one is
/// almost certainly a mistake, so the parser callback rejects it.
Json parse_strict(std::string_view text, std::string_view origin) {
  std::vector<std::set<std::string>> open_objects;
  std::string repeated;
  auto reject_repeats = [&](int, Json::parse_event_t event, Json& parsed) {
    if (event == Json::parse_event_t::object_start)
      open_objects.emplace_back();
    else if (event == Json::parse_event_t::object_end && !open_objects.empty())
      open_objects.pop_back();
    else if (event == Json::parse_event_t::key && !open_objects.empty() &&
             !open_objects.back().insert(parsed.get<std::string>()).second && repeated.empty())
      repeated = parsed.get<std::string>();
    return true;
  };
  Json json;
  try {
    json = Json::parse(text.begin(), text.end(), reject_repeats);
  } catch (const Json::exception& error) {
    // parse_error, and out_of_range for a number too large for a double.
    throw TargetError(std::string(origin) + ": not valid JSON: " + error.what());
  }
  if (!repeated.empty())
    throw TargetError(std::string(origin) + ": key \"" + repeated + "\" appears twice");
  return json;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw TargetError(path.string() + ": cannot open the target description");
  std::ostringstream text;
  text << in.rdbuf();
  if (!in.good() && !in.eof())
    throw TargetError(path.string() + ": cannot read the target description");
  return text.str();
}

} // namespace

bool CoreLimits::supports(std::string_view model) const {
  return std::find(neuron_models.begin(), neuron_models.end(), model) != neuron_models.end();
}

TargetDescription parse_target_description(std::string_view json_text, std::string_view origin) {
  const Json json = parse_strict(json_text, origin);
  ObjectReader in(json, "", origin);
  TargetDescription target;
  target.name = in.string("name");
  if (!valid_name(target.name))
    in.fail("name", "must be lower case letters, digits, '_' or '-', got \"" + target.name + "\"");
  target.description = in.string("description");
  target.mesh = read_mesh(in.object("mesh"));
  target.core = read_core(in.object("core"));
  target.noc = read_noc(in.object("noc"));
  target.pipeline = read_pipeline(in.object("pipeline"));
  target.barrier_cycles = in.integer("barrier_cycles", 0, kMaxCount);
  target.clock_mhz = in.number("clock_mhz", 0, 1e6, /*min_exclusive=*/true);
  target.energy = read_energy(in.object("energy"));
  in.finish();
  return target;
}

TargetDescription load_target_description(const std::filesystem::path& path) {
  return parse_target_description(read_file(path), path.string());
}

std::vector<std::string> preset_names() {
  std::vector<std::string> names;
  for (const Preset& preset : kPresets)
    names.emplace_back(preset.name);
  return names;
}

TargetDescription load_preset(std::string_view name) {
  for (const Preset& preset : kPresets)
    if (preset.name == name)
      return parse_target_description(preset.json, "preset " + std::string(name));
  std::string known;
  for (const Preset& preset : kPresets)
    known += (known.empty() ? "" : ", ") + std::string(preset.name);
  throw TargetError("no target preset named \"" + std::string(name) + "\" (presets: " + known +
                    ")");
}

TargetDescription resolve_target(std::string_view name_or_path) {
  for (const Preset& preset : kPresets)
    if (preset.name == name_or_path)
      return load_preset(name_or_path);
  if (name_or_path.find('/') == std::string_view::npos &&
      name_or_path.find('.') == std::string_view::npos)
    return load_preset(name_or_path); // not a path: report the unknown preset
  return load_target_description(std::filesystem::path(name_or_path));
}

nlohmann::ordered_json to_json(const TargetDescription& t) {
  using Ordered = nlohmann::ordered_json;
  Ordered encoding = {{"word_bits", t.core.synapse_encoding.word_bits},
                      {"group_size", t.core.synapse_encoding.group_size},
                      {"group_header_bits", t.core.synapse_encoding.group_header_bits},
                      {"min_index_bits", t.core.synapse_encoding.min_index_bits}};
  return {
      {"name", t.name},
      {"description", t.description},
      {"mesh",
       {{"cols", t.mesh.cols},
        {"rows", t.mesh.rows},
        {"cores_per_tile", t.mesh.cores_per_tile},
        {"chips", t.mesh.chips}}},
      {"core",
       {{"compartments", t.core.compartments},
        {"in_axons", t.core.in_axons},
        {"out_axons", t.core.out_axons},
        {"synapse_bits", t.core.synapse_bits},
        {"weight_bits", t.core.weight_bits},
        {"delay_bits", t.core.delay_bits},
        {"neuron_models", t.core.neuron_models},
        {"synapse_encoding", encoding}}},
      {"noc",
       {{"router_pipeline_cycles", t.noc.router_pipeline_cycles},
        {"link_cycles_per_flit",
         {{"east_west", t.noc.link_cycles_east_west},
          {"north_south", t.noc.link_cycles_north_south}}},
        {"tile_local_cycles", t.noc.tile_local_cycles},
        {"flit_bits", t.noc.flit_bits},
        {"packet_flits", t.noc.packet_flits},
        {"buffer_flits", t.noc.buffer_flits}}},
      {"pipeline",
       {{"cycles_per_synaptic_op", t.pipeline.cycles_per_synaptic_op},
        {"cycles_per_active_update", t.pipeline.cycles_per_active_update},
        {"cycles_per_idle_update", t.pipeline.cycles_per_idle_update},
        {"cycles_per_spike", t.pipeline.cycles_per_spike}}},
      {"barrier_cycles", t.barrier_cycles},
      {"clock_mhz", t.clock_mhz},
      {"energy",
       {{"synaptic_op_pj", t.energy.synaptic_op_pj},
        {"spike_within_tile_pj", t.energy.spike_within_tile_pj},
        {"hop_east_west_pj", t.energy.hop_east_west_pj},
        {"hop_north_south_pj", t.energy.hop_north_south_pj},
        {"compartment_update_active_pj", t.energy.compartment_update_active_pj},
        {"compartment_update_idle_pj", t.energy.compartment_update_idle_pj},
        {"spike_sent_pj", t.energy.spike_sent_pj},
        {"estimate", t.energy.estimate},
        {"source", t.energy.source}}},
  };
}

} // namespace gyrus::target
