// The network file (.gnet.h5): what `gyrus train` writes and the compiler
// reads. HDF5, opens in h5py. Layout in docs/file-formats.md.
#pragma once

#include "training/model/rnn_parameters.h"

#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

namespace H5 {
class H5File;
} // namespace H5

namespace gyrus::io {

/// Adam's state, stored in checkpoints so that training resumes exactly.
struct OptimizerState {
  model::RnnParameters<float> first_moment;
  model::RnnParameters<float> second_moment;
  int64_t steps = 0;
};

struct NetworkFile {
  model::RnnConfig config;
  int grid_width = 0;
  int grid_height = 0;
  Eigen::MatrixXf input_positions;  ///< n_input x 2, (x, y)
  Eigen::MatrixXf hidden_positions; ///< N x 2
  Eigen::MatrixXf output_positions; ///< n_output x 2
  model::RnnParameters<float> params;
  /// Tasks, regulariser, lambda, seed, steps, metrics, training options...
  /// Scalars become attributes of /provenance; the whole object is also kept
  /// as JSON text so nothing is lost.
  nlohmann::json provenance = nlohmann::json::object();
  std::optional<OptimizerState> optimizer; ///< present in checkpoints
};

/// Writes atomically; throws std::runtime_error naming the path.
void write_network_file(const std::filesystem::path& path, const NetworkFile& network);

/// Reads and validates shapes and values; throws std::runtime_error naming
/// the path and the offending dataset or attribute.
NetworkFile read_network_file(const std::filesystem::path& path);
/// The same for a file that is already open (an in-memory HDF5 image, as the fuzz
/// target builds); `name` stands for the path in messages.
NetworkFile read_network_file(const H5::H5File& file, const std::string& name);

} // namespace gyrus::io
