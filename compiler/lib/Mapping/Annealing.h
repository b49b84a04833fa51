// The temperature schedule both annealers (partition and placement) share. They refine
// a finished mapping rather than search from scratch, so they start cool: a step
// uphill by the lower quartile of sampled uphill steps is accepted with probability
// 1/100 (a mean would be dominated by the rare huge steps and melt a good start), and
// the temperature falls geometrically to a thousandth of that.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

namespace gyrus::mapping {

inline double starting_temperature(std::vector<double> uphill_steps) {
  if (uphill_steps.empty())
    return 1.0;
  auto quartile = uphill_steps.begin() + static_cast<std::ptrdiff_t>(uphill_steps.size() / 4);
  std::nth_element(uphill_steps.begin(), quartile, uphill_steps.end());
  return *quartile / std::log(100.0);
}

inline double temperature(double start, int64_t step, int64_t steps) {
  return start * std::pow(1e-3, static_cast<double>(step) / static_cast<double>(steps));
}

} // namespace gyrus::mapping
