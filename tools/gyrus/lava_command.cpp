// `gyrus lava run` and `gyrus lava compare`: an image run in Intel's Lava through the
// Python bridge (targets/lava/gyrus_lava, spawned as a child process), and compared step
// by step with gyrus's integer reference (docs/lava.md).
#include "runtime/image/loader.h"
#include "runtime/ref/network.h"
#include "targets/lava/bridge/bridge_client.h"
#include "tools/gyrus/context.h"
#include "tools/gyrus/stimulus.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <fmt/core.h>
#include <functional>
#include <optional>
#include <random>

namespace gyrus::cli {
namespace {

image::Image load_or_throw(const std::string& path) {
  try {
    return image::load_image(path);
  } catch (const std::exception& e) {
    throw UsageError(e.what());
  }
}

struct LavaOptions {
  std::string image;
  int64_t steps = 0;
  std::string input;
  std::string python;
  double timeout = 300;
  int chunk = 256;
  double rate = 0.1;
};

std::string env_or(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}

lava::BridgeOptions bridge_options(const LavaOptions& o) {
  lava::BridgeOptions b;
#ifdef GYRUS_DEFAULT_PYTHON
  const std::string default_python = GYRUS_DEFAULT_PYTHON;
#else
  const std::string default_python = "/usr/bin/python3";
#endif
  b.python = !o.python.empty() ? o.python : env_or("GYRUS_LAVA_PYTHON", default_python);
  const char* source = std::getenv("GYRUS_SOURCE_DIR");
  b.package_dir = source && *source ? std::filesystem::path(source) / "targets" / "lava"
                                    : std::filesystem::path(GYRUS_LAVA_PACKAGE_DIR);
  b.lava_path = env_or("GYRUS_LAVA_PATH", "");
  b.timeout = std::chrono::milliseconds(static_cast<int64_t>(o.timeout * 1000));
  return b;
}

/// Per step, the host input (ReferenceNetwork's form), encoded as docs/runtime.md says: a
/// graded port sends the change of round(x·2^F), a binary port a spike where x ≠ 0.
class InputSource {
public:
  InputSource(const image::Image& image, const LavaOptions& o, uint64_t seed)
      : image_(image), rate_(o.rate), rng_(seed), held_(image.inputs.size()),
        sent_(image.inputs.size()) {
    for (size_t p = 0; p < image.inputs.size(); ++p) {
      held_[p].assign(image.inputs[p].neurons.size(), 0.0);
      sent_[p].assign(image.inputs[p].neurons.size(), 0);
      width_ += image.inputs[p].neurons.size();
    }
    if (!o.input.empty())
      read_file(o.input);
  }

  ref::HostInput step(int64_t t) {
    ref::HostInput in(image_.inputs.size());
    size_t column = 0;
    for (size_t p = 0; p < image_.inputs.size(); ++p) {
      const bool graded = image_.inputs[p].spike_kind == image::SpikeKind::Graded;
      for (size_t i = 0; i < held_[p].size(); ++i, ++column) {
        double x = 0.0;
        if (!rows_.empty())
          x = static_cast<size_t>(t) < rows_.size() ? rows_[static_cast<size_t>(t)][column]
                                                    : (graded ? held_[p][i] : 0.0);
        else if (std::bernoulli_distribution(rate_)(rng_))
          x = graded ? std::uniform_real_distribution<double>(0, 1)(rng_) : 1.0;
        else
          x = graded ? held_[p][i] : 0.0;
        held_[p][i] = x;
        if (!graded) {
          in[p].push_back(x != 0.0 ? 1 : 0);
          continue;
        }
        const auto q = static_cast<int64_t>(std::round(std::ldexp(x, image_.metadata.frac_bits)));
        in[p].push_back(q - sent_[p][i]);
        sent_[p][i] = q;
      }
    }
    return in;
  }

private:
  /// The file as `gyrus sim --input` reads it (tools/gyrus/stimulus.h): its shape and
  /// values are checked against the image's ports before Lava starts.
  void read_file(const std::string& path) {
    StimulusOptions options;
    options.input_file = path;
    const Stimulus stimulus = make_stimulus(image_, options);
    if (stimulus.trials.size() != 1)
      throw UsageError(fmt::format("--input: {}: inputs holds {} trials ([T, B, n]); Lava runs "
                                   "one, [T, n]",
                                   path, stimulus.trials.size()));
    const InputTrial& trial = stimulus.trials.front();
    for (int64_t r = 0; r < trial.rows; ++r)
      rows_.emplace_back(trial.values.begin() + static_cast<ptrdiff_t>(r * width_),
                         trial.values.begin() + static_cast<ptrdiff_t>((r + 1) * width_));
  }

  const image::Image& image_;
  double rate_;
  std::mt19937_64 rng_;
  size_t width_ = 0;
  std::vector<std::vector<double>> rows_;
  std::vector<std::vector<double>> held_;
  std::vector<std::vector<int64_t>> sent_;
};

/// "population 'h' neuron 17 (core 2, compartment 5)".
std::string describe(const image::Image& image, uint32_t core, uint32_t compartment) {
  const image::CompartmentGroup* g = image.cores.at(core).group_of(compartment);
  if (!g)
    return fmt::format("core {}, compartment {}", core, compartment);
  return fmt::format("population '{}' neuron {} (core {}, compartment {})",
                     image.metadata.populations.at(g->population).name,
                     g->population_offset + (compartment - g->first), core, compartment);
}

/// Runs `steps` steps through the bridge in chunks; `on_chunk(first step, inputs, outputs)`.
void drive_lava(const image::Image& image, const LavaOptions& o, bool record, uint64_t seed,
                const std::function<void(int64_t, const std::vector<ref::HostInput>&,
                                         const lava::OutputsChunk&)>& on_chunk,
                const std::function<void(const std::string&)>& on_load) {
  InputSource source(image, o, seed); // reads and checks --input before Lava starts
  lava::BridgeClient bridge(bridge_options(o));
  const uint32_t capacity =
      static_cast<uint32_t>(std::clamp<int64_t>(std::min<int64_t>(o.chunk, o.steps), 1, 1 << 20));
  on_load(bridge.info() + "\n" +
          bridge.load({std::filesystem::absolute(o.image).string(),
                       record ? lava::kRecordState : 0u, capacity}));
  for (int64_t first = 0; first < o.steps; first += capacity) {
    const auto steps = static_cast<uint32_t>(std::min<int64_t>(capacity, o.steps - first));
    std::vector<ref::HostInput> inputs;
    lava::InputsChunk chunk{steps, std::vector<lava::PortSteps>(image.inputs.size())};
    for (uint32_t k = 0; k < steps; ++k) {
      inputs.push_back(source.step(first + k));
      for (size_t p = 0; p < image.inputs.size(); ++p)
        chunk.ports[p].push_back(inputs.back()[p]);
    }
    on_chunk(first, inputs, bridge.run(chunk));
  }
  bridge.close();
}

void run_lava(const LavaOptions& o, const GlobalOptions& global) {
  const image::Image image = load_or_throw(o.image);
  nlohmann::json outputs = nlohmann::json::object();
  std::vector<int64_t> nonzero(image.outputs.size(), 0);
  drive_lava(
      image, o, false, global.seed,
      [&](int64_t, const std::vector<ref::HostInput>&, const lava::OutputsChunk& out) {
        for (size_t p = 0; p < image.outputs.size(); ++p)
          for (const auto& row : out.ports[p]) {
            outputs[image.outputs[p].name].push_back(row);
            for (int64_t v : row)
              nonzero[p] += v != 0;
          }
      },
      [&](const std::string& text) {
        if (!global.quiet && !global.json)
          fmt::print(stderr, "{}\n", text);
      });
  if (global.json)
    return print_json({{"steps", o.steps}, {"outputs", outputs}});
  fmt::print("ran {} steps of {} in Lava\n", o.steps, o.image);
  for (size_t p = 0; p < image.outputs.size(); ++p)
    fmt::print("  output '{}': {} neurons, {} nonzero outputs\n", image.outputs[p].name,
               image.outputs[p].neurons.size(), nonzero[p]);
}

void compare_lava(const LavaOptions& o, const GlobalOptions& global) {
  const image::Image image = load_or_throw(o.image);
  ref::ReferenceNetwork reference(image);
  std::optional<std::string> divergence;
  std::string loaded;
  drive_lava(
      image, o, true, global.seed,
      [&](int64_t first, const std::vector<ref::HostInput>& inputs, const lava::OutputsChunk& out) {
        if (divergence)
          return;
        for (size_t k = 0; k < inputs.size() && !divergence; ++k) {
          reference.step(inputs[k]);
          for (size_t p = 0; p < image.outputs.size() && !divergence; ++p)
            for (size_t i = 0; i < image.outputs[p].neurons.size(); ++i) {
              const int64_t g = reference.outputs()[p][i], l = out.ports[p][k][i];
              if (g != l) {
                const auto& ref = image.outputs[p].neurons[i];
                divergence = fmt::format("step {}, output '{}' neuron {} = {}: gyrus {}, Lava {}",
                                         first + k, image.outputs[p].name, i,
                                         describe(image, ref.core, ref.compartment), g, l);
                break;
              }
            }
        }
        for (const lava::StateRecord& s : out.states) {
          if (divergence)
            break;
          const auto fields = ref::state_fields(reference.state(s.core, s.compartment));
          for (size_t f = 0; f < fields.size() && f < s.fields.size(); ++f)
            if (fields[f].second != s.fields[f]) {
              divergence =
                  fmt::format("after step {}, {}: {} gyrus {}, Lava {}", first + inputs.size() - 1,
                              describe(image, s.core, s.compartment), fields[f].first,
                              fields[f].second, s.fields[f]);
              break;
            }
        }
      },
      [&](const std::string& text) { loaded = text; });
  if (global.json)
    print_json({{"steps", o.steps},
                {"bit_exact", !divergence},
                {"divergence", divergence ? nlohmann::json(*divergence) : nlohmann::json()},
                {"bridge", loaded}});
  else if (divergence)
    fmt::print("Lava diverges from gyrus: {}\n", *divergence);
  else
    fmt::print("bit-exact over {} steps (outputs every step, every compartment's state every "
               "{} steps)\n",
               o.steps, std::min<int64_t>(o.chunk, o.steps));
  if (divergence)
    std::exit(1);
}

} // namespace

void register_lava_command(CLI::App& app, GlobalOptions& global) {
  CLI::App* lava =
      app.add_subcommand("lava", "Run a deployment image in Intel's Lava (docs/lava.md)");
  lava->require_subcommand(1);
  auto options = std::make_shared<LavaOptions>();
  for (const char* name : {"run", "compare"}) {
    const bool compare = std::string(name) == "compare";
    CLI::App* sub = lava->add_subcommand(
        name, compare ? "Run the image in gyrus's integer reference and in Lava on the same "
                        "inputs; report bit-exactness or the first divergence"
                      : "Run the image in Lava and print its outputs");
    sub->add_option("image", options->image, "Deployment image (.gimg)")->required();
    sub->add_option("--steps", options->steps, "Timesteps")
        ->required()
        ->check(CLI::Range(int64_t{1}, kMaxSteps));
    sub->add_option("--input", options->input,
                    "HDF5 file with dataset 'inputs' [steps, input neurons] of real values "
                    "(default: random inputs from --seed)");
    sub->add_option("--rate", options->rate,
                    "Random inputs: chance per neuron and step of a "
                    "spike or a new graded value")
        ->capture_default_str();
    sub->add_option("--python", options->python,
                    "Python with Lava (default: $GYRUS_LAVA_PYTHON, else the configured one)");
    sub->add_option("--timeout", options->timeout, "Seconds to wait for each bridge reply")
        ->capture_default_str();
    sub->add_option("--chunk", options->chunk, "Steps per exchange with the bridge")
        ->capture_default_str()
        ->check(CLI::Range(1, 1 << 20));
    sub->callback([options, &global, compare] {
      try {
        compare ? compare_lava(*options, global) : run_lava(*options, global);
      } catch (const lava::BridgeError& e) {
        throw UsageError(e.what());
      }
    });
  }
}

} // namespace gyrus::cli
