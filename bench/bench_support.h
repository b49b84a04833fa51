// Pieces the benchmarks share: peak resident memory as a counter, and (for those that
// build snn IR) resource-blob arrays.
#pragma once

#include <sys/resource.h>

namespace gyrus::bench {

/// This process's peak resident memory in MiB (Linux reports ru_maxrss in KiB).
inline double peak_resident_mib() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

} // namespace gyrus::bench
