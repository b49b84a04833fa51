// `gyrus sweep`: train a grid of (regulariser, lambda, seed) runs in parallel,
// analyse each model and plot the performance-sparsity Pareto fronts.
#include "tools/gyrus/child_processes.h"
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "training/analysis/analysis.h"
#include "training/io/atomic_file.h"
#include "training/io/network_file.h"
#include "training/sweep/sweep_plan.h"

#include <CLI/CLI.hpp>
#include <cstdlib>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <iterator>
#include <spdlog/spdlog.h>
#include <string_view>
#include <thread>

namespace gyrus::cli {

namespace {

namespace fs = std::filesystem;

struct SweepCommand {
  std::string suite = "cog20", regs = "none,l1,bimt", lambdas = "1e-5,1e-4,1e-3", seeds = "1";
  int64_t steps = 5000;
  std::string hidden = "20x20";
  int batch = 64, eval_trials = 128, final_eval_trials = 512;
  int jobs = 0;
  std::string shard = "0/1";
  std::string out;
  bool no_plots = false;
};

std::vector<uint64_t> parse_seeds(const std::string& text) {
  std::vector<uint64_t> seeds;
  for (const std::string& item : sweep::split_list(text, "--seeds")) {
    char* end = nullptr;
    errno = 0;
    const unsigned long long value = std::strtoull(item.c_str(), &end, 10);
    if (errno || *end || item[0] == '-')
      throw UsageError("--seeds: '" + item + "' is not a non-negative integer");
    seeds.push_back(value);
  }
  return seeds;
}

std::pair<int, int> parse_shard(const std::string& text) {
  int index = 0, count = 0;
  char slash = 0;
  std::istringstream in(text);
  if (!(in >> index >> slash >> count) || slash != '/' || !in.eof())
    throw UsageError("--shard: '" + text + "' is not INDEX/COUNT");
  return {index, count};
}

ChildJob training_job(const SweepCommand& cmd, const sweep::RunSpec& run, const fs::path& dir) {
  const fs::path model = dir / "model.gnet.h5";
  const fs::path checkpoint = dir / "model.gnet.h5.ckpt";
  std::vector<std::string> argv{self_executable().string(), "--quiet", "--json"};
  if (fs::exists(checkpoint)) {
    // Resumable: the checkpoint carries every option of the interrupted run.
    argv.insert(argv.end(), {"train", "--resume", checkpoint.string()});
  } else {
    argv.insert(argv.end(), {"--seed", std::to_string(run.seed), "train", "--suite", cmd.suite,
                             "--reg", run.regularizer, "--lambda", run.lambda, "--hidden",
                             cmd.hidden, "--batch", std::to_string(cmd.batch)});
  }
  argv.insert(argv.end(), {"--steps", std::to_string(cmd.steps), "--threads", "1", "--eval-trials",
                           std::to_string(cmd.eval_trials), "--final-eval-trials",
                           std::to_string(cmd.final_eval_trials), "--log",
                           (dir / "log.jsonl").string(), "--out", model.string()});
  return {argv, dir / "train.json", dir / "train.stderr"};
}

/// One row of the results table: the run, its error and its three scores.
nlohmann::json result_row(const sweep::RunSpec& run, const fs::path& model) {
  const io::NetworkFile network = io::read_network_file(model);
  const analysis::AnalysisReport report = analysis::analyze(network, {});
  nlohmann::json scores = analysis::to_json(report);
  return {{"id", run.id()},
          {"regularizer", run.regularizer},
          {"lambda", run.lambda},
          {"seed", run.seed},
          {"mean_error", 1.0 - scores["mean_performance"].get<double>()},
          {"active_neurons", scores["active_neurons"]},
          {"wiring_cost", scores["wiring_cost"]},
          {"functional_modularity", scores["functional_modularity"]},
          {"anatomical_modularity", scores["anatomical_modularity"]},
          {"locality", scores["locality"]}};
}

void write_table(const fs::path& dir, const nlohmann::json& rows) {
  io::write_atomically(dir / "sweep.json",
                       [&](const fs::path& tmp) { std::ofstream(tmp) << rows.dump(2) << '\n'; });
  io::write_atomically(dir / "sweep.csv", [&](const fs::path& tmp) {
    std::ofstream csv(tmp);
    const char* columns[] = {"id",
                             "regularizer",
                             "lambda",
                             "seed",
                             "mean_error",
                             "active_neurons",
                             "wiring_cost",
                             "functional_modularity",
                             "anatomical_modularity",
                             "locality"};
    for (size_t c = 0; c < std::size(columns); ++c)
      csv << (c ? "," : "") << columns[c];
    csv << '\n';
    for (const auto& row : rows) {
      for (size_t c = 0; c < std::size(columns); ++c) {
        const auto& value = row[columns[c]];
        csv << (c ? "," : "") << (value.is_string() ? value.get<std::string>() : value.dump());
      }
      csv << '\n';
    }
  });
}

void run_sweep(const SweepCommand& cmd, const GlobalOptions& global) {
  sweep::SweepSpec spec;
  std::vector<sweep::RunSpec> runs;
  try {
    spec.regularizers = sweep::split_list(cmd.regs, "--regs");
    spec.lambdas = sweep::split_list(cmd.lambdas, "--lambdas");
    spec.seeds = parse_seeds(cmd.seeds);
    const auto [index, count] = parse_shard(cmd.shard);
    runs = sweep::shard(sweep::plan_runs(spec), index, count);
  } catch (const std::invalid_argument& e) {
    throw UsageError(e.what());
  }
  const fs::path out(cmd.out);
  std::error_code ec;
  fs::create_directories(out / "runs", ec);
  if (ec)
    throw UsageError("--out: cannot create '" + cmd.out + "': " + ec.message());

  std::vector<ChildJob> jobs;
  std::vector<size_t> job_run;
  for (size_t i = 0; i < runs.size(); ++i) {
    const fs::path dir = out / "runs" / runs[i].id();
    if (fs::exists(dir / "model.gnet.h5"))
      continue; // finished earlier
    fs::create_directories(dir);
    jobs.push_back(training_job(cmd, runs[i], dir));
    job_run.push_back(i);
  }
  const int parallel =
      cmd.jobs > 0 ? cmd.jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  spdlog::info("sweep: {} runs, {} already finished, {} to train on {} parallel jobs", runs.size(),
               runs.size() - jobs.size(), jobs.size(), parallel);
  Progress progress("sweep", static_cast<long>(jobs.size()), show_progress(global));
  std::vector<std::string> failures;
  run_jobs(jobs, parallel, [&](size_t job, int code) {
    const auto& run = runs[job_run[job]];
    if (code != 0) {
      // The run's own one-line error, if it left one, then where the rest is.
      std::ifstream log(jobs[job].stderr_path);
      std::string reason = last_line(std::string(std::istreambuf_iterator<char>(log), {}));
      if (reason.rfind("gyrus: error: ", 0) == 0)
        reason.erase(0, std::string_view("gyrus: error: ").size());
      failures.push_back(run.id() + " (exit " + std::to_string(code) +
                         (reason.empty() ? "" : ": " + reason) + ", see " +
                         jobs[job].stderr_path.string() + ")");
    }
    progress.advance(1, run.id());
  });
  progress.finish();
  if (!failures.empty()) {
    std::string list;
    for (const auto& f : failures)
      list += (list.empty() ? "" : "; ") + f;
    throw std::runtime_error("sweep: " + std::to_string(failures.size()) +
                             " run(s) failed: " + list);
  }

  nlohmann::json rows = nlohmann::json::array();
  for (const auto& run : runs)
    rows.push_back(result_row(run, out / "runs" / run.id() / "model.gnet.h5"));
  write_table(out, rows);
  if (!cmd.no_plots) {
    const ProcessResult plot =
        run_process({python_interpreter(), script_path("plot_pareto.py").string(),
                     (out / "sweep.json").string(), "--out", out.string()});
    if (plot.exit_code != 0)
      throw std::runtime_error("sweep: plotting the Pareto fronts failed: " +
                               last_line(plot.output));
  }
  if (global.json) {
    print_json({{"runs", rows}, {"table", (out / "sweep.csv").string()}});
    return;
  }
  std::cout << fmt::format("{:<32} {:>10} {:>8} {:>10} {:>8} {:>8} {:>8}\n", "run", "error",
                           "active", "wiring", "func", "anat Q", "local");
  for (const auto& r : rows)
    std::cout << fmt::format("{:<32} {:>10.3f} {:>8} {:>10.1f} {:>8.3f} {:>8.3f} {:>8.3f}\n",
                             r["id"].get<std::string>(), r["mean_error"].get<double>(),
                             r["active_neurons"].get<int>(), r["wiring_cost"].get<double>(),
                             r["functional_modularity"].get<double>(),
                             r["anatomical_modularity"].get<double>(), r["locality"].get<double>());
  std::cout << "table: " << (out / "sweep.csv").string() << "\n";
}

} // namespace

void register_sweep_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<SweepCommand>();
  CLI::App* sweep = app.add_subcommand(
      "sweep", "Train a grid of regularisers x lambdas x seeds in parallel and compare them");
  sweep->add_option("--suite", cmd->suite, "Task suite")
      ->capture_default_str()
      ->check(CLI::IsMember({"cog20", "modcog"}));
  sweep->add_option("--regs", cmd->regs, "Regularisers, comma-separated")->capture_default_str();
  sweep->add_option("--lambdas", cmd->lambdas, "Lambdas (or schedules) for l1 and bimt")
      ->capture_default_str();
  sweep->add_option("--seeds", cmd->seeds, "Seeds, comma-separated")->capture_default_str();
  sweep->add_option("--steps", cmd->steps, "Training steps per run")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{1}, int64_t{1} << 40));
  sweep->add_option("--hidden", cmd->hidden, "Hidden grid WIDTHxHEIGHT")->capture_default_str();
  sweep->add_option("--batch", cmd->batch, "Trials per step")->capture_default_str();
  sweep->add_option("--eval-trials", cmd->eval_trials, "Trials per task in periodic evaluations")
      ->capture_default_str();
  sweep
      ->add_option("--final-eval-trials", cmd->final_eval_trials,
                   "Trials per task at the end of each run")
      ->capture_default_str();
  sweep->add_option("--jobs", cmd->jobs, "Runs in parallel (default: one per core)")
      ->check(CLI::Range(0, 1024));
  sweep
      ->add_option("--shard", cmd->shard,
                   "INDEX/COUNT: train only runs with index % COUNT == INDEX (one share per "
                   "machine or rank)")
      ->capture_default_str();
  sweep->add_flag("--no-plots", cmd->no_plots, "Skip the Pareto figures");
  sweep->add_option("--out", cmd->out, "Sweep directory (restarting skips finished runs)")
      ->required();
  sweep->callback([cmd, &global] { run_sweep(*cmd, global); });
}

} // namespace gyrus::cli
