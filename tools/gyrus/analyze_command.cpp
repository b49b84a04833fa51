// `gyrus analyze`: the Growing Brains scores of one trained network, and
// optionally its figures (drawn by scripts/plot_analysis.py).
#include "tools/gyrus/child_processes.h"
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "training/analysis/analysis.h"
#include "training/analysis/figure_data.h"
#include "training/io/network_file.h"

#include <CLI/CLI.hpp>
#include <Eigen/Core>
#include <array>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fmt/core.h>
#include <iostream>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace gyrus::cli {

namespace {

namespace fs = std::filesystem;

struct AnalyzeCommand {
  std::string model;
  std::string figures;
  double threshold = 1e-2;
  int threads = 1;
};

/// The figures, in the order plot_analysis.py draws them.
constexpr std::array<const char*, 3> kFigures{"grid.png", "task_variance.png", "performance.png"};

std::string score(double value, const char* format = "{:.3f}") {
  return std::isfinite(value) ? fmt::format(fmt::runtime(format), value) : "n/a";
}

void print_report(const std::string& model, const analysis::AnalysisReport& r) {
  const auto& training = r.training;
  std::string trained;
  if (training.contains("regularizer"))
    trained += ", " + training["regularizer"].get<std::string>();
  if (training.contains("lambda"))
    trained += " lambda " + (training["lambda"].is_string() ? training["lambda"].get<std::string>()
                                                            : training["lambda"].dump());
  if (training.contains("steps"))
    trained += fmt::format(", {} steps", training["steps"].dump());
  std::cout << fmt::format("{}: {}, {}x{} grid ({} hidden){}\n", model, tasks::suite_name(r.suite),
                           r.grid_width, r.grid_height, r.n_hidden, trained);
  std::cout << fmt::format("mean performance       {:.3f} over {} tasks (noise-free test grids)\n",
                           r.mean_performance, r.tasks.size());
  std::cout << fmt::format(
      "functional clusters    k = {} over {} of {} units (task variance > {})\n", r.clusters.k,
      r.variance.kept_units.size(), r.n_hidden, r.variance.threshold);
  std::cout << fmt::format("functional modularity  {}  (silhouette)\n",
                           score(r.functional_modularity));
  std::cout << fmt::format("anatomical modularity  {}  (Newman's Q, |W_rec| + |W_rec|^T)\n",
                           score(r.anatomical_modularity));
  std::cout << fmt::format("locality               {}  ({} against the active units only)\n",
                           score(r.locality.score), score(r.locality_within_active.score));
  std::cout << fmt::format("wiring cost            {:.4g}  (sum |w| d, Manhattan)\n",
                           r.wiring_cost);
  std::cout << fmt::format("active neurons         {}/{}  ({:.1f}% of weights at or below {})\n",
                           r.sparsity.active_neurons, r.sparsity.hidden,
                           100 * r.sparsity.share_below_threshold, r.sparsity_threshold);
  std::cout << "performance per task:\n";
  for (size_t i = 0; i < r.tasks.size(); ++i)
    std::cout << fmt::format("  {:<18} {:.3f}  ({} trials)\n", r.tasks[i], r.performance[i],
                             r.test_trials[i]);
}

void run_analysis(const AnalyzeCommand& cmd, const GlobalOptions& global) {
  if (!std::isfinite(cmd.threshold) || cmd.threshold < 0)
    throw UsageError("--threshold: must be finite and >= 0");
  Eigen::setNbThreads(cmd.threads);
  io::NetworkFile network;
  try {
    network = io::read_network_file(cmd.model);
  } catch (const std::exception& e) {
    throw UsageError(e.what()); // already names the file and the field
  }
  tasks::Suite suite;
  try {
    suite = analysis::network_suite(network);
  } catch (const analysis::IncompatibleNetwork& e) {
    throw UsageError(cmd.model + ": " + e.what());
  }

  const std::string python = python_interpreter();
  const fs::path script = script_path("plot_analysis.py");
  if (!cmd.figures.empty()) {
    std::error_code ec;
    if (fs::exists(cmd.figures, ec) && !fs::is_directory(cmd.figures, ec))
      throw UsageError("--figures: '" + cmd.figures + "' exists and is not a directory");
    check_plotting(python, script);
  }

  analysis::AnalysisOptions options;
  options.seed = global.seed;
  options.sparsity_threshold = cmd.threshold;
  Progress progress("analysing", static_cast<long>(tasks::task_names(suite).size()),
                    show_progress(global));
  options.on_task = [&progress](const std::string& task) { progress.advance(1, task); };
  analysis::AnalysisReport report;
  try {
    report = analysis::analyze(network, options);
  } catch (const analysis::IncompatibleNetwork& e) {
    throw UsageError(cmd.model + ": " + e.what());
  }
  progress.finish();

  nlohmann::json result = analysis::to_json(report);
  result["file"] = cmd.model;
  result["seed"] = global.seed;
  if (!cmd.figures.empty()) {
    const fs::path dir(cmd.figures);
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec || !fs::is_directory(dir))
      throw UsageError("--figures: cannot create directory '" + cmd.figures +
                       "': " + (ec ? ec.message() : "a file is in the way"));
    const fs::path data = dir / "analysis.h5";
    analysis::write_figure_data(data, network, report);
    const ProcessResult plot =
        run_process({python, script.string(), data.string(), "--out", dir.string()});
    if (plot.exit_code != 0)
      throw UsageError("--figures: " + script.filename().string() +
                       " failed: " + last_line(plot.output));
    nlohmann::json figures = {{"data", data.string()}};
    for (const char* name : kFigures)
      figures[fs::path(name).stem().string()] = (dir / name).string();
    result["figures"] = figures;
  }

  if (global.json) {
    print_json(result);
    return;
  }
  print_report(cmd.model, report);
  if (!cmd.figures.empty())
    std::cout << fmt::format("figures and data in {}\n", cmd.figures);
}

} // namespace

void register_analyze_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<AnalyzeCommand>();
  CLI::App* analyze = app.add_subcommand(
      "analyze", "Score a trained network as Growing Brains does: functional clusters, "
                 "modularity, locality, wiring cost, sparsity and task performance");
  analyze->add_option("model", cmd->model, "Network file (.gnet.h5)")->required();
  analyze->add_option("--figures", cmd->figures,
                      "Also write the figures (grid.png, task_variance.png, performance.png) "
                      "and their data (analysis.h5) into this directory");
  analyze
      ->add_option("--threshold", cmd->threshold,
                   "|w| at or below this counts as pruned (active neurons, sparsity)")
      ->capture_default_str();
  analyze->add_option("--threads", cmd->threads, "Threads for the matrix products")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  analyze->callback([cmd, &global] { run_analysis(*cmd, global); });
}

} // namespace gyrus::cli
