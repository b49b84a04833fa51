// One BIMT training run: task batches, forward/backward, the regulariser,
// Adam, and neuron swaps, with evaluation and exact checkpoint/resume.
//
// Every step's randomness (task, trials, noise) is drawn from Rng(seed, step),
// so the state to resume from is only the weights, Adam's moments and the
// step count: a resumed run ends bit-identical to an uninterrupted one.
#pragma once

#include "training/bimt/connection_cost.h"
#include "training/bimt/geometry.h"
#include "training/bimt/neuron_swap.h"
#include "training/bimt/sparsity.h"
#include "training/io/network_file.h"
#include "training/model/adam.h"
#include "training/model/initialization.h"
#include "training/model/leaky_rnn.h"
#include "training/tasks/suite.h"

#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace gyrus::train {

struct TrainOptions {
  tasks::Suite suite = tasks::Suite::Cog20;
  int grid_width = 20;
  int grid_height = 20;
  model::Activation activation = model::Activation::Relu;
  model::RecurrentInit init = model::RecurrentInit::RandomOrthogonal;
  double alpha = 0.2;
  double sigma_rec = 0.05;
  int64_t steps = 50000;
  int batch = 64;
  uint64_t seed = 0;
  double learning_rate = 1e-3;
  bimt::Regularizer regularizer = bimt::Regularizer::Bimt;
  std::string lambda = "1e-4"; ///< a LambdaSchedule text
  double a = bimt::kDefaultA;
  bimt::SwapConfig swap; ///< used with the bimt regulariser only
  double prune_threshold = 1e-2;

  nlohmann::json to_json() const;
  /// Throws std::invalid_argument naming the field on a bad value.
  static TrainOptions from_json(const nlohmann::json& json);
  /// Throws std::invalid_argument naming the option on a bad value.
  void validate() const;
};

struct Evaluation {
  std::map<std::string, double> performance; ///< per task, Yang's metric
  std::map<std::string, double> loss;        ///< per task
  double mean_performance = 0;
  double mean_loss = 0;
};

struct StepResult {
  double loss = 0;
  double regularization = 0;
  std::string task;
  bool swapped = false;
  bimt::SwapReport swaps;
};

class Trainer {
public:
  explicit Trainer(const TrainOptions& options);
  /// Continues from a checkpoint written by checkpoint(); throws
  /// std::runtime_error when it lacks the optimizer state or options.
  static Trainer resume(const io::NetworkFile& checkpoint);

  /// Runs optimiser step number step() and advances it.
  StepResult train_step();
  int64_t step() const { return step_; }

  /// Yang's evaluation: `trials` random-mode trials per task, with input and
  /// recurrent noise, from a seed fixed for the run so numbers are comparable.
  Evaluation evaluate(int trials) const;

  double wiring_cost() const { return bimt::wiring_cost(params_, geometry_); }
  bimt::SparsityReport sparsity() const;
  double lambda_now() const { return lambda_.at(step_); }

  /// The network file of the current state; `with_optimizer` makes it a checkpoint.
  io::NetworkFile snapshot(bool with_optimizer, const nlohmann::json& metrics = {}) const;

  const TrainOptions& options() const { return options_; }
  const model::RnnParameters<float>& parameters() const { return params_; }
  const bimt::Geometry& geometry() const { return geometry_; }

private:
  Trainer(const TrainOptions& options, model::RnnParameters<float> params);

  TrainOptions options_;
  model::RnnConfig config_;
  bimt::Geometry geometry_;
  bimt::LambdaSchedule lambda_;
  model::RnnParameters<float> params_, grad_;
  model::Adam adam_;
  model::LeakyRnn<float> rnn_;
  mutable model::LeakyRnn<float> eval_rnn_;
  tasks::TaskSchedule schedule_;
  int64_t step_ = 0;
};

} // namespace gyrus::train
