// Task batches as HDF5 files (`gyrus tasks sample --out FILE.h5`), readable
// with h5py. Layout in docs/file-formats.md.
#pragma once

#include "training/tasks/batch.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace gyrus::io {

/// Where a batch came from; stored as root attributes.
struct BatchProvenance {
  std::string suite;
  std::string mode;
  uint64_t seed = 0;
};

/// Writes `batch` atomically. Throws std::runtime_error naming the path.
void write_batch_file(const std::filesystem::path& path, const tasks::Batch& batch,
                      const BatchProvenance& provenance);

/// Reads a batch file written by write_batch_file. Throws std::runtime_error
/// naming the path and the missing or malformed dataset.
tasks::Batch read_batch_file(const std::filesystem::path& path,
                             BatchProvenance* provenance = nullptr);

} // namespace gyrus::io
