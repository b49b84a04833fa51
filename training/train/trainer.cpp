#include "training/train/trainer.h"

#include "training/tasks/performance.h"

#include <cmath>
#include <stdexcept>

namespace gyrus::train {

namespace {

/// Seeds of the per-step and evaluation streams; distinct so that evaluation
/// never replays training batches.
constexpr uint64_t kEvaluationStream = 0xE7A1'0000'0000'0000ull;

std::string activation_name(model::Activation a) {
  return a == model::Activation::Relu ? "relu" : "softplus";
}

model::RnnConfig rnn_config(const TrainOptions& o) {
  const tasks::Suite suite = o.suite;
  return {tasks::input_size(suite),
          o.grid_width * o.grid_height,
          tasks::output_size(suite),
          o.alpha,
          o.sigma_rec,
          o.activation};
}

template <typename T> T field(const nlohmann::json& json, const char* name) {
  if (!json.contains(name))
    throw std::invalid_argument(std::string("training options: missing '") + name + "'");
  try {
    return json.at(name).get<T>();
  } catch (const nlohmann::json::exception&) {
    throw std::invalid_argument(std::string("training options: '") + name + "' has the wrong type");
  }
}

} // namespace

nlohmann::json TrainOptions::to_json() const {
  return {{"suite", tasks::suite_name(suite)},
          {"grid_width", grid_width},
          {"grid_height", grid_height},
          {"activation", activation_name(activation)},
          {"init", init == model::RecurrentInit::Diagonal ? "diag" : "randortho"},
          {"alpha", alpha},
          {"sigma_rec", sigma_rec},
          {"steps", steps},
          {"batch", batch},
          {"seed", seed},
          {"learning_rate", learning_rate},
          {"regularizer", bimt::to_string(regularizer)},
          {"lambda", lambda},
          {"a", a},
          {"swap_every", swap.interval},
          {"swap_topk", swap.top_k},
          {"prune_threshold", prune_threshold}};
}

TrainOptions TrainOptions::from_json(const nlohmann::json& j) {
  TrainOptions o;
  o.suite = tasks::parse_suite(field<std::string>(j, "suite"));
  o.grid_width = field<int>(j, "grid_width");
  o.grid_height = field<int>(j, "grid_height");
  const auto activation = field<std::string>(j, "activation");
  if (activation != "relu" && activation != "softplus")
    throw std::invalid_argument("training options: unknown activation '" + activation + "'");
  o.activation = activation == "relu" ? model::Activation::Relu : model::Activation::Softplus;
  const auto init = field<std::string>(j, "init");
  if (init != "diag" && init != "randortho")
    throw std::invalid_argument("training options: unknown init '" + init + "'");
  o.init = init == "diag" ? model::RecurrentInit::Diagonal : model::RecurrentInit::RandomOrthogonal;
  o.alpha = field<double>(j, "alpha");
  o.sigma_rec = field<double>(j, "sigma_rec");
  o.steps = field<int64_t>(j, "steps");
  o.batch = field<int>(j, "batch");
  o.seed = field<uint64_t>(j, "seed");
  o.learning_rate = field<double>(j, "learning_rate");
  o.regularizer = bimt::parse_regularizer(field<std::string>(j, "regularizer"));
  o.lambda = field<std::string>(j, "lambda");
  o.a = field<double>(j, "a");
  o.swap.interval = field<int>(j, "swap_every");
  o.swap.top_k = field<int>(j, "swap_topk");
  o.prune_threshold = field<double>(j, "prune_threshold");
  o.validate();
  return o;
}

void TrainOptions::validate() const {
  auto require = [](bool ok, const std::string& message) {
    if (!ok)
      throw std::invalid_argument(message);
  };
  require(grid_width > 0 && grid_height > 0 && grid_width <= 1024 && grid_height <= 1024,
          "--hidden: grid " + std::to_string(grid_width) + "x" + std::to_string(grid_height) +
              " must have sides in 1..1024");
  require(alpha > 0 && alpha <= 1, "--alpha must be in (0, 1], got " + std::to_string(alpha));
  require(sigma_rec >= 0 && std::isfinite(sigma_rec), "--sigma-rec must be >= 0");
  require(steps >= 0, "--steps must be >= 0, got " + std::to_string(steps));
  require(batch > 0 && batch <= 65536, "--batch must be in 1..65536, got " + std::to_string(batch));
  require(learning_rate > 0 && std::isfinite(learning_rate),
          "--lr must be positive, got " + std::to_string(learning_rate));
  require(swap.interval > 0, "--swap-every must be positive, got " + std::to_string(swap.interval));
  require(swap.top_k >= 0 && swap.top_k <= grid_width * grid_height,
          "--swap-topk must be in 0.." + std::to_string(grid_width * grid_height) + ", got " +
              std::to_string(swap.top_k));
  require(prune_threshold >= 0 && std::isfinite(prune_threshold), "--prune-threshold must be >= 0");
  try {
    const bimt::LambdaSchedule schedule = bimt::LambdaSchedule::parse(lambda);
    for (const auto& piece : schedule.pieces()) bimt::validate({regularizer, piece.value, a});
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("--lambda/--a: ") + e.what());
  }
}

Trainer::Trainer(const TrainOptions& options, model::RnnParameters<float> params)
    : options_(options), config_(rnn_config(options)),
      geometry_(config_.n_input, config_.n_output, options.grid_width, options.grid_height),
      lambda_(bimt::LambdaSchedule::parse(options.lambda)), params_(std::move(params)),
      adam_(config_, {options.learning_rate}), rnn_(config_), eval_rnn_(config_),
      schedule_(options.suite) {
  grad_.resize(config_);
}

Trainer::Trainer(const TrainOptions& options)
    : Trainer(options, [&] {
        options.validate();
        tasks::Rng init_rng(options.seed, /*stream=*/0);
        return model::initial_parameters(rnn_config(options), options.init, init_rng);
      }()) {}

Trainer Trainer::resume(const io::NetworkFile& checkpoint) {
  if (!checkpoint.optimizer)
    throw std::runtime_error("not a checkpoint: it has no optimizer state (/optimizer)");
  if (!checkpoint.provenance.contains("options"))
    throw std::runtime_error("not a checkpoint: provenance lacks the training options");
  TrainOptions options = TrainOptions::from_json(checkpoint.provenance.at("options"));
  const model::RnnConfig expected = rnn_config(options);
  if (checkpoint.config.n_hidden != expected.n_hidden ||
      checkpoint.config.n_input != expected.n_input ||
      checkpoint.config.n_output != expected.n_output)
    throw std::runtime_error("checkpoint weights do not match its training options");
  Trainer trainer(options, checkpoint.params);
  trainer.adam_.first_moment() = checkpoint.optimizer->first_moment;
  trainer.adam_.second_moment() = checkpoint.optimizer->second_moment;
  trainer.adam_.set_steps(checkpoint.optimizer->steps);
  trainer.step_ = checkpoint.optimizer->steps;
  return trainer;
}

StepResult Trainer::train_step() {
  StepResult result;
  tasks::Rng rng(options_.seed, static_cast<uint64_t>(step_) + 1);
  result.task = schedule_.next(rng);
  const tasks::Batch batch = tasks::generate(options_.suite, result.task,
                                             {tasks::Mode::Random, options_.batch, true}, rng);
  result.loss = rnn_.forward(params_, batch, rng.next_u64());
  rnn_.backward(params_, grad_);

  const bimt::CostConfig cost{options_.regularizer, lambda_.at(step_), options_.a};
  if (cost.regularizer != bimt::Regularizer::None && cost.lambda > 0) {
    result.regularization = bimt::regularization_cost(params_, geometry_, cost);
    bimt::add_regularization_gradient(params_, geometry_, cost, grad_);
  }
  adam_.step(params_, grad_);

  if (options_.regularizer == bimt::Regularizer::Bimt && options_.swap.top_k > 0 &&
      bimt::swap_due(step_, options_.swap)) {
    result.swapped = true;
    result.swaps = bimt::swap_round(params_, geometry_, options_.swap, &adam_);
  }
  ++step_;
  return result;
}

Evaluation Trainer::evaluate(int trials) const {
  Evaluation eval;
  const auto& names = tasks::task_names(options_.suite);
  for (size_t i = 0; i < names.size(); ++i) {
    tasks::Rng rng(options_.seed ^ kEvaluationStream, i);
    const tasks::Batch batch =
        tasks::generate(options_.suite, names[i], {tasks::Mode::Random, trials, true}, rng);
    const double loss = eval_rnn_.forward(params_, batch, rng.next_u64());
    const auto& y = eval_rnn_.outputs();
    const double perf = tasks::performance(
        batch, std::span<const float>(y.data(), static_cast<size_t>(batch.targets.size())));
    eval.performance[names[i]] = perf;
    eval.loss[names[i]] = loss;
    eval.mean_performance += perf / static_cast<double>(names.size());
    eval.mean_loss += loss / static_cast<double>(names.size());
  }
  return eval;
}

bimt::SparsityReport Trainer::sparsity() const {
  return bimt::measure_sparsity(params_, options_.prune_threshold);
}

io::NetworkFile Trainer::snapshot(bool with_optimizer, const nlohmann::json& metrics) const {
  io::NetworkFile net;
  net.config = config_;
  net.grid_width = options_.grid_width;
  net.grid_height = options_.grid_height;
  net.input_positions = geometry_.input_positions().cast<float>();
  net.hidden_positions = geometry_.hidden_positions().cast<float>();
  net.output_positions = geometry_.output_positions().cast<float>();
  net.params = params_;
  net.provenance = {{"suite", tasks::suite_name(options_.suite)},
                    {"tasks", tasks::task_names(options_.suite)},
                    {"regularizer", bimt::to_string(options_.regularizer)},
                    {"lambda", options_.lambda},
                    {"a", options_.a},
                    {"seed", options_.seed},
                    {"steps", step_},
                    {"options", options_.to_json()},
                    {"metrics", metrics.is_null() ? nlohmann::json::object() : metrics}};
  if (with_optimizer)
    net.optimizer = io::OptimizerState{adam_.first_moment(), adam_.second_moment(), adam_.steps()};
  return net;
}

} // namespace gyrus::train
