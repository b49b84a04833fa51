// A small, fully specified random number generator for the task suites.
//
// The standard library's distributions are implementation-defined, so two
// compilers can turn the same seed into different trials. Everything here is
// spelled out (xoshiro256** seeded by splitmix64, 53-bit uniforms, Box-Muller
// normals), which makes a seed mean the same batch everywhere.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <span>

namespace gyrus::tasks {

class Rng {
public:
  explicit Rng(uint64_t seed, uint64_t stream = 0) {
    uint64_t s = seed ^ (stream * 0xD1B54A32D192ED03ull);
    for (auto& word : state_)
      word = splitmix64(s);
  }

  uint64_t next_u64() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
  }

  /// Uniform in [0, 1) with 53 random bits.
  double uniform() { return static_cast<double>(next_u64() >> 11) * 0x1.0p-53; }
  /// Uniform in [lo, hi), as numpy's `uniform(lo, hi)`.
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }

  /// Uniform integer in [0, n), without modulo bias (Lemire's method).
  int below(int n) {
    const uint64_t range = static_cast<uint64_t>(n);
    uint64_t x = next_u64() >> 32;
    uint64_t m = x * range;
    uint32_t low = static_cast<uint32_t>(m);
    if (low < range) {
      const uint32_t threshold = static_cast<uint32_t>(-static_cast<uint32_t>(range) % range);
      while (low < threshold) {
        x = next_u64() >> 32;
        m = x * range;
        low = static_cast<uint32_t>(m);
      }
    }
    return static_cast<int>(m >> 32);
  }

  /// One element of `values`, uniformly, as numpy's `choice(values)`.
  template <typename T> T choice(std::span<const T> values) {
    return values[static_cast<size_t>(below(static_cast<int>(values.size())))];
  }
  template <typename T, size_t N> T choice(const std::array<T, N>& values) {
    return choice(std::span<const T>(values));
  }
  /// +1 or -1 with equal probability.
  int sign() { return below(2) == 0 ? 1 : -1; }

  /// Standard normal (Box-Muller; the second value of each pair is kept).
  double normal() {
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u1 = uniform();
    while (u1 <= 0.0)
      u1 = uniform();
    const double u2 = uniform();
    const double radius = std::sqrt(-2.0 * std::log(u1));
    const double angle = 2.0 * M_PI * u2;
    spare_ = radius * std::sin(angle);
    has_spare_ = true;
    return radius * std::cos(angle);
  }

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  std::array<uint64_t, 4> state_{};
  double spare_ = 0.0;
  bool has_spare_ = false;
};

} // namespace gyrus::tasks
