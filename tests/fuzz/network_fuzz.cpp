// libFuzzer target for the network-file reader (training/io/network_file.h): the input is
// a script (hdf5_script.h) that builds an HDF5 file in memory, which
// gyrus::io::read_network_file must either read into a consistent network or refuse
// with std::runtime_error, as documented. Anything else escaping (another exception, a
// crash, a sanitizer report, an allocation past libFuzzer's limit) is a bug. Built with
// libFuzzer under Clang; network_fuzz_replay runs it over the seed corpus under any
// compiler.
#include "tests/fuzz/hdf5_dictionaries.h"
#include "tests/fuzz/hdf5_script.h"
#include "training/io/network_file.h"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace {

/// GYRUS_FUZZ_VERBOSE=1 prints what became of each input (for replaying one by hand).
const bool kVerbose = std::getenv("GYRUS_FUZZ_VERBOSE") != nullptr;

/// What a successful read promises: shapes that match the sizes, finite weights.
void check(const gyrus::io::NetworkFile& net) {
  const auto& c = net.config;
  const bool ok =
      c.n_input > 0 && c.n_hidden > 0 && c.n_output > 0 && c.alpha > 0 && c.alpha <= 1 &&
      static_cast<int64_t>(net.grid_width) * net.grid_height == c.n_hidden &&
      net.input_positions.rows() == c.n_input && net.input_positions.cols() == 2 &&
      net.hidden_positions.rows() == c.n_hidden && net.output_positions.rows() == c.n_output &&
      net.params.w_in.rows() == c.n_hidden && net.params.w_in.cols() == c.n_input &&
      net.params.w_rec.rows() == c.n_hidden && net.params.w_rec.cols() == c.n_hidden &&
      net.params.b.size() == c.n_hidden && net.params.w_out.rows() == c.n_output &&
      net.params.w_out.cols() == c.n_hidden && net.params.b_out.size() == c.n_output &&
      net.params.w_rec.allFinite() && net.params.w_in.allFinite() && net.params.w_out.allFinite() &&
      net.params.b.allFinite() && net.params.b_out.allFinite() && !net.provenance.is_discarded() &&
      (!net.optimizer || net.optimizer->steps >= 0);
  if (!ok)
    __builtin_trap();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::optional<H5::H5File> file =
      gyrus::fuzz::build_hdf5_file({data, size}, gyrus::fuzz::kNetworkNames);
  if (!file)
    return 0;
  try {
    check(gyrus::io::read_network_file(*file, "fuzz.gnet.h5"));
    if (kVerbose)
      std::fprintf(stderr, "read\n");
  } catch (const std::runtime_error& e) {
    // Refused with a message: what the reader must do with a bad file.
    if (kVerbose)
      std::fprintf(stderr, "refused: %s\n", e.what());
  }
  return 0;
}
