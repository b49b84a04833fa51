// `gyrus verify IMAGE`: two rungs of the verification ladder.
//  - `--against-float MODEL`, float ≈ integer: the trained network (float, noise-free) and
//    the compiled image (runtime/ref's integer reference, fed by the host's sigma-delta
//    input encoding) run the same test trials of every task; the report is each one's
//    performance and the drop.
//  - otherwise, integer reference == simulator: both run the image in lockstep on the same
//    inputs (random, a file, or task trials; tools/gyrus/stimulus.h), and every
//    compartment's state and output is compared after every step. The report is "bit-exact
//    over N steps" or the first divergence, traced back to its population and neuron.
#include "runtime/host/float_comparison.h"
#include "runtime/image/image_error.h"
#include "runtime/image/loader.h"
#include "runtime/ref/network.h"
#include "runtime/sim/chip_simulator.h"
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "tools/gyrus/stimulus.h"
#include "training/analysis/analysis.h"
#include "training/io/network_file.h"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <cmath>
#include <fmt/core.h>
#include <iostream>
#include <optional>
#include <tuple>

namespace gyrus::cli {
namespace {

struct VerifyCommand {
  std::string image;
  std::string against_float;
  int trials = 0;
  std::optional<double> max_drop;
  int threads = 1;
  StimulusOptions stimulus; ///< without --against-float
};

/// Random input runs this long unless --steps, --input or --task says otherwise.
constexpr int64_t kDefaultSteps = 1000;

/// Where the simulator first left the reference.
struct Divergence {
  int64_t step = 0; ///< over the whole run
  int trial = 0;
  int64_t trial_step = 0;
  std::string difference; ///< ref::first_difference's words
  std::optional<uint32_t> core, compartment;
  std::string population, model;
  std::optional<uint32_t> neuron;
  /// Every field of that compartment that differs: name, reference value, simulator value.
  std::vector<std::tuple<std::string, int64_t, int64_t>> fields;
};

/// Thrown out of the lockstep run at the first divergence.
struct Diverged {
  Divergence divergence;
};

/// The first compartment whose state or output differs, with all of its differing fields
/// and the population neuron it holds (the image's metadata).
void locate(const image::Image& image, const ref::NetworkSnapshot& expected,
            const ref::NetworkSnapshot& actual, Divergence& d) {
  for (size_t c = 0; c < expected.cores.size() && c < actual.cores.size(); ++c) {
    const auto& want = expected.cores[c].compartments;
    const auto& got = actual.cores[c].compartments;
    for (size_t k = 0; k < want.size() && k < got.size(); ++k) {
      if (want[k].state.index() != got[k].state.index())
        return; // a different shape: first_difference's words say it all
      const auto want_fields = ref::state_fields(want[k].state);
      const auto got_fields = ref::state_fields(got[k].state);
      for (size_t f = 0; f < want_fields.size(); ++f)
        if (want_fields[f].second != got_fields[f].second)
          d.fields.emplace_back(want_fields[f].first, want_fields[f].second, got_fields[f].second);
      if (want[k].output != got[k].output)
        d.fields.emplace_back("output", want[k].output, got[k].output);
      if (d.fields.empty())
        continue;
      d.core = static_cast<uint32_t>(c);
      d.compartment = want[k].compartment;
      if (const image::CompartmentGroup* group = image.cores[c].group_of(want[k].compartment)) {
        d.model = std::string(image::neuron_model_name(group->params));
        d.neuron = group->population_offset + (want[k].compartment - group->first);
        if (group->population < image.metadata.populations.size())
          d.population = image.metadata.populations[group->population].name;
      }
      return;
    }
  }
}

struct Lockstep {
  int64_t steps = 0;
  int trials = 0;
  std::optional<Divergence> divergence;
  std::vector<TaskScore> scores;
};

/// Runs the reference and the simulator side by side; stops at the first divergence.
Lockstep run_lockstep(const image::Image& image, const Stimulus& stimulus, Progress& progress) {
  ref::ReferenceNetwork reference(image);
  sim::ChipSimulator chip(image);
  Lockstep run;
  int64_t trial_step = 0;
  const DrivenNetwork both{
      [&] {
        reference.reset();
        chip.reset();
        trial_step = 0;
      },
      [&](const ref::HostInput& input) -> const std::vector<std::vector<int64_t>>& {
        reference.step(input);
        chip.step(input);
        const ref::NetworkSnapshot expected = reference.snapshot();
        const ref::NetworkSnapshot actual = chip.snapshot();
        std::optional<std::string> difference = ref::first_difference(expected, actual);
        if (!difference && reference.outputs() != chip.outputs())
          difference = "the output ports differ"; // the same compartments: cannot happen
        if (difference) {
          Divergence d;
          d.step = run.steps;
          d.trial = run.trials - 1;
          d.trial_step = trial_step;
          d.difference = *difference;
          locate(image, expected, actual, d);
          throw Diverged{d};
        }
        ++run.steps;
        ++trial_step;
        progress.advance(1);
        return reference.outputs();
      }};
  try {
    run.scores = drive(image, stimulus, both, [&run](int trial) { run.trials = trial + 1; });
  } catch (const Diverged& diverged) {
    run.divergence = diverged.divergence;
  }
  return run;
}

nlohmann::json to_json(const Divergence& d) {
  nlohmann::json fields = nlohmann::json::array();
  for (const auto& [name, expected, actual] : d.fields)
    fields.push_back({{"field", name}, {"reference", expected}, {"simulator", actual}});
  nlohmann::json out = {{"step", d.step},
                        {"trial", d.trial},
                        {"trial_step", d.trial_step},
                        {"difference", d.difference},
                        {"fields", fields}};
  if (d.core) {
    out["core"] = *d.core;
    out["compartment"] = *d.compartment;
  }
  if (d.neuron) {
    out["population"] = d.population;
    out["neuron"] = *d.neuron;
    out["model"] = d.model;
  }
  return out;
}

std::string describe(const Divergence& d) {
  std::string where =
      fmt::format("step {} (trial {}, step {} of it)", d.step, d.trial, d.trial_step);
  if (!d.core)
    return where + ": " + d.difference;
  where += fmt::format(", core {}, compartment {}", *d.core, *d.compartment);
  if (d.neuron)
    where += fmt::format(" ({} neuron {}, {})", d.population, *d.neuron, d.model);
  std::string fields;
  for (const auto& [name, expected, actual] : d.fields)
    fields +=
        fmt::format("{}{} = {}, expected {}", fields.empty() ? "" : "; ", name, actual, expected);
  return where + ": " + fields;
}

void verify_lockstep(VerifyCommand cmd, const GlobalOptions& global, const image::Image& image) {
  if (cmd.max_drop)
    throw UsageError("--max-drop: only with --against-float");
  cmd.stimulus.seed = global.seed;
  cmd.stimulus.trials = cmd.trials;
  if (cmd.stimulus.input_file.empty() && cmd.stimulus.task.empty() && !cmd.stimulus.steps)
    cmd.stimulus.steps = kDefaultSteps;
  const Stimulus stimulus = make_stimulus(image, cmd.stimulus);
  Progress progress("verifying", static_cast<long>(total_steps(image, stimulus)),
                    show_progress(global));
  const Lockstep run = run_lockstep(image, stimulus, progress);
  progress.finish();

  const std::string what = stimulus.source == "random"
                               ? fmt::format("random input, seed {}", global.seed)
                               : stimulus.source;
  if (global.json) {
    nlohmann::json result = {{"image", cmd.image},   {"source", stimulus.source},
                             {"seed", global.seed},  {"steps", run.steps},
                             {"trials", run.trials}, {"bit_exact", !run.divergence},
                             {"divergence", nullptr}};
    if (run.divergence)
      result["divergence"] = to_json(*run.divergence);
    if (!run.scores.empty()) {
      nlohmann::json tasks = nlohmann::json::array();
      for (const TaskScore& s : run.scores)
        tasks.push_back({{"task", s.task},
                         {"trials", s.trials},
                         {"correct", s.correct},
                         {"performance", static_cast<double>(s.correct) / s.trials}});
      result["suite"] = stimulus.suite;
      result["tasks"] = tasks;
    }
    print_json(result);
  } else if (!run.divergence) {
    std::cout << fmt::format("{}: simulator == integer reference, bit-exact over {} steps ({} "
                             "trial{}, {}): every compartment's state and output after every "
                             "step\n",
                             cmd.image, run.steps, run.trials, run.trials == 1 ? "" : "s", what);
  } else {
    std::cout << fmt::format("{}: the simulator leaves the integer reference at {} ({}; "
                             "bit-exact for the {} steps before)\n",
                             cmd.image, describe(*run.divergence), what, run.steps);
  }
  if (run.divergence)
    throw UsageError("not bit-exact: " + describe(*run.divergence));
}

nlohmann::json to_json(const host::FloatComparison& comparison) {
  nlohmann::json tasks = nlohmann::json::array();
  for (const host::TaskComparison& task : comparison.tasks)
    tasks.push_back({{"task", task.task},
                     {"trials", task.trials},
                     {"float", task.float_performance},
                     {"integer", task.integer_performance},
                     {"drop_points", 100.0 * (task.float_performance - task.integer_performance)},
                     {"agreement", task.agreement},
                     {"max_output_error", task.max_output_error},
                     {"mean_output_error", task.mean_output_error}});
  return {{"frac_bits", comparison.frac_bits},
          {"latency", comparison.latency},
          {"tasks", tasks},
          {"mean_float", comparison.mean_float},
          {"mean_integer", comparison.mean_integer},
          {"mean_drop_points", comparison.mean_drop_points()}};
}

void print_report(const VerifyCommand& cmd, const host::FloatComparison& comparison) {
  std::cout << fmt::format("{} against {} (float, noise-free): F = {} fraction bits, readout "
                           "{} steps behind the float network\n",
                           cmd.image, cmd.against_float, comparison.frac_bits, comparison.latency);
  std::cout << fmt::format("  {:<18} {:>6} {:>7} {:>8} {:>7} {:>7} {:>8}\n", "task", "trials",
                           "float", "integer", "drop", "agree", "max|dy|");
  for (const host::TaskComparison& task : comparison.tasks)
    std::cout << fmt::format("  {:<18} {:>6} {:>7.3f} {:>8.3f} {:>7.1f} {:>7.3f} {:>8.4f}\n",
                             task.task, task.trials, task.float_performance,
                             task.integer_performance,
                             100.0 * (task.float_performance - task.integer_performance),
                             task.agreement, task.max_output_error);
  std::cout << fmt::format("mean performance: float {:.4f}, integer {:.4f}, drop {:.2f} points "
                           "over {} tasks\n",
                           comparison.mean_float, comparison.mean_integer,
                           comparison.mean_drop_points(), comparison.tasks.size());
}

void run_verify(const VerifyCommand& cmd, const GlobalOptions& global) {
  if (cmd.max_drop && !std::isfinite(*cmd.max_drop))
    throw UsageError("--max-drop: must be a finite number of points");
  Eigen::setNbThreads(cmd.threads);
  image::Image image;
  try {
    image = image::load_image(cmd.image);
  } catch (const ImageError& e) {
    throw UsageError(e.what()); // names the file, the section and the field
  }
  if (cmd.against_float.empty())
    return verify_lockstep(cmd, global, image);
  const StimulusOptions& lockstep = cmd.stimulus;
  if (lockstep.steps || !lockstep.input_file.empty() || !lockstep.task.empty())
    throw UsageError("--steps, --input and --task choose the inputs of the simulator check; "
                     "--against-float runs every task's test trials");
  io::NetworkFile network;
  tasks::Suite suite;
  try {
    network = io::read_network_file(cmd.against_float);
    suite = analysis::network_suite(network);
  } catch (const analysis::IncompatibleNetwork& e) {
    throw UsageError(cmd.against_float + ": " + e.what());
  } catch (const std::exception& e) {
    throw UsageError(e.what()); // names the file and the field
  }

  host::ComparisonOptions options;
  options.max_trials = cmd.trials;
  options.seed = global.seed;
  Progress progress("verifying", static_cast<long>(tasks::task_names(suite).size()),
                    show_progress(global));
  options.on_task = [&progress](const std::string& task) { progress.advance(1, task); };
  host::FloatComparison comparison;
  try {
    comparison = host::compare_with_float(image, network, suite, options);
  } catch (const std::invalid_argument& e) {
    throw UsageError(cmd.image + " against " + cmd.against_float + ": " + e.what());
  }
  progress.finish();

  if (global.json) {
    nlohmann::json result = to_json(comparison);
    result["image"] = cmd.image;
    result["against_float"] = cmd.against_float;
    result["suite"] = tasks::suite_name(suite);
    result["seed"] = global.seed;
    if (cmd.max_drop)
      result["max_drop_points"] = *cmd.max_drop;
    print_json(result);
  } else {
    print_report(cmd, comparison);
  }
  if (cmd.max_drop && comparison.mean_drop_points() > *cmd.max_drop)
    throw UsageError(fmt::format("the mean drop, {:.2f} points, exceeds --max-drop {}",
                                 comparison.mean_drop_points(), *cmd.max_drop));
}

} // namespace

void register_verify_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<VerifyCommand>();
  CLI::App* verify = app.add_subcommand(
      "verify", "Check a deployment image: by default the chip simulator against the integer "
                "reference, step by step and bit for bit; --against-float runs the trained "
                "float network and the integer reference on the same test trials of every "
                "task and reports both performances");
  verify->add_option("image", cmd->image, "Deployment image (.gimg)")->required();
  verify->add_option("--against-float", cmd->against_float,
                     "The trained network file (.gnet.h5) the image was compiled from");
  CLI::Option* steps =
      verify
          ->add_option("--steps", cmd->stimulus.steps,
                       fmt::format("Steps of random input, seeded by --seed (default {}), or "
                                   "per trial of --input",
                                   kDefaultSteps))
          ->check(CLI::Range(int64_t{1}, kMaxSteps));
  CLI::Option* input = verify->add_option(
      "--input", cmd->stimulus.input_file,
      "HDF5 file with a dataset 'inputs', [T, n] or [T, B, n] real values (docs/file-formats.md)");
  CLI::Option* task = verify->add_option(
      "--task", cmd->stimulus.task,
      "Check on this task's noise-free test trials ('all': every task of the suite)");
  verify
      ->add_option("--suite", cmd->stimulus.suite, "Task suite (default: the one defining --task)")
      ->needs(task);
  verify
      ->add_option("--rate", cmd->stimulus.rate,
                   "Random input: chance per neuron and step of a spike (binary ports) or of a "
                   "new value in [0, 1) (graded ports)")
      ->capture_default_str();
  task->excludes(input);
  task->excludes(steps);
  verify
      ->add_option("--trials", cmd->trials,
                   "Trials per task, evenly spaced over its test grid (0: the whole grid)")
      ->capture_default_str()
      ->check(CLI::Range(0, 1 << 20));
  verify->add_option("--max-drop", cmd->max_drop,
                     "Fail (exit 1, after the report) if the mean drop exceeds this many "
                     "performance points");
  verify->add_option("--threads", cmd->threads, "Threads for the float network's products")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  verify->callback([cmd, &global] { run_verify(*cmd, global); });
}

} // namespace gyrus::cli
