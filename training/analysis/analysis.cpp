#include "training/analysis/analysis.h"

#include "training/analysis/modularity.h"
#include "training/analysis/test_batches.h"
#include "training/analysis/wiring.h"

#include <cmath>
#include <limits>
#include <numeric>

namespace gyrus::analysis {

namespace {

nlohmann::json number_or_null(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json numbers_or_null(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values)
    out.push_back(number_or_null(v));
  return out;
}

nlohmann::json locality_json(const Locality& l) {
  return {{"score", number_or_null(l.score)},
          {"baseline", number_or_null(l.baseline)},
          {"per_cluster", numbers_or_null(l.per_cluster)},
          {"sizes", l.sizes}};
}

} // namespace

tasks::Suite network_suite(const io::NetworkFile& network) {
  const auto& provenance = network.provenance;
  if (!provenance.is_object() || !provenance.contains("suite"))
    throw IncompatibleNetwork(
        "provenance/json: no 'suite' field, so the tasks to analyse are unknown");
  if (!provenance.at("suite").is_string())
    throw IncompatibleNetwork("provenance/json: field 'suite' is not a string");
  const std::string name = provenance.at("suite").get<std::string>();
  tasks::Suite suite;
  try {
    suite = tasks::parse_suite(name);
  } catch (const std::exception&) {
    throw IncompatibleNetwork("provenance/json: suite '" + name +
                              "' is unknown (expected cog20 or modcog)");
  }
  if (network.config.n_input != tasks::input_size(suite))
    throw IncompatibleNetwork("groups/input/size: " + std::to_string(network.config.n_input) +
                              " inputs, but suite " + name + " has " +
                              std::to_string(tasks::input_size(suite)));
  if (network.config.n_output != tasks::output_size(suite))
    throw IncompatibleNetwork("groups/output/size: " + std::to_string(network.config.n_output) +
                              " outputs, but suite " + name + " has " +
                              std::to_string(tasks::output_size(suite)));
  return suite;
}

AnalysisReport analyze(const io::NetworkFile& network, const AnalysisOptions& options) {
  AnalysisReport report;
  report.suite = network_suite(network);
  report.grid_width = network.grid_width;
  report.grid_height = network.grid_height;
  report.n_hidden = network.config.n_hidden;
  for (const char* key : {"regularizer", "lambda", "a", "seed", "steps"})
    if (network.provenance.contains(key))
      report.training[key] = network.provenance.at(key);

  TestRun run =
      run_test_batches(network.config, network.params, report.suite, options.seed, options.on_task);
  report.tasks = run.tasks;
  report.performance = std::move(run.performance);
  report.test_trials = std::move(run.trials);
  report.mean_performance =
      report.performance.empty()
          ? 0.0
          : std::accumulate(report.performance.begin(), report.performance.end(), 0.0) /
                static_cast<double>(report.performance.size());

  report.variance = select_active_units(std::move(run.variance), std::move(run.tasks),
                                        options.variance_threshold);
  ClusteringOptions clustering = options.clustering;
  clustering.seed = options.seed;
  report.clusters = functional_clusters(report.variance.normalized, clustering);

  report.unit_labels.assign(static_cast<size_t>(report.n_hidden), -1);
  if (report.clusters.k > 0)
    for (size_t r = 0; r < report.variance.kept_units.size(); ++r)
      report.unit_labels[static_cast<size_t>(report.variance.kept_units[r])] =
          report.clusters.labels[r];

  const double nan = std::numeric_limits<double>::quiet_NaN();
  report.functional_modularity = report.clusters.silhouette;
  const Eigen::MatrixXd positions = network.hidden_positions.cast<double>();
  if (report.clusters.k > 0) {
    report.anatomical_modularity = anatomical_modularity(network.params.w_rec, report.unit_labels);
    report.locality = locality(positions, report.unit_labels);
    report.locality_within_active =
        locality(positions, report.unit_labels, report.variance.kept_units);
  } else {
    report.anatomical_modularity = nan;
    report.locality.score = report.locality_within_active.score = nan;
    report.locality.baseline = mean_pairwise_distance(positions);
    report.locality_within_active.baseline =
        mean_pairwise_distance(positions, report.variance.kept_units);
  }

  report.wiring_cost = wiring_cost(network.params, network.input_positions,
                                   network.hidden_positions, network.output_positions);
  report.sparsity_threshold = options.sparsity_threshold;
  report.sparsity = bimt::measure_sparsity(network.params, options.sparsity_threshold);
  return report;
}

nlohmann::json to_json(const AnalysisReport& r) {
  nlohmann::json performance = nlohmann::json::object();
  for (size_t i = 0; i < r.tasks.size(); ++i)
    performance[r.tasks[i]] = r.performance[i];
  nlohmann::json trials = nlohmann::json::object();
  for (size_t i = 0; i < r.tasks.size(); ++i)
    trials[r.tasks[i]] = r.test_trials[i];
  nlohmann::json by_k = nlohmann::json::array();
  for (const auto& s : r.clusters.scores)
    by_k.push_back({{"k", s.k}, {"silhouette", s.silhouette}});
  nlohmann::json preferred = nlohmann::json::array();
  for (int task : r.clusters.preferred_task)
    preferred.push_back(r.tasks[static_cast<size_t>(task)]);
  return {
      {"suite", tasks::suite_name(r.suite)},
      {"grid", {r.grid_width, r.grid_height}},
      {"hidden", r.n_hidden},
      {"training", r.training},
      {"mean_performance", r.mean_performance},
      {"performance", performance},
      {"functional_modularity", number_or_null(r.functional_modularity)},
      {"anatomical_modularity", number_or_null(r.anatomical_modularity)},
      {"locality", number_or_null(r.locality.score)},
      {"locality_within_active", number_or_null(r.locality_within_active.score)},
      {"wiring_cost", r.wiring_cost},
      {"active_neurons", r.sparsity.active_neurons},
      {"share_below_threshold", r.sparsity.share_below_threshold},
      {"sparsity_threshold", r.sparsity_threshold},
      {"variance",
       {{"threshold", r.variance.threshold},
        {"excluded_epoch", fixation_epoch(r.suite)},
        {"kept_units", r.variance.kept_units}}},
      {"clusters",
       {{"k", r.clusters.k},
        {"silhouette", number_or_null(r.clusters.silhouette)},
        {"silhouette_by_k", by_k},
        {"preferred_task", preferred},
        {"unit_labels", r.unit_labels},
        {"locality", locality_json(r.locality)},
        {"locality_within_active", locality_json(r.locality_within_active)}}},
      {"test_trials", trials},
  };
}

} // namespace gyrus::analysis
