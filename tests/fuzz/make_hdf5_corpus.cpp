// Writes seed corpora for the HDF5 fuzz targets: each input file becomes a script
// (hdf5_script.h) that rebuilds it, named after the file. Run it by hand after a change
// to the script encoding or to a dictionary; docs/fuzzing.md has the whole recipe.
//
//   make_hdf5_corpus network OUTPUT_DIR FILE.gnet.h5...
//   make_hdf5_corpus nir OUTPUT_DIR FILE.nir...
//
// Network files with more than kMaxSide x kMaxSide hidden neurons (the shipped
// 20 x 20 model) are cut down to the top-left corner of their grid first, weights,
// positions and provenance kept, so that the seeds stay small; each also gives a
// checkpoint seed, with an optimizer state. Files the reader refuses are encoded as they
// are. NIR seeds start with the time-step byte
// of nir_fuzz.cpp, 0 (dt = 1e-4 s).
#include "tests/fuzz/hdf5_dictionaries.h"
#include "tests/fuzz/hdf5_script.h"
#include "training/io/network_file.h"

#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

namespace {

namespace fs = std::filesystem;
using gyrus::io::NetworkFile;

constexpr int kMaxSide = 3;

void save(const fs::path& path, const std::vector<uint8_t>& bytes) {
  std::ofstream file(path, std::ios::binary | std::ios::trunc);
  file.write(reinterpret_cast<const char*>(bytes.data()),
             static_cast<std::streamsize>(bytes.size()));
  if (!file)
    throw std::runtime_error(path.string() + ": cannot write");
  std::printf("%s: %zu bytes\n", path.c_str(), bytes.size());
}

/// The hidden neurons in the top-left side x side corner of the grid, and what touches
/// them. Neuron i sits at column i % width, row i / width (gyrus train's layout).
NetworkFile corner(const NetworkFile& net, int side) {
  std::vector<int> keep;
  for (int i = 0; i < net.config.n_hidden; ++i)
    if (i % net.grid_width < side && i / net.grid_width < side)
      keep.push_back(i);
  const int n = static_cast<int>(keep.size());
  NetworkFile out = net;
  out.config.n_hidden = n;
  out.grid_width = side;
  out.grid_height = side;
  out.hidden_positions.resize(n, 2);
  out.params.w_in.resize(n, net.config.n_input);
  out.params.w_rec.resize(n, n);
  out.params.b.resize(n);
  out.params.w_out.resize(net.config.n_output, n);
  for (int r = 0; r < n; ++r) {
    out.hidden_positions.row(r) = net.hidden_positions.row(keep[r]);
    out.params.w_in.row(r) = net.params.w_in.row(keep[r]);
    out.params.b(r) = net.params.b(keep[r]);
    for (int c = 0; c < n; ++c)
      out.params.w_rec(r, c) = net.params.w_rec(keep[r], keep[c]);
  }
  for (int c = 0; c < n; ++c)
    out.params.w_out.col(c) = net.params.w_out.col(keep[c]);
  return out;
}

void network_seeds(const fs::path& directory, const fs::path& input) {
  const std::string stem = input.filename().string().substr(0, input.filename().string().find('.'));
  NetworkFile net;
  bool small = true;
  try {
    net = gyrus::io::read_network_file(input);
    small = net.grid_width <= kMaxSide && net.grid_height <= kMaxSide;
  } catch (const std::runtime_error&) {
    // A file the reader refuses is a seed as it is.
  }
  if (small) {
    save(directory / (stem + ".script"),
         gyrus::fuzz::encode_hdf5_file(input, gyrus::fuzz::kNetworkNames));
    return;
  }
  net = corner(net, kMaxSide);
  const fs::path temporary = fs::temp_directory_path() / ("make_hdf5_corpus_" + stem + ".gnet.h5");
  gyrus::io::write_network_file(temporary, net);
  save(directory / (stem + "_corner.script"),
       gyrus::fuzz::encode_hdf5_file(temporary, gyrus::fuzz::kNetworkNames));
  // A checkpoint: Adam's moments beside the weights (the /optimizer branch).
  gyrus::io::OptimizerState state{net.params, net.params, 7};
  state.second_moment.w_rec = state.second_moment.w_rec.cwiseAbs();
  net.optimizer = state;
  gyrus::io::write_network_file(temporary, net);
  save(directory / (stem + "_checkpoint.script"),
       gyrus::fuzz::encode_hdf5_file(temporary, gyrus::fuzz::kNetworkNames));
  fs::remove(temporary);
}

void nir_seed(const fs::path& directory, const fs::path& input) {
  std::vector<uint8_t> seed{0}; // the time-step byte: dt = 1e-4 s
  const std::vector<uint8_t> script = gyrus::fuzz::encode_hdf5_file(input, gyrus::fuzz::kNirNames);
  seed.insert(seed.end(), script.begin(), script.end());
  save(directory / (input.stem().string() + ".script"), seed);
}

} // namespace

int main(int argc, char** argv) {
  const std::string kind = argc > 1 ? argv[1] : "";
  if (argc < 4 || (kind != "network" && kind != "nir")) {
    std::fprintf(stderr, "usage: %s network|nir OUTPUT_DIR FILE...\n", argv[0]);
    return 2;
  }
  const fs::path directory = argv[2];
  fs::create_directories(directory);
  try {
    for (int i = 3; i < argc; ++i) {
      if (kind == "network")
        network_seeds(directory, argv[i]);
      else
        nir_seed(directory, argv[i]);
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "make_hdf5_corpus: %s\n", e.what());
    return 1;
  }
  return 0;
}
