// The clustering and scoring metrics on inputs with known answers: k-means
// and the silhouette on synthetic blobs and hand-computed sets, Newman's Q on
// graphs whose modularity is known in closed form, and locality on planted
// spatial modules and their random permutations.
#include "tests/unit/analysis_test_support.h"
#include "training/analysis/clustering.h"
#include "training/analysis/kmeans.h"
#include "training/analysis/locality.h"
#include "training/analysis/modularity.h"
#include "training/analysis/silhouette.h"
#include "training/tasks/rng.h"

#include <algorithm>
#include <cmath>
#include <gtest/gtest.h>
#include <numeric>
#include <set>
#include <vector>

namespace gyrus::analysis {
namespace {

using test_support::grid_positions;
using test_support::permute_rows;
using test_support::quadrant_labels;
using test_support::same_partition;

/// `per_blob` points around each centre, Gaussian with standard deviation `spread`.
Eigen::MatrixXd blobs(const Eigen::MatrixXd& centres, int per_blob, double spread, uint64_t seed,
                      std::vector<int>* truth) {
  tasks::Rng rng(seed);
  Eigen::MatrixXd points(centres.rows() * per_blob, centres.cols());
  truth->clear();
  for (Eigen::Index c = 0; c < centres.rows(); ++c)
    for (int p = 0; p < per_blob; ++p) {
      const Eigen::Index row = c * per_blob + p;
      for (Eigen::Index d = 0; d < centres.cols(); ++d)
        points(row, d) = centres(c, d) + spread * rng.normal();
      truth->push_back(static_cast<int>(c));
    }
  return points;
}

// ---------------------------------------------------------------- k-means

TEST(KMeansTest, RecoversWellSeparatedBlobsExactly) {
  Eigen::MatrixXd centres(4, 3);
  centres << 0, 0, 0, 10, 0, 0, 0, 10, 0, 0, 0, 10;
  std::vector<int> truth;
  const Eigen::MatrixXd points = blobs(centres, 25, 0.5, 7, &truth);
  tasks::Rng rng(1);
  const KMeansResult result = kmeans(points, 4, {}, rng);
  EXPECT_TRUE(result.converged);
  EXPECT_TRUE(same_partition(result.labels, truth));
  // The centres are the blob means, and the inertia their scatter.
  double scatter = 0;
  for (int c = 0; c < 4; ++c) {
    const Eigen::RowVectorXd mean = points.middleRows(c * 25, 25).colwise().mean();
    scatter += (points.middleRows(c * 25, 25).rowwise() - mean).squaredNorm();
    const int label = result.labels[static_cast<size_t>(c * 25)];
    EXPECT_LT((result.centers.row(label) - mean).norm(), 1e-9);
  }
  EXPECT_NEAR(result.inertia, scatter, 1e-9 * scatter);
}

TEST(KMeansTest, IsDeterministicForASeed) {
  Eigen::MatrixXd centres(3, 2);
  centres << 0, 0, 1, 0, 0, 1; // overlapping blobs: the result depends on seeding
  std::vector<int> truth;
  const Eigen::MatrixXd points = blobs(centres, 30, 0.6, 3, &truth);
  tasks::Rng a(5), b(5);
  const KMeansResult first = kmeans(points, 5, {}, a), second = kmeans(points, 5, {}, b);
  EXPECT_EQ(first.labels, second.labels);
  EXPECT_EQ(first.inertia, second.inertia);
}

TEST(KMeansTest, RestartsNeverDoWorseThanOne) {
  Eigen::MatrixXd centres(6, 2);
  centres << 0, 0, 3, 0, 6, 0, 0, 3, 3, 3, 6, 3;
  std::vector<int> truth;
  const Eigen::MatrixXd points = blobs(centres, 15, 0.8, 11, &truth);
  double worst_single = 0;
  for (uint64_t seed = 0; seed < 10; ++seed) {
    tasks::Rng rng(seed);
    worst_single = std::max(worst_single, kmeans(points, 6, {1, 300}, rng).inertia);
  }
  tasks::Rng rng(0);
  const double best_of_20 = kmeans(points, 6, {20, 300}, rng).inertia;
  tasks::Rng first(0);
  EXPECT_LE(best_of_20, kmeans(points, 6, {1, 300}, first).inertia); // restart 0 is the same draw
  EXPECT_LE(best_of_20, worst_single);
}

TEST(KMeansTest, EdgeCases) {
  Eigen::MatrixXd points(5, 2);
  points << 0, 0, 1, 0, 2, 0, 3, 0, 4, 1;
  tasks::Rng rng(0);
  const KMeansResult one = kmeans(points, 1, {}, rng);
  EXPECT_LT((one.centers.row(0) - points.colwise().mean()).norm(), 1e-12);
  const KMeansResult all = kmeans(points, 5, {}, rng);
  EXPECT_EQ(std::set<int>(all.labels.begin(), all.labels.end()).size(), 5u);
  EXPECT_NEAR(all.inertia, 0.0, 1e-12);
  // Two distinct values and k = 3: no crash, and the two values never share a label.
  Eigen::MatrixXd twins(6, 1);
  twins << 0, 0, 0, 1, 1, 1;
  const KMeansResult split = kmeans(twins, 3, {}, rng);
  for (int i = 0; i < 3; ++i)
    for (int j = 3; j < 6; ++j)
      EXPECT_NE(split.labels[static_cast<size_t>(i)], split.labels[static_cast<size_t>(j)]);
  EXPECT_THROW(kmeans(points, 0, {}, rng), std::invalid_argument);
  EXPECT_THROW(kmeans(points, 6, {}, rng), std::invalid_argument);
  Eigen::MatrixXd bad = points;
  bad(2, 1) = std::nan("");
  EXPECT_THROW(kmeans(bad, 2, {}, rng), std::invalid_argument);
}

// ---------------------------------------------------------------- silhouette

TEST(SilhouetteTest, MatchesHandComputedValues) {
  // 1D points 0, 1 | 4, 5: s = 7/9 for the outer points, 5/7 for the inner.
  Eigen::MatrixXd line(4, 1);
  line << 0, 1, 4, 5;
  const Eigen::MatrixXd d = pairwise_euclidean(line);
  EXPECT_NEAR(silhouette_score(d, {0, 0, 1, 1}), (7.0 / 9 + 5.0 / 7) / 2, 1e-12);
  const Eigen::VectorXd s = silhouette_samples(d, {0, 0, 1, 1});
  EXPECT_NEAR(s(0), 7.0 / 9, 1e-12);
  EXPECT_NEAR(s(1), 5.0 / 7, 1e-12);
  // A singleton scores 0: points 0, 1 | 10 give (9/10 + 8/9 + 0) / 3.
  Eigen::MatrixXd three(3, 1);
  three << 0, 1, 10;
  EXPECT_NEAR(silhouette_score(pairwise_euclidean(three), {0, 0, 1}), 161.0 / 270, 1e-12);
  // A bad split scores below zero: 0, 4 | 1, 5.
  EXPECT_LT(silhouette_score(d, {0, 1, 0, 1}), 0.0);
  // Labels need not be contiguous.
  EXPECT_NEAR(silhouette_score(d, {3, 3, 7, 7}), (7.0 / 9 + 5.0 / 7) / 2, 1e-12);
}

TEST(SilhouetteTest, NearOneForTightBlobsAndLowForWrongLabels) {
  Eigen::MatrixXd centres(3, 2);
  centres << 0, 0, 20, 0, 0, 20;
  std::vector<int> truth;
  const Eigen::MatrixXd points = blobs(centres, 20, 0.5, 2, &truth);
  const Eigen::MatrixXd d = pairwise_euclidean(points);
  EXPECT_GT(silhouette_score(d, truth), 0.95);
  std::vector<int> scrambled(truth.size());
  for (size_t i = 0; i < truth.size(); ++i)
    scrambled[i] = static_cast<int>(i % 3);
  EXPECT_LT(silhouette_score(d, scrambled), 0.05);
}

TEST(SilhouetteTest, RejectsDegenerateLabelings) {
  Eigen::MatrixXd line(3, 1);
  line << 0, 1, 2;
  const Eigen::MatrixXd d = pairwise_euclidean(line);
  EXPECT_THROW(silhouette_score(d, {0, 0, 0}), std::invalid_argument);
  EXPECT_THROW(silhouette_score(d, {0, 1, 2}), std::invalid_argument);
  EXPECT_THROW(silhouette_score(d, {0, 1}), std::invalid_argument);
  EXPECT_THROW(silhouette_score(d, {0, -1, 1}), std::invalid_argument);
}

TEST(AnalysisClusteringTest, ChoosesTheNumberOfBlobsBySilhouette) {
  Eigen::MatrixXd centres(5, 4);
  centres.setZero();
  for (int c = 0; c < 4; ++c)
    centres(c, c) = 1;
  centres.row(4) << 0.6, 0.5, 0.5, 0.5;
  std::vector<int> truth;
  const Eigen::MatrixXd points = blobs(centres, 12, 0.03, 4, &truth);
  const FunctionalClusters clusters = functional_clusters(points, {});
  EXPECT_EQ(clusters.k, 5);
  EXPECT_TRUE(same_partition(clusters.labels, truth));
  EXPECT_GT(clusters.silhouette, 0.8);
  EXPECT_EQ(clusters.scores.size(), 28u); // k = 2..29
  EXPECT_EQ(clusters.scores.front().k, 2);
  for (const auto& s : clusters.scores)
    EXPECT_LE(s.silhouette, clusters.silhouette);
  // Clusters are numbered by preferred column: blob c (peak in column c) is
  // cluster c; the flat blob prefers column 0 too and comes after blob 0.
  EXPECT_EQ(clusters.preferred_task, (std::vector<int>{0, 0, 1, 2, 3}));
  EXPECT_EQ(clusters.labels[0], 0);
  EXPECT_EQ(clusters.labels[4 * 12], 1);
  EXPECT_EQ(clusters.labels[12], 2);
  // Deterministic; and too few points give no clustering.
  EXPECT_EQ(functional_clusters(points, {}).labels, clusters.labels);
  const FunctionalClusters none = functional_clusters(points.topRows(2), {});
  EXPECT_EQ(none.k, 0);
  EXPECT_TRUE(std::isnan(none.silhouette));
  EXPECT_EQ(functional_clusters(points.topRows(5), {}).scores.back().k, 4); // capped at n - 1
}

// ---------------------------------------------------------------- modularity

TEST(ModularityTest, FourEqualDisconnectedBlocksGiveThreeQuarters) {
  const int n = 20;
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(n, n);
  std::vector<int> labels(n);
  for (int i = 0; i < n; ++i) {
    labels[static_cast<size_t>(i)] = i / 5;
    for (int j = 0; j < n; ++j)
      if (i != j && i / 5 == j / 5)
        a(i, j) = 1.0 + 0.1 * ((i + j) % 3); // weights need not be equal
  }
  // Q = sum_c [L_c / m - (d_c / 2m)^2] = 4 (1/4 - 1/16) when the blocks carry equal weight.
  EXPECT_NEAR(newman_modularity(a, labels), 0.75, 0.01);
  Eigen::MatrixXd equal = (a.array() > 0).cast<double>();
  EXPECT_NEAR(newman_modularity(equal, labels), 0.75, 1e-12);
  // One group: Q = 0. Everyone alone: Q = -sum (d_i / 2m)^2 < 0.
  EXPECT_NEAR(newman_modularity(equal, std::vector<int>(n, 0)), 0.0, 1e-12);
  std::vector<int> alone(n);
  std::iota(alone.begin(), alone.end(), 0);
  EXPECT_NEAR(newman_modularity(equal, alone), -1.0 / 20, 1e-12);
}

TEST(ModularityTest, TwoTrianglesJoinedByAnEdge) {
  Eigen::MatrixXd a = Eigen::MatrixXd::Zero(6, 6);
  auto edge = [&](int i, int j) { a(i, j) = a(j, i) = 1; };
  edge(0, 1), edge(1, 2), edge(0, 2), edge(3, 4), edge(4, 5), edge(3, 5), edge(2, 3);
  // m = 7, each triangle L = 3 and degree sum 7: Q = 2 (3/7 - 1/4) = 5/14.
  EXPECT_NEAR(newman_modularity(a, {0, 0, 0, 1, 1, 1}), 5.0 / 14, 1e-12);
  // Unlabelled nodes are left out: a hub joined to everyone changes nothing.
  Eigen::MatrixXd hub = Eigen::MatrixXd::Ones(7, 7);
  hub.topLeftCorner(6, 6) = a;
  hub(6, 6) = 0;
  EXPECT_NEAR(newman_modularity(hub, {0, 0, 0, 1, 1, 1, -1}), 5.0 / 14, 1e-12);
  EXPECT_TRUE(std::isnan(newman_modularity(Eigen::MatrixXd::Zero(3, 3), {0, 1, 1})));
  Eigen::MatrixXd asymmetric = a;
  asymmetric(0, 5) = 1;
  EXPECT_THROW(newman_modularity(asymmetric, {0, 0, 0, 1, 1, 1}), std::invalid_argument);
  EXPECT_THROW(newman_modularity(-a, {0, 0, 0, 1, 1, 1}), std::invalid_argument);
}

TEST(ModularityTest, RecurrentGraphSumsBothDirectionsAndDropsSelfLoops) {
  Eigen::MatrixXf w(3, 3);
  w << 5, 2, 0, -1, 7, 0, 0, 0.5f, -3;
  const Eigen::MatrixXd a = recurrent_graph(w);
  EXPECT_DOUBLE_EQ(a(0, 1), 3.0);
  EXPECT_DOUBLE_EQ(a(1, 0), 3.0);
  EXPECT_DOUBLE_EQ(a(1, 2), 0.5);
  EXPECT_DOUBLE_EQ(a(2, 1), 0.5);
  EXPECT_EQ(a.diagonal(), Eigen::Vector3d::Zero());
  // Self-loops do not count: a strong diagonal leaves Q unchanged.
  Eigen::MatrixXf loops = w;
  loops.diagonal().setConstant(100);
  EXPECT_DOUBLE_EQ(anatomical_modularity(w, {0, 0, 1}), anatomical_modularity(loops, {0, 0, 1}));
}

// ---------------------------------------------------------------- locality

TEST(LocalityTest, MeanPairwiseDistanceOfASquareBlockIsTwoThirdsOfItsSide) {
  // n x n cell centres with spacing s: mean Manhattan distance over distinct
  // pairs is 2 n s / 3 (each axis: sum |i - j| = n (n^2 - 1) / 3).
  for (int n : {2, 3, 5, 20})
    EXPECT_NEAR(mean_pairwise_distance(grid_positions(n, n)), 2.0 * n / (3.0 * n), 1e-12) << n;
  EXPECT_NEAR(mean_pairwise_distance(grid_positions(20, 20), {0, 1, 20, 21}), 1.0 / 15, 1e-12);
  EXPECT_TRUE(std::isnan(mean_pairwise_distance(grid_positions(3, 3), {4})));
}

TEST(LocalityTest, RandomSubsetBaselineIsTheMeanOverAllPairs) {
  // Exhaustive check of the identity E_S[mean pairwise distance in S] =
  // mean over all pairs, for every subset S of every size of a 3 x 3 grid
  // with jittered positions (so no symmetry helps).
  Eigen::MatrixXd positions = grid_positions(3, 3);
  tasks::Rng rng(9);
  for (double& v : positions.reshaped())
    v += 0.05 * rng.uniform(-1, 1);
  const double all_pairs = mean_pairwise_distance(positions);
  const int n = 9;
  for (int size = 2; size <= n; ++size) {
    double sum = 0;
    int count = 0;
    for (int mask = 0; mask < (1 << n); ++mask) {
      if (__builtin_popcount(static_cast<unsigned>(mask)) != size)
        continue;
      std::vector<int> members;
      for (int i = 0; i < n; ++i)
        if (mask & (1 << i))
          members.push_back(i);
      sum += mean_pairwise_distance(positions, members);
      ++count;
    }
    EXPECT_NEAR(sum / count, all_pairs, 1e-12) << "subsets of size " << size;
  }
}

TEST(LocalityTest, QuadrantsScoreOneHalfAndSmallModulesNearOne) {
  const Eigen::MatrixXd positions = grid_positions(20, 20);
  // Quadrant: 2 (10) s / 3 over the grid's 2 (20) s / 3.
  const Locality quadrants = locality(positions, quadrant_labels(20, 20));
  EXPECT_NEAR(quadrants.score, 0.5, 1e-12);
  EXPECT_NEAR(quadrants.baseline, 2.0 / 3, 1e-12);
  EXPECT_EQ(quadrants.sizes, (std::vector<int>{100, 100, 100, 100}));
  // Four 2 x 2 modules in the corners, every other neuron unclustered:
  // 1 - (2 * 2 / 3) / (2 * 20 / 3) = 0.9.
  std::vector<int> labels(400, -1);
  const int corners[4][2] = {{0, 0}, {0, 18}, {18, 0}, {18, 18}};
  for (int m = 0; m < 4; ++m)
    for (int dr = 0; dr < 2; ++dr)
      for (int dc = 0; dc < 2; ++dc)
        labels[static_cast<size_t>((corners[m][0] + dr) * 20 + corners[m][1] + dc)] = m;
  EXPECT_NEAR(locality(positions, labels).score, 0.9, 1e-12);
  // A point is perfectly local.
  Eigen::MatrixXd stacked = Eigen::MatrixXd::Zero(6, 2);
  stacked.bottomRows(3).setOnes();
  EXPECT_NEAR(locality(stacked, {0, 0, 0, -1, -1, -1}, {0, 1, 2, 3, 4, 5}).score, 1.0, 1e-12);
}

TEST(LocalityTest, RandomlyPermutedPositionsScoreNearZero) {
  const Eigen::MatrixXd positions = grid_positions(20, 20);
  const std::vector<int> labels = quadrant_labels(20, 20);
  double sum = 0;
  for (uint64_t seed = 0; seed < 20; ++seed) {
    const double score = locality(permute_rows(positions, seed), labels).score;
    EXPECT_LT(std::abs(score), 0.05) << "seed " << seed;
    sum += score;
  }
  EXPECT_LT(std::abs(sum / 20), 0.015);
}

TEST(LocalityTest, SingletonsAreLeftOut) {
  const Eigen::MatrixXd positions = grid_positions(4, 1);
  const Locality l = locality(positions, {0, 1, 1, 2});
  EXPECT_TRUE(std::isnan(l.per_cluster[0]));
  EXPECT_TRUE(std::isnan(l.per_cluster[2]));
  EXPECT_NEAR(l.score, l.per_cluster[1], 1e-12);
  EXPECT_TRUE(std::isnan(locality(positions, {0, 1, 2, 3}).score));
  EXPECT_THROW(locality(positions, {0, 1}), std::invalid_argument);
}

} // namespace
} // namespace gyrus::analysis
