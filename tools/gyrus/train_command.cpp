// `gyrus train`: grow a spatially organised RNN with BIMT on a task suite.
#include "tools/gyrus/context.h"
#include "tools/gyrus/progress.h"
#include "training/io/network_file.h"
#include "training/train/trainer.h"

#include <CLI/CLI.hpp>
#include <chrono>
#include <fmt/core.h>
#include <fstream>
#include <iostream>
#include <regex>
#include <spdlog/spdlog.h>

namespace gyrus::cli {

namespace {

struct TrainCommand {
  train::TrainOptions options;
  std::string suite = "cog20", reg = "bimt", hidden = "20x20", activation = "relu",
              init = "randortho";
  int64_t steps = 20000;
  int64_t eval_every = 1000, checkpoint_every = 1000;
  int eval_trials = 128, final_eval_trials = 512;
  int threads = 1;
  std::string out, checkpoint, log, resume;
  bool swap_topk_given = false;
};

void parse_grid(const std::string& text, train::TrainOptions& options) {
  static const std::regex pattern(R"((\d{1,4})x(\d{1,4}))");
  std::smatch match;
  if (!std::regex_match(text, match, pattern))
    throw UsageError("--hidden: '" + text + "' is not WIDTHxHEIGHT (e.g. 20x20)");
  options.grid_width = std::stoi(match[1]);
  options.grid_height = std::stoi(match[2]);
  if (options.grid_width == 0 || options.grid_height == 0)
    throw UsageError("--hidden: '" + text + "' has a zero side");
}

nlohmann::json evaluation_json(const train::Evaluation& eval) {
  return {{"mean_performance", eval.mean_performance},
          {"mean_loss", eval.mean_loss},
          {"performance", eval.performance}};
}

class JsonlLog {
public:
  explicit JsonlLog(const std::string& path) : path_(path) {
    if (path.empty())
      return;
    file_.open(path, std::ios::app);
    if (!file_)
      throw UsageError("--log: cannot open '" + path + "' for writing");
  }
  void write(const nlohmann::json& line) {
    if (!file_.is_open())
      return;
    file_ << line.dump() << '\n';
    file_.flush();
  }

private:
  std::string path_;
  std::ofstream file_;
};

void run_training(TrainCommand& cmd, const GlobalOptions& global) {
  Eigen::setNbThreads(cmd.threads);
  std::optional<train::Trainer> trainer;
  if (!cmd.resume.empty()) {
    io::NetworkFile checkpoint;
    try {
      checkpoint = io::read_network_file(cmd.resume);
    } catch (const std::exception& e) {
      throw UsageError(std::string("--resume: ") + e.what());
    }
    try {
      trainer.emplace(train::Trainer::resume(checkpoint));
    } catch (const std::exception& e) {
      throw UsageError("--resume: " + cmd.resume + ": " + e.what());
    }
    spdlog::info("resuming {} at step {}", cmd.resume, trainer->step());
  } else {
    auto& o = cmd.options;
    o.suite = tasks::parse_suite(cmd.suite);
    parse_grid(cmd.hidden, o);
    try {
      o.regularizer = bimt::parse_regularizer(cmd.reg);
    } catch (const std::exception& e) {
      throw UsageError(std::string("--reg: ") + e.what());
    }
    o.activation = cmd.activation == "relu" ? model::Activation::Relu : model::Activation::Softplus;
    o.init = cmd.init == "diag" ? model::RecurrentInit::Diagonal
                                : model::RecurrentInit::RandomOrthogonal;
    o.seed = global.seed;
    o.steps = cmd.steps;
    // The default of 30 movers cannot exceed a small grid; an explicit value must fit.
    if (!cmd.swap_topk_given)
      o.swap.top_k = std::min(o.swap.top_k, o.grid_width * o.grid_height);
    try {
      o.validate();
    } catch (const std::invalid_argument& e) {
      throw UsageError(e.what());
    }
    trainer.emplace(o);
  }
  const int64_t total = cmd.steps;
  const std::string checkpoint = cmd.checkpoint.empty() ? cmd.out + ".ckpt" : cmd.checkpoint;
  JsonlLog log(cmd.log);

  const auto start = std::chrono::steady_clock::now();
  auto elapsed = [&] {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  };
  Progress progress("training", total - trainer->step(), show_progress(global));
  double loss_sum = 0, reg_sum = 0;
  int64_t loss_count = 0, swaps = 0;
  auto log_evaluation = [&](int trials) {
    const train::Evaluation eval = trainer->evaluate(trials);
    const auto sparsity = trainer->sparsity();
    nlohmann::json line = evaluation_json(eval);
    line["step"] = trainer->step();
    line["train_loss"] = loss_count ? loss_sum / loss_count : 0.0;
    line["regularization"] = loss_count ? reg_sum / loss_count : 0.0;
    line["lambda"] = trainer->lambda_now();
    line["wiring_cost"] = trainer->wiring_cost();
    line["active_neurons"] = sparsity.active_neurons;
    line["share_below_threshold"] = sparsity.share_below_threshold;
    line["swaps"] = swaps;
    line["elapsed_s"] = elapsed();
    line["eval_trials"] = trials;
    log.write(line);
    spdlog::debug("step {}: mean performance {:.3f}", trainer->step(), eval.mean_performance);
    loss_sum = reg_sum = 0;
    loss_count = 0;
    return line;
  };

  while (trainer->step() < total) {
    const train::StepResult r = trainer->train_step();
    loss_sum += r.loss;
    reg_sum += r.regularization;
    ++loss_count;
    swaps += static_cast<int64_t>(r.swaps.swaps.size());
    const int64_t s = trainer->step();
    progress.advance(1, fmt::format("loss {:.4f}", r.loss));
    if (cmd.eval_every > 0 && s % cmd.eval_every == 0 && s < total) {
      const auto line = log_evaluation(cmd.eval_trials);
      progress.advance(0, fmt::format("perf {:.3f}", line["mean_performance"].get<double>()));
    }
    if (cmd.checkpoint_every > 0 && s % cmd.checkpoint_every == 0 && s < total)
      io::write_network_file(checkpoint, trainer->snapshot(/*with_optimizer=*/true));
  }
  progress.finish();

  const nlohmann::json final_metrics = log_evaluation(cmd.final_eval_trials);
  nlohmann::json metrics = final_metrics;
  metrics["train_seconds"] = elapsed();
  io::write_network_file(cmd.out, trainer->snapshot(/*with_optimizer=*/false, metrics));
  // The checkpoint also ends at the last step, so `--resume` with a larger
  // --steps continues this run.
  io::write_network_file(checkpoint, trainer->snapshot(/*with_optimizer=*/true, metrics));

  if (global.json) {
    nlohmann::json result = metrics;
    result["out"] = cmd.out;
    result["checkpoint"] = checkpoint;
    print_json(result);
    return;
  }
  std::cout << fmt::format("trained {} steps in {:.1f} s -> {}\n", trainer->step(), elapsed(),
                           cmd.out);
  std::cout << fmt::format("mean performance {:.3f} over {} tasks ({} trials each)\n",
                           final_metrics["mean_performance"].get<double>(),
                           final_metrics["performance"].size(), cmd.final_eval_trials);
  for (const auto& [task, perf] : final_metrics["performance"].items())
    std::cout << fmt::format("  {:<18} {:.3f}\n", task, perf.get<double>());
  std::cout << fmt::format(
      "wiring cost {:.2f}, active neurons {}/{}, {:.1f}% of weights below {}\n",
      final_metrics["wiring_cost"].get<double>(), final_metrics["active_neurons"].get<int>(),
      trainer->options().grid_width * trainer->options().grid_height,
      100 * final_metrics["share_below_threshold"].get<double>(),
      trainer->options().prune_threshold);
}

} // namespace

void register_train_command(CLI::App& app, GlobalOptions& global) {
  auto cmd = std::make_shared<TrainCommand>();
  auto& o = cmd->options;
  CLI::App* train = app.add_subcommand(
      "train", "Train a leaky RNN on a task suite with BIMT, L1 or no regularisation");
  train->add_option("--suite", cmd->suite, "Task suite")
      ->capture_default_str()
      ->check(CLI::IsMember({"cog20", "modcog"}));
  train->add_option("--reg", cmd->reg, "Regulariser: none, l1 or bimt")->capture_default_str();
  train
      ->add_option("--lambda", o.lambda,
                   "Regularisation strength, constant (1e-4) or a step schedule "
                   "VALUE@STEP,... (1e-5@0,1e-4@5000)")
      ->capture_default_str();
  train->add_option("--a", o.a, "BIMT's A: the distance-free part of each weight's cost")
      ->capture_default_str();
  // At most 10^8 steps: days of training, where a typo's 10^12 would run for ever.
  train->add_option("--steps", cmd->steps, "Total optimiser steps (with --resume: the new total)")
      ->capture_default_str()
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  train->add_option("--batch", o.batch, "Trials per step")->capture_default_str();
  train->add_option("--hidden", cmd->hidden, "Hidden grid WIDTHxHEIGHT")->capture_default_str();
  train->add_option("--activation", cmd->activation, "relu or softplus")
      ->capture_default_str()
      ->check(CLI::IsMember({"relu", "softplus"}));
  train->add_option("--init", cmd->init, "W_rec init: randortho (0.5 x orthogonal) or diag (0.5 I)")
      ->capture_default_str()
      ->check(CLI::IsMember({"randortho", "diag"}));
  train->add_option("--lr", o.learning_rate, "Adam learning rate")->capture_default_str();
  train->add_option("--swap-every", o.swap.interval, "Steps between neuron-swap rounds (bimt)")
      ->capture_default_str();
  train->add_option("--swap-topk", o.swap.top_k, "Neurons that try to move per round (bimt)")
      ->capture_default_str();
  train
      ->add_option("--prune-threshold", o.prune_threshold,
                   "|w| below this counts as pruned in the sparsity report")
      ->capture_default_str();
  train
      ->add_option("--eval-every", cmd->eval_every,
                   "Steps between evaluations (0: only at the end)")
      ->capture_default_str();
  train->add_option("--eval-trials", cmd->eval_trials, "Trials per task in periodic evaluations")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 16));
  train->add_option("--final-eval-trials", cmd->final_eval_trials, "Trials per task at the end")
      ->capture_default_str()
      ->check(CLI::Range(1, 1 << 16));
  train->add_option("--checkpoint", cmd->checkpoint, "Checkpoint file (default: OUT.ckpt)");
  train->add_option("--checkpoint-every", cmd->checkpoint_every, "Steps between checkpoints")
      ->capture_default_str();
  train
      ->add_option("--threads", cmd->threads,
                   "Threads for the matrix products. One is the robust default: the per-step "
                   "products are small, and any other load on a core stalls every step")
      ->capture_default_str()
      ->check(CLI::Range(1, 256));
  train->add_option("--log", cmd->log, "Append one JSON line per evaluation to this file");
  train->add_option("--resume", cmd->resume, "Continue the run saved in this checkpoint");
  train->add_option("--out", cmd->out, "Output network file (.gnet.h5)")->required();
  train->callback([cmd, &global, train] {
    cmd->swap_topk_given = train->count("--swap-topk") > 0;
    run_training(*cmd, global);
  });
}

} // namespace gyrus::cli
