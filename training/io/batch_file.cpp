#include "training/io/batch_file.h"

#include "training/io/atomic_file.h"
#include "training/io/hdf5_util.h"

#include <sstream>

namespace gyrus::io {

using tasks::Batch;

void write_batch_file(const std::filesystem::path& path, const Batch& batch,
                      const BatchProvenance& provenance) {
  write_atomically(path, [&](const std::filesystem::path& tmp) {
    try {
      H5::Exception::dontPrint();
      H5::H5File file(tmp.string(), H5F_ACC_TRUNC, h5::untimed_file());
      const auto T = static_cast<hsize_t>(batch.steps), B = static_cast<hsize_t>(batch.trials);
      h5::write(file, "inputs", batch.inputs, {T, B, static_cast<hsize_t>(batch.n_input)});
      h5::write(file, "targets", batch.targets, {T, B, static_cast<hsize_t>(batch.n_output)});
      h5::write(file, "mask", batch.mask, {T, B, static_cast<hsize_t>(batch.n_output)});
      h5::write(file, "target_angle", batch.target_angle, {T, B});
      h5::write(file, "trial_steps", batch.trial_steps, {B});
      if (!batch.labels.empty())
        h5::write(file, "labels", batch.labels, {T, B});

      H5::Group epochs = h5::create_untimed_group(file, "epochs");
      std::string names;
      for (size_t e = 0; e < batch.epoch_names.size(); ++e) {
        std::vector<int32_t> spans;
        for (int b = 0; b < batch.trials; ++b) {
          spans.push_back(batch.epoch(b, e).begin);
          spans.push_back(batch.epoch(b, e).end);
        }
        h5::write(epochs, batch.epoch_names[e], spans, {B, 2});
        names += (e ? "," : "") + batch.epoch_names[e];
      }
      h5::write_attribute(file, "epoch_names", names);
      h5::write_attribute(file, "task", batch.task);
      h5::write_attribute(file, "suite", provenance.suite);
      h5::write_attribute(file, "mode", provenance.mode);
      h5::write_attribute(file, "seed", provenance.seed);
      h5::write_attribute(file, "dt_ms", static_cast<double>(batch.dt_ms));
      h5::write_attribute(file, "gyrus_version", std::string(GYRUS_VERSION));
    } catch (const H5::Exception& e) {
      throw std::runtime_error("cannot write '" + path.string() + "': HDF5: " + e.getDetailMsg());
    }
  });
}

Batch read_batch_file(const std::filesystem::path& path, BatchProvenance* provenance) {
  h5::Reader in(path);
  Batch batch;
  const auto dims = in.dims("inputs");
  if (dims.size() != 3)
    in.fail("inputs", "expected rank 3 [T, B, n_input]");
  batch.steps = static_cast<int>(dims[0]);
  batch.trials = static_cast<int>(dims[1]);
  batch.n_input = static_cast<int>(dims[2]);
  const auto T = dims[0], B = dims[1];
  batch.inputs = in.read<float>("inputs", dims);
  const auto target_dims = in.dims("targets");
  if (target_dims.size() != 3 || target_dims[0] != T || target_dims[1] != B)
    in.fail("targets", "expected shape [T, B, n_output] matching inputs");
  batch.n_output = static_cast<int>(target_dims[2]);
  batch.targets = in.read<float>("targets", target_dims);
  batch.mask = in.read<float>("mask", target_dims);
  batch.target_angle = in.read<float>("target_angle", {T, B});
  batch.trial_steps = in.read<int32_t>("trial_steps", {B});
  if (in.exists("labels"))
    batch.labels = in.read<int32_t>("labels", {T, B});
  batch.task = in.string_attribute("task");
  batch.dt_ms = static_cast<float>(in.double_attribute("dt_ms"));
  std::stringstream names(in.string_attribute("epoch_names"));
  for (std::string name; std::getline(names, name, ',');)
    batch.epoch_names.push_back(name);
  batch.epochs.resize(B * batch.epoch_names.size());
  for (size_t e = 0; e < batch.epoch_names.size(); ++e) {
    const auto spans = in.read<int32_t>("epochs/" + batch.epoch_names[e], {B, 2});
    for (hsize_t b = 0; b < B; ++b)
      batch.epochs[b * batch.epoch_names.size() + e] = {spans[2 * b], spans[2 * b + 1]};
  }
  if (provenance) {
    provenance->suite = in.string_attribute("suite");
    provenance->mode = in.string_attribute("mode");
    provenance->seed = in.uint_attribute("seed");
  }
  return batch;
}

} // namespace gyrus::io
