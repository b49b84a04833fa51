// The run list of a regulariser sweep: every (regulariser, lambda, seed)
// combination, in a fixed order with stable names, so that a restarted sweep
// finds its finished runs and a parallel launcher (processes today, MPI ranks
// later) can split the list by index without talking to anyone.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace gyrus::sweep {

struct RunSpec {
  std::string regularizer; ///< none, l1 or bimt
  std::string lambda;      ///< as passed to `gyrus train --lambda`; "0" for none
  uint64_t seed = 0;
  /// Directory name, e.g. "bimt_lambda1e-4_seed1".
  std::string id() const;
};

struct SweepSpec {
  std::vector<std::string> regularizers;
  std::vector<std::string> lambdas;
  std::vector<uint64_t> seeds;
};

/// All runs: regularisers outermost, then lambdas, then seeds. `none` has no
/// lambda to vary, so it contributes one run per seed. Throws
/// std::invalid_argument naming the option on an empty or unknown entry.
std::vector<RunSpec> plan_runs(const SweepSpec& spec);

/// The runs with index % count == index_in: a rank's share of the sweep.
std::vector<RunSpec> shard(const std::vector<RunSpec>& runs, int index, int count);

/// Splits "a,b,c"; throws std::invalid_argument naming `option` on an empty item.
std::vector<std::string> split_list(std::string_view text, std::string_view option);

} // namespace gyrus::sweep
