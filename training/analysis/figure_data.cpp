#include "training/analysis/figure_data.h"

#include "training/io/atomic_file.h"
#include "training/io/hdf5_util.h"

#include <cstdint>
#include <string>
#include <vector>

namespace gyrus::analysis {

namespace {

/// Row-major [rows, cols], so h5py's m[i, j] is the matrix's (i, j).
template <typename Derived>
void write_matrix(H5::Group& where, const std::string& name, const Eigen::MatrixBase<Derived>& m) {
  using Scalar = typename Derived::Scalar;
  const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> rows = m;
  io::h5::write(where, name, std::vector<Scalar>(rows.data(), rows.data() + rows.size()),
                {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())});
}

void write_ints(H5::Group& where, const std::string& name, const std::vector<int>& values) {
  io::h5::write(where, name, std::vector<int32_t>(values.begin(), values.end()),
                {static_cast<hsize_t>(values.size())});
}

} // namespace

void write_figure_data(const std::filesystem::path& path, const io::NetworkFile& network,
                       const AnalysisReport& report) {
  io::write_atomically(path, [&](const std::filesystem::path& tmp) {
    try {
      H5::Exception::dontPrint();
      H5::H5File file(tmp.string(), H5F_ACC_TRUNC, io::h5::untimed_file());
      io::h5::write_attribute(file, "format", std::string("gyrus-analysis"));
      io::h5::write_attribute(file, "suite", std::string(tasks::suite_name(report.suite)));
      io::h5::write_attribute(file, "grid_width", static_cast<int32_t>(report.grid_width));
      io::h5::write_attribute(file, "grid_height", static_cast<int32_t>(report.grid_height));
      std::string names;
      for (size_t i = 0; i < report.tasks.size(); ++i)
        names += (i ? "," : "") + report.tasks[i];
      io::h5::write_attribute(file, "tasks", names);
      io::h5::write_attribute(file, "report", to_json(report).dump());

      write_matrix(file, "hidden_positions", network.hidden_positions);
      write_matrix(file, "w_rec", network.params.w_rec);
      write_ints(file, "unit_labels", report.unit_labels);
      write_matrix(file, "variance", report.variance.variance);
      write_ints(file, "kept_units", report.variance.kept_units);
      write_matrix(file, "normalized", report.variance.normalized);
      io::h5::write(file, "performance", report.performance,
                    {static_cast<hsize_t>(report.performance.size())});
    } catch (const H5::Exception& e) {
      throw std::runtime_error("cannot write '" + path.string() + "': HDF5: " + e.getDetailMsg());
    }
  });
}

} // namespace gyrus::analysis
