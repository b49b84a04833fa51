// `gyrus verify IMAGE --against-float MODEL`: the first rung of the verification ladder.
// The trained network (float, noise-free) and the compiled image (runtime/ref's integer
// reference, fed by the host's sigma-delta input encoding) run the same test trials of
// every task; the report is each one's performance and the drop.
#include "runtime/host/float_comparison.h"
#include "runtime/image/image_error.h"
#include "runtime/image/loader.h"
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "training/analysis/analysis.h"
#include "training/io/network_file.h"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <cmath>
#include <fmt/core.h>
#include <iostream>
#include <optional>

namespace gyrus::cli {
namespace {

struct VerifyCommand {
  std::string image;
  std::string against_float;
  int trials = 0;
  std::optional<double> max_drop;
  int threads = 1;
};

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
  if (cmd.against_float.empty())
    throw UsageError("nothing to verify against: give --against-float MODEL.gnet.h5");
  if (cmd.max_drop && !std::isfinite(*cmd.max_drop))
    throw UsageError("--max-drop: must be a finite number of points");
  Eigen::setNbThreads(cmd.threads);
  image::Image image;
  try {
    image = image::load_image(cmd.image);
  } catch (const ImageError& e) {
    throw UsageError(e.what()); // names the file, the section and the field
  }
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
      "verify", "Check a deployment image against the network it was compiled from: "
                "--against-float runs the trained float network and the integer reference "
                "on the same test trials of every task and reports both performances");
  verify->add_option("image", cmd->image, "Deployment image (.gimg)")->required();
  verify->add_option("--against-float", cmd->against_float,
                     "The trained network file (.gnet.h5) the image was compiled from");
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
