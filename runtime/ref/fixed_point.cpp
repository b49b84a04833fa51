#include "runtime/ref/fixed_point.h"

#include <stdexcept>
#include <string>

namespace gyrus::ref {

// A shift of 63 or more is undefined behaviour in C++; no real exponent comes near it.
constexpr int kMaxShift = 62;

int64_t shift_by_weight_exp(int64_t sum, int weight_exp) {
  if (weight_exp < -kMaxShift || weight_exp > kMaxShift)
    throw std::invalid_argument("shift_by_weight_exp: weight_exp must be in [-62, 62], got " +
                                std::to_string(weight_exp));
  return shift_signed(sum, weight_exp);
}

int64_t align_to_sigma(int64_t sum, int weight_exp, int sigma_frac_bits) {
  const int shift = weight_exp + sigma_frac_bits;
  if (shift < 0 || shift > kMaxShift)
    throw std::invalid_argument(
        "align_to_sigma: weight_exp + sigma_frac_bits must be in [0, 62] so that the input "
        "is exact in sigma's units, got " +
        std::to_string(weight_exp) + " + " + std::to_string(sigma_frac_bits));
  return sum << shift;
}

} // namespace gyrus::ref
