// The analysis of one trained network, as Growing Brains reports it:
// performance, functional clusters and their silhouette (functional
// modularity), Newman's Q of the recurrent graph under those clusters
// (anatomical modularity), spatial locality of the clusters, wiring cost and
// sparsity. docs/analysis.md defines every number.
#pragma once

#include "training/analysis/clustering.h"
#include "training/analysis/locality.h"
#include "training/analysis/variance.h"
#include "training/bimt/sparsity.h"
#include "training/io/network_file.h"
#include "training/tasks/suite.h"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <vector>

namespace gyrus::analysis {

/// The network does not fit the analysis: the message names the file field.
class IncompatibleNetwork : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

struct AnalysisOptions {
  uint64_t seed = 0;                ///< k-means seeding (and test batches)
  double sparsity_threshold = 1e-2; ///< |w| <= this counts as pruned (gyrus train's default)
  double variance_threshold = kVarianceThreshold;
  ClusteringOptions clustering;                    ///< its seed is replaced by `seed`
  std::function<void(const std::string&)> on_task; ///< called after each test batch
};

struct AnalysisReport {
  tasks::Suite suite = tasks::Suite::Cog20;
  int grid_width = 0, grid_height = 0, n_hidden = 0;
  nlohmann::json training =
      nlohmann::json::object(); ///< regularizer, lambda, seed, steps, if known

  std::vector<std::string> tasks;
  std::vector<double> performance; ///< per task, noise-free test grid
  std::vector<int> test_trials;    ///< per task, trials in the test grid
  double mean_performance = 0;

  TaskVariance variance;        ///< raw N x tasks, kept units, normalised profiles
  FunctionalClusters clusters;  ///< labels over variance.kept_units
  std::vector<int> unit_labels; ///< per hidden unit: its cluster, or -1 if filtered out

  double functional_modularity = 0; ///< the clustering's silhouette; NaN if not clustered
  double anatomical_modularity = 0; ///< Newman's Q; NaN if not clustered or no weight
  Locality locality;                ///< baseline: all hidden neurons
  Locality locality_within_active;  ///< baseline: the clustered (active) units only

  double wiring_cost = 0;
  double sparsity_threshold = 0;
  bimt::SparsityReport sparsity;
};

/// The suite the network was trained on, read from provenance "suite", after
/// checking that the network's input and output sizes match it. Throws
/// IncompatibleNetwork naming the field (provenance/json suite,
/// groups/input/size, groups/output/size) otherwise.
tasks::Suite network_suite(const io::NetworkFile& network);

/// Runs the whole analysis. Throws IncompatibleNetwork (see network_suite)
/// and std::invalid_argument for bad options.
AnalysisReport analyze(const io::NetworkFile& network, const AnalysisOptions& options);

/// Every score and per-task value; NaN becomes null. The raw variance matrix
/// is left out (the figure data file holds it).
nlohmann::json to_json(const AnalysisReport& report);

} // namespace gyrus::analysis
