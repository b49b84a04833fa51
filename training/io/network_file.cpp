#include "training/io/network_file.h"

#include "training/io/atomic_file.h"
#include "training/io/hdf5_util.h"

#include <cmath>

namespace gyrus::io {

namespace {

using RowMajor = Eigen::Matrix<float, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

/// Matrices are stored row-major as [rows, cols], so h5py sees w_rec[i, j]
/// as the weight from hidden j to hidden i.
void write_matrix(H5::Group& where, const std::string& name, const Eigen::MatrixXf& m) {
  const RowMajor rows = m;
  h5::write(where, name, std::vector<float>(rows.data(), rows.data() + rows.size()),
            {static_cast<hsize_t>(m.rows()), static_cast<hsize_t>(m.cols())});
}

void write_vector(H5::Group& where, const std::string& name, const Eigen::VectorXf& v) {
  h5::write(where, name, std::vector<float>(v.data(), v.data() + v.size()),
            {static_cast<hsize_t>(v.size())});
}

void write_parameters(H5::Group& group, const model::RnnParameters<float>& p) {
  p.for_each([&](const auto& tensor, std::string_view name) {
    if constexpr (std::decay_t<decltype(tensor)>::ColsAtCompileTime == 1)
      write_vector(group, std::string(name), tensor);
    else
      write_matrix(group, std::string(name), tensor);
  });
}

Eigen::MatrixXf read_matrix(const h5::Reader& in, const std::string& name, int rows, int cols) {
  const auto data = in.read<float>(name, {static_cast<hsize_t>(rows), static_cast<hsize_t>(cols)});
  for (float v : data)
    if (!std::isfinite(v))
      in.fail(name, "holds a non-finite value");
  return Eigen::Map<const RowMajor>(data.data(), rows, cols);
}

model::RnnParameters<float> read_parameters(const h5::Reader& in, const std::string& group,
                                            const model::RnnConfig& c) {
  model::RnnParameters<float> p;
  auto vector = [&](const std::string& name, int size) {
    const auto data = in.read<float>(group + "/" + name, {static_cast<hsize_t>(size)});
    for (float v : data)
      if (!std::isfinite(v))
        in.fail(group + "/" + name, "holds a non-finite value");
    return Eigen::VectorXf(Eigen::Map<const Eigen::VectorXf>(data.data(), size));
  };
  p.w_in = read_matrix(in, group + "/w_in", c.n_hidden, c.n_input);
  p.w_rec = read_matrix(in, group + "/w_rec", c.n_hidden, c.n_hidden);
  p.b = vector("b", c.n_hidden);
  p.w_out = read_matrix(in, group + "/w_out", c.n_output, c.n_hidden);
  p.b_out = vector("b_out", c.n_output);
  return p;
}

std::string activation_name(model::Activation a) {
  return a == model::Activation::Relu ? "relu" : "softplus";
}

} // namespace

void write_network_file(const std::filesystem::path& path, const NetworkFile& net) {
  write_atomically(path, [&](const std::filesystem::path& tmp) {
    try {
      H5::Exception::dontPrint();
      H5::H5File file(tmp.string(), H5F_ACC_TRUNC, h5::untimed_file());
      h5::write_attribute(file, "format", std::string("gyrus-network"));
      h5::write_attribute(file, "format_version", static_cast<int32_t>(1));
      h5::write_attribute(file, "gyrus_version", std::string(GYRUS_VERSION));

      H5::Group model = h5::create_untimed_group(file, "model");
      h5::write_attribute(model, "neuron_model", std::string("leaky_rnn"));
      h5::write_attribute(model, "alpha", net.config.alpha);
      h5::write_attribute(model, "sigma_rec", net.config.sigma_rec);
      h5::write_attribute(model, "activation", activation_name(net.config.activation));
      h5::write_attribute(model, "readout", std::string("sigmoid"));

      H5::Group groups = h5::create_untimed_group(file, "groups");
      for (const auto& [name, positions] :
           {std::pair{"input", &net.input_positions}, std::pair{"hidden", &net.hidden_positions},
            std::pair{"output", &net.output_positions}}) {
        H5::Group group = h5::create_untimed_group(groups, name);
        h5::write_attribute(group, "size", static_cast<int32_t>(positions->rows()));
        write_matrix(group, "positions", *positions);
      }
      H5::Group hidden = groups.openGroup("hidden");
      h5::write_attribute(hidden, "grid_width", static_cast<int32_t>(net.grid_width));
      h5::write_attribute(hidden, "grid_height", static_cast<int32_t>(net.grid_height));

      H5::Group weights = h5::create_untimed_group(file, "weights");
      write_parameters(weights, net.params);

      H5::Group provenance = h5::create_untimed_group(file, "provenance");
      h5::write_attribute(provenance, "json", net.provenance.dump());
      for (const auto& [key, value] : net.provenance.items()) {
        if (value.is_string())
          h5::write_attribute(provenance, key, value.get<std::string>());
        else if (value.is_number_integer())
          h5::write_attribute(provenance, key, value.get<int64_t>());
        else if (value.is_number())
          h5::write_attribute(provenance, key, value.get<double>());
      }

      if (net.optimizer) {
        H5::Group optimizer = h5::create_untimed_group(file, "optimizer");
        h5::write_attribute(optimizer, "steps", net.optimizer->steps);
        H5::Group m = h5::create_untimed_group(optimizer, "first_moment");
        write_parameters(m, net.optimizer->first_moment);
        H5::Group v = h5::create_untimed_group(optimizer, "second_moment");
        write_parameters(v, net.optimizer->second_moment);
      }
    } catch (const H5::Exception& e) {
      throw std::runtime_error("cannot write '" + path.string() + "': HDF5: " + e.getDetailMsg());
    }
  });
}

namespace {

NetworkFile read_network(const h5::Reader& in) {
  if (in.string_attribute("format") != "gyrus-network")
    in.fail("attribute format", "expected 'gyrus-network'");
  if (in.int_attribute("format_version") != 1)
    in.fail("attribute format_version", "unsupported version (this gyrus reads 1)");
  NetworkFile net;
  const std::string neuron_model = in.string_attribute("model", "neuron_model");
  if (neuron_model != "leaky_rnn")
    in.fail("model/neuron_model", "unknown neuron model '" + neuron_model + "'");
  net.config.alpha = in.double_attribute("model", "alpha");
  if (!(net.config.alpha > 0 && net.config.alpha <= 1))
    in.fail("model/alpha", "must be in (0, 1], got " + std::to_string(net.config.alpha));
  net.config.sigma_rec = in.double_attribute("model", "sigma_rec");
  const std::string activation = in.string_attribute("model", "activation");
  if (activation == "relu")
    net.config.activation = model::Activation::Relu;
  else if (activation == "softplus")
    net.config.activation = model::Activation::Softplus;
  else
    in.fail("model/activation", "unknown activation '" + activation + "'");

  auto group_size = [&](const std::string& group) {
    const int64_t size = in.int_attribute("groups/" + group, "size");
    if (size <= 0 || size > (1 << 24))
      in.fail("groups/" + group + "/size", "out of range: " + std::to_string(size));
    return static_cast<int>(size);
  };
  net.config.n_input = group_size("input");
  net.config.n_hidden = group_size("hidden");
  net.config.n_output = group_size("output");
  net.grid_width = static_cast<int>(in.int_attribute("groups/hidden", "grid_width"));
  net.grid_height = static_cast<int>(in.int_attribute("groups/hidden", "grid_height"));
  if (static_cast<int64_t>(net.grid_width) * net.grid_height != net.config.n_hidden)
    in.fail("groups/hidden/grid_width", "grid " + std::to_string(net.grid_width) + "x" +
                                            std::to_string(net.grid_height) + " does not hold " +
                                            std::to_string(net.config.n_hidden) + " neurons");
  net.input_positions = read_matrix(in, "groups/input/positions", net.config.n_input, 2);
  net.hidden_positions = read_matrix(in, "groups/hidden/positions", net.config.n_hidden, 2);
  net.output_positions = read_matrix(in, "groups/output/positions", net.config.n_output, 2);
  net.params = read_parameters(in, "weights", net.config);

  const std::string json = in.string_attribute("provenance", "json");
  net.provenance = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (net.provenance.is_discarded())
    in.fail("provenance/json", "not valid JSON");

  if (in.exists("optimizer")) {
    OptimizerState state;
    state.steps = in.int_attribute("optimizer", "steps");
    if (state.steps < 0)
      in.fail("optimizer/steps", "negative");
    state.first_moment = read_parameters(in, "optimizer/first_moment", net.config);
    state.second_moment = read_parameters(in, "optimizer/second_moment", net.config);
    net.optimizer = std::move(state);
  }
  return net;
}

} // namespace

NetworkFile read_network_file(const std::filesystem::path& path) {
  return read_network(h5::Reader(path));
}

NetworkFile read_network_file(const H5::H5File& file, const std::string& name) {
  return read_network(h5::Reader(file, name));
}

} // namespace gyrus::io
