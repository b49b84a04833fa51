// `gyrus tasks`: list the task suites and sample batches to HDF5.
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "training/io/batch_file.h"
#include "training/tasks/suite.h"

#include <CLI/CLI.hpp>
#include <filesystem>
#include <fmt/core.h>
#include <iostream>
#include <spdlog/spdlog.h>

namespace gyrus::cli {

namespace {

using tasks::Suite;

struct SampleOptions {
  std::string task;
  std::string suite; // empty: inferred from the task name
  std::string mode = "random";
  int batch = 64;
  bool no_noise = false;
  std::string out;
};

void list_tasks(const std::string& suite_filter, const GlobalOptions& options) {
  std::vector<Suite> suites{Suite::Cog20, Suite::ModCog};
  if (!suite_filter.empty())
    suites = {tasks::parse_suite(suite_filter)};
  nlohmann::json result = nlohmann::json::object();
  for (Suite suite : suites) {
    const auto& names = tasks::task_names(suite);
    if (options.json) {
      result[std::string(tasks::suite_name(suite))] = {{"inputs", tasks::input_size(suite)},
                                                       {"outputs", tasks::output_size(suite)},
                                                       {"tasks", names}};
      continue;
    }
    std::cout << fmt::format("{} ({} tasks, {} inputs, {} outputs)\n", tasks::suite_name(suite),
                             names.size(), tasks::input_size(suite), tasks::output_size(suite));
    for (size_t i = 0; i < names.size(); ++i)
      std::cout << fmt::format("  {:3}  {}\n", i, names[i]);
  }
  if (options.json)
    print_json(result);
}

tasks::Mode parse_mode(const std::string& mode) {
  if (mode == "random")
    return tasks::Mode::Random;
  if (mode == "test")
    return tasks::Mode::Test;
  throw UsageError("--mode: unknown mode '" + mode + "' (expected random or test)");
}

nlohmann::json batch_summary(const tasks::Batch& batch, const std::filesystem::path& path) {
  return {{"task", batch.task},     {"file", path.string()},      {"steps", batch.steps},
          {"trials", batch.trials}, {"inputs", batch.n_input},    {"outputs", batch.n_output},
          {"dt_ms", batch.dt_ms},   {"epochs", batch.epoch_names}};
}

/// Writes one batch per task of the suite into a directory, <task>.h5 each.
void sample_suite(const SampleOptions& sample, const GlobalOptions& options) {
  const Suite suite = tasks::parse_suite(sample.suite.empty() ? "cog20" : sample.suite);
  const std::filesystem::path directory(sample.out);
  std::error_code ec;
  std::filesystem::create_directories(directory, ec);
  if (ec)
    throw UsageError("--out: cannot create directory '" + sample.out + "': " + ec.message());
  const auto& names = tasks::task_names(suite);
  Progress progress("sampling", static_cast<long>(names.size()), show_progress(options));
  nlohmann::json files = nlohmann::json::array();
  tasks::GenerateOptions generate{parse_mode(sample.mode), sample.batch, !sample.no_noise};
  for (size_t i = 0; i < names.size(); ++i) {
    tasks::Rng rng(options.seed, i);
    const tasks::Batch batch = tasks::generate(suite, names[i], generate, rng);
    const auto path = directory / (names[i] + ".h5");
    io::write_batch_file(path, batch,
                         {std::string(tasks::suite_name(suite)), sample.mode, options.seed});
    files.push_back(batch_summary(batch, path));
    progress.advance(1, names[i]);
  }
  progress.finish();
  if (options.json)
    print_json({{"suite", tasks::suite_name(suite)}, {"seed", options.seed}, {"batches", files}});
  else
    std::cout << fmt::format("wrote {} batches ({} mode, seed {}) to {}\n", names.size(),
                             sample.mode, options.seed, directory.string());
}

void sample_task(const SampleOptions& sample, const GlobalOptions& options) {
  if (sample.task == "all")
    return sample_suite(sample, options);
  Suite suite;
  if (!sample.suite.empty()) {
    suite = tasks::parse_suite(sample.suite);
  } else if (auto found = tasks::find_task(sample.task)) {
    suite = *found;
  } else {
    throw UsageError("--task: unknown task '" + sample.task +
                     "' (`gyrus tasks list` shows the valid names)");
  }
  const tasks::Mode mode = parse_mode(sample.mode);
  if (mode == tasks::Mode::Test)
    spdlog::debug("test mode: the task's condition grid fixes the batch size");
  tasks::Rng rng(options.seed);
  const tasks::Batch batch =
      tasks::generate(suite, sample.task, {mode, sample.batch, !sample.no_noise}, rng);
  const std::filesystem::path path(sample.out);
  io::write_batch_file(path, batch,
                       {std::string(tasks::suite_name(suite)), sample.mode, options.seed});
  if (options.json) {
    auto summary = batch_summary(batch, path);
    summary["suite"] = tasks::suite_name(suite);
    summary["seed"] = options.seed;
    summary["mode"] = sample.mode;
    print_json(summary);
  } else {
    std::cout << fmt::format("{}: {} trials x {} steps ({} ms each), {} inputs, {} outputs -> {}\n",
                             batch.task, batch.trials, batch.steps, batch.dt_ms, batch.n_input,
                             batch.n_output, path.string());
  }
}

} // namespace

void register_tasks_command(CLI::App& app, GlobalOptions& options) {
  CLI::App* tasks_cmd =
      app.add_subcommand("tasks", "Cognitive task suites: list tasks, sample batches");
  tasks_cmd->require_subcommand(1);

  auto suite_filter = std::make_shared<std::string>();
  CLI::App* list = tasks_cmd->add_subcommand("list", "List the tasks of the suites");
  list->add_option("--suite", *suite_filter, "Only this suite")
      ->check(CLI::IsMember({"cog20", "modcog"}));
  list->callback([suite_filter, &options] { list_tasks(*suite_filter, options); });

  auto sample = std::make_shared<SampleOptions>();
  CLI::App* sample_cmd = tasks_cmd->add_subcommand(
      "sample",
      "Generate one batch of a task and write it to HDF5 (inputs, targets, mask, epochs)");
  sample_cmd->add_option("--task", sample->task, "Task name, or 'all' for every task of --suite")
      ->required();
  sample_cmd
      ->add_option("--suite", sample->suite,
                   "cog20 or modcog (default: the suite defining --task; cog20 for 'all')")
      ->check(CLI::IsMember({"cog20", "modcog"}));
  sample_cmd->add_option("--batch", sample->batch, "Trials per batch (random mode)")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 20));
  sample_cmd
      ->add_option("--mode", sample->mode,
                   "random: training trials; test: noise-free condition grid")
      ->capture_default_str()
      ->check(CLI::IsMember({"random", "test"}));
  sample_cmd->add_flag("--no-noise", sample->no_noise, "Random mode without input noise");
  sample_cmd->add_option("--out", sample->out, "Output .h5 file (a directory when --task all)")
      ->required();
  sample_cmd->callback([sample, &options] { sample_task(*sample, options); });
}

} // namespace gyrus::cli
