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

  /// Standard normal by Marsaglia and Tsang's ziggurat (128 layers): one
  /// 64-bit draw and a table lookup for ~98% of samples, because the trainer
  /// needs hundreds of thousands of noise values per batch.
  double normal();

private:
  static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
  static uint64_t splitmix64(uint64_t& s) {
    uint64_t z = (s += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  double normal_tail_or_wedge(int64_t hz, unsigned layer);
  /// Uniform in (0, 1), never 0, for logarithms.
  double open_uniform() { return (static_cast<double>(next_u64() >> 11) + 0.5) * 0x1.0p-53; }

  std::array<uint64_t, 4> state_{};
};

namespace detail {
/// Layer tables of the 128-layer normal ziggurat (Marsaglia & Tsang 2000).
struct ZigguratTables {
  static constexpr double kR = 3.442619855899;         ///< start of the tail
  static constexpr double kArea = 9.91256303526217e-3; ///< area of each layer
  static constexpr double kScale = 2147483648.0;       ///< 2^31
  std::array<uint32_t, 128> k{};
  std::array<double, 128> w{}, f{};

  ZigguratTables() {
    double d = kR, t = kR;
    const double q = kArea / std::exp(-0.5 * d * d);
    k[0] = static_cast<uint32_t>((d / q) * kScale);
    k[1] = 0;
    w[0] = q / kScale;
    w[127] = d / kScale;
    f[0] = 1.0;
    f[127] = std::exp(-0.5 * d * d);
    for (int i = 126; i >= 1; --i) {
      d = std::sqrt(-2.0 * std::log(kArea / d + std::exp(-0.5 * d * d)));
      k[i + 1] = static_cast<uint32_t>((d / t) * kScale);
      t = d;
      f[i] = std::exp(-0.5 * d * d);
      w[i] = d / kScale;
    }
  }
  static const ZigguratTables& get() {
    static const ZigguratTables tables;
    return tables;
  }
};
} // namespace detail

inline double Rng::normal() {
  const auto& z = detail::ZigguratTables::get();
  const uint64_t bits = next_u64();
  const unsigned layer = static_cast<unsigned>(bits & 127u);
  const int64_t hz = static_cast<int32_t>(static_cast<uint32_t>(bits >> 32));
  if (static_cast<uint64_t>(hz < 0 ? -hz : hz) < z.k[layer])
    return static_cast<double>(hz) * z.w[layer];
  return normal_tail_or_wedge(hz, layer);
}

inline double Rng::normal_tail_or_wedge(int64_t hz, unsigned layer) {
  const auto& z = detail::ZigguratTables::get();
  for (;;) {
    const double x = static_cast<double>(hz) * z.w[layer];
    if (layer == 0) { // the tail beyond kR, by Marsaglia's exponential method
      double tail, y;
      do {
        tail = -std::log(open_uniform()) / detail::ZigguratTables::kR;
        y = -std::log(open_uniform());
      } while (y + y < tail * tail);
      return hz > 0 ? detail::ZigguratTables::kR + tail : -detail::ZigguratTables::kR - tail;
    }
    if (z.f[layer] + uniform() * (z.f[layer - 1] - z.f[layer]) < std::exp(-0.5 * x * x))
      return x;
    const uint64_t bits = next_u64();
    layer = static_cast<unsigned>(bits & 127u);
    hz = static_cast<int32_t>(static_cast<uint32_t>(bits >> 32));
    if (static_cast<uint64_t>(hz < 0 ? -hz : hz) < z.k[layer])
      return static_cast<double>(hz) * z.w[layer];
  }
}

} // namespace gyrus::tasks
