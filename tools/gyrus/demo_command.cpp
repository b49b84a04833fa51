// `gyrus demo`: the whole mission in one command, from the shipped BIMT model (or a short
// retraining): analyse it, compile it for two chips, check simulator == reference, score
// the deployed network against the float one, simulate a trial with cycles and energy,
// compare placements, and (with Lava) check against Lava. Each stage is a gyrus
// subcommand run as a child with --json, so the demo exercises exactly what users run;
// the results go to report.md (tables and figures) and summary.json.
#include "tools/gyrus/child_processes.h"
#include "tools/gyrus/context.h"
#include "training/io/atomic_file.h"
#include "training/io/network_file.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <spdlog/spdlog.h>
#include <string_view>

namespace gyrus::cli {

namespace {

namespace fs = std::filesystem;

struct DemoCommand {
  std::string out = "out/demo";
  std::string model;
  bool train = false;
  int trials = 16;
  int64_t train_steps = 3000;
};

/// One stage: a gyrus subcommand whose --json output is kept for the report.
struct Stage {
  std::string key;
  std::string title;
  std::vector<std::string> args;
  bool optional = false; ///< a failure is reported, not fatal (Lava may be missing)
};

fs::path default_model() {
  return script_path("demo.sh").parent_path().parent_path() / "examples" / "models" /
         "cog20_bimt_20x20.gnet.h5";
}

std::string table_row(const std::vector<std::string>& cells) {
  std::string row = "|";
  for (const std::string& cell : cells)
    row += " " + cell + " |";
  return row + "\n";
}

std::string number(const nlohmann::json& value, const char* format = "{:.3f}") {
  if (value.is_number_float())
    return fmt::format(fmt::runtime(format), value.get<double>());
  if (value.is_number())
    return value.dump();
  return value.is_string() ? value.get<std::string>() : "–";
}

constexpr std::string_view kErrorPrefix = "gyrus: error: ";

/// Runs one stage; returns its JSON, or an object with "error" for an optional stage.
nlohmann::json run_stage(const Stage& stage, const GlobalOptions& global, size_t index,
                         size_t count) {
  std::vector<std::string> argv{self_executable().string(), "--quiet", "--json", "--seed",
                                std::to_string(global.seed)};
  argv.insert(argv.end(), stage.args.begin(), stage.args.end());
  if (!global.json)
    std::cerr << fmt::format("[{}/{}] {} ...", index + 1, count, stage.title) << std::flush;
  const auto start = std::chrono::steady_clock::now();
  const ProcessResult result = run_process(argv);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  nlohmann::json output;
  if (result.exit_code == 0) {
    // The JSON object is the last line of stdout; warnings went to stderr before it.
    const size_t begin = result.output.rfind("\n{");
    const std::string text =
        begin == std::string::npos ? result.output : result.output.substr(begin);
    output = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  }
  if (result.exit_code != 0 || output.is_discarded()) {
    std::string message = last_line(result.output);
    if (message.rfind(kErrorPrefix, 0) == 0) // the stage's own one-line error
      message.erase(0, kErrorPrefix.size());
    if (!global.json)
      std::cerr << fmt::format(" {}\n", stage.optional ? "skipped: " + message : "failed");
    if (!stage.optional)
      throw UsageError(fmt::format("demo stage '{}' failed: {}", stage.title, message));
    return {{"skipped", message}};
  }
  if (!global.json)
    std::cerr << fmt::format(" done in {:.1f} s\n", seconds);
  output["seconds"] = seconds;
  return output;
}

/// A copy of `value` without its wall-clock fields ("seconds", "total_seconds").
nlohmann::json without_timings(const nlohmann::json& value) {
  if (value.is_array()) {
    nlohmann::json copy = nlohmann::json::array();
    for (const auto& item : value)
      copy.push_back(without_timings(item));
    return copy;
  }
  if (!value.is_object())
    return value;
  nlohmann::json copy = nlohmann::json::object();
  for (const auto& [key, item] : value.items())
    if (key != "seconds" && key != "total_seconds")
      copy[key] = without_timings(item);
  return copy;
}

} // namespace

// Defined in demo_report.cpp: report.md from the stages' results.
std::string demo_report_markdown(const nlohmann::json& summary);
std::string demo_console_summary(const nlohmann::json& summary);

namespace {

void run_demo(const DemoCommand& cmd, const GlobalOptions& global) {
  const fs::path out(cmd.out);
  std::string model = cmd.model.empty() ? default_model().string() : cmd.model;
  // A broken network file is one error line before anything is created, not a failed stage.
  if (!cmd.train) {
    try {
      io::read_network_file(model);
    } catch (const std::exception& e) {
      throw UsageError(std::string("--model: ") + e.what());
    }
  }
  std::error_code ec;
  fs::create_directories(out, ec);
  if (ec || !fs::is_directory(out))
    throw UsageError("--out: cannot create directory '" + cmd.out + "'");

  std::vector<Stage> stages;
  if (cmd.train) {
    model = (out / "model.gnet.h5").string();
    stages.push_back({"train",
                      "train a BIMT network (10x10 grid, short budget)",
                      {"train", "--reg", "bimt", "--lambda", "3e-5", "--hidden", "10x10", "--steps",
                       std::to_string(cmd.train_steps), "--eval-every", "0", "--final-eval-trials",
                       "64", "--out", model, "--log", (out / "train.jsonl").string()}});
  }
  const std::string mini = (out / "mini.gimg").string();
  const std::string loihi2 = (out / "loihi2.gimg").string();
  const std::string trials = std::to_string(cmd.trials);
  stages.push_back({"analyze",
                    "analyse the network: clusters, locality, wiring",
                    {"analyze", model, "--figures", (out / "analysis").string()}});
  stages.push_back({"compile_mini",
                    "compile for the small 'mini' chip (4x4 cores of 64)",
                    {"compile", model, "--target", "mini", "-o", mini}});
  stages.push_back({"compile_loihi2",
                    "compile for loihi2",
                    {"compile", model, "--target", "loihi2", "-o", loihi2}});
  stages.push_back({"verify_sim",
                    "check simulator == integer reference on every task",
                    {"verify", mini, "--task", "all", "--trials", "2"}});
  stages.push_back({"deployed",
                    "score the deployed network against the float one",
                    {"verify", loihi2, "--against-float", model, "--trials", trials}});
  stages.push_back(
      {"sim",
       "simulate one dm1 trial on 'mini' with cycles and energy",
       {"sim", mini, "--task", "dm1", "--trials", "1", "--figures", (out / "sim").string()}});
  stages.push_back(
      {"placement",
       "compare wiring cost across placements on 'mini'",
       {"place-compare", model, "--target", "mini", "--strategies",
        "spatial,linear,random,hilbert,metis,anneal", "--figures", (out / "placement").string()}});
  stages.push_back({"lava",
                    "compare with Intel Lava (when installed)",
                    {"lava", "compare", mini, "--steps", "200"},
                    /*optional=*/true});

  nlohmann::json summary = {{"model", model}, {"seed", global.seed}, {"out", cmd.out}};
  const auto start = std::chrono::steady_clock::now();
  for (size_t i = 0; i < stages.size(); ++i)
    summary[stages[i].key] = run_stage(stages[i], global, i, stages.size());
  summary["total_seconds"] =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  io::write_atomically(out / "report.md", [&](const fs::path& tmp) {
    std::ofstream(tmp) << demo_report_markdown(summary);
  });
  // summary.json holds no timings, so two runs with one seed compare equal byte for byte.
  nlohmann::json stable = without_timings(summary);
  io::write_atomically(out / "summary.json",
                       [&](const fs::path& tmp) { std::ofstream(tmp) << stable.dump(2) << '\n'; });
  if (global.json) {
    print_json(summary);
    return;
  }
  std::cout << demo_console_summary(summary);
  std::cout << fmt::format("report: {}\n", (out / "report.md").string());
}

} // namespace

void register_demo_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<DemoCommand>();
  CLI::App* demo = app.add_subcommand(
      "demo", "The whole path in one go: analyse, compile, simulate, verify, score and "
              "compare placements; writes report.md and summary.json");
  demo->add_option("--out", cmd->out, "Report directory")->capture_default_str();
  demo->add_option("--model", cmd->model,
                   "Network file (default: the shipped BIMT model in examples/models)");
  demo->add_flag("--train", cmd->train,
                 "Train a fresh BIMT network first (10x10 grid, --train-steps steps)");
  demo->add_option("--train-steps", cmd->train_steps, "Steps for --train")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  demo->add_option("--trials", cmd->trials, "Test trials per task for the deployed score")
      ->capture_default_str()
      ->check(CLI::Range(1, 10000));
  demo->callback([cmd, &global] { run_demo(*cmd, global); });
}

} // namespace gyrus::cli
