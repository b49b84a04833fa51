// The data file behind `gyrus analyze --figures`: everything
// scripts/plot_analysis.py draws, in HDF5 so that h5py reads it directly.
#pragma once

#include "training/analysis/analysis.h"
#include "training/io/network_file.h"

#include <filesystem>

namespace gyrus::analysis {

/// Writes atomically (layout in docs/analysis.md):
///   attributes  format = "gyrus-analysis", suite, grid_width, grid_height,
///               tasks (comma-separated), report (to_json as text)
///   hidden_positions  N x 2 float       w_rec        N x N float (row i: into i)
///   unit_labels       N int32 (-1: filtered out)
///   variance          N x tasks double (raw condition variance)
///   kept_units        K int32           normalized   K x tasks double
///   performance       tasks double
/// Throws std::runtime_error naming the path on failure.
void write_figure_data(const std::filesystem::path& path, const io::NetworkFile& network,
                       const AnalysisReport& report);

} // namespace gyrus::analysis
