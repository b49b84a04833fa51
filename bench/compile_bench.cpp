// Import plus quantize of a synthetic 100 000-neuron network with 10 M synapses: the
// scale at which the compiler must stay interactive (issue floors: < 30 s, < 4 GB).
//
// The network is a leaky_sigma_delta population of 100 000 neurons with a sparse
// recurrent projection of 100 random synapses per neuron (CSR), driven by 1 000 inputs
// (10 synapses per neuron) and read out by 100 linear units (1 000 synapses each). A
// forked child writes it as MLIR bytecode before the benchmark starts, so that the
// peak resident memory reported (peak_rss_MiB) is that of import and quantization
// alone. "Import" is parsing and verifying that bytecode: no other format gyrus reads
// holds a sparse network this large (NIR and the network file are dense).
#include "bench/bench_support.h"
#include "bench/snn_blob.h"
#include "gyrus/Dialect/Chip/ChipDialect.h"
#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Pipeline/Compile.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"

#include "llvm/Support/raw_ostream.h"

#include <benchmark/benchmark.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace mlir;

using gyrus::bench::blob;

namespace {

constexpr int64_t kHidden = 100'000;
constexpr int64_t kInputs = 1'000;
constexpr int64_t kOutputs = 100;
constexpr int64_t kRecurrentPerNeuron = 100;
constexpr int64_t kInputPerNeuron = 10;

std::filesystem::path networkPath() {
  return std::filesystem::temp_directory_path() /
         ("gyrus_compile_bench_" + std::to_string(getpid()) + ".mlirbc");
}

/// A CSR projection with `perRow` random sources per target row.
void addSparseProjection(OpBuilder& builder, Location loc, StringRef name, StringRef source,
                         StringRef target, int64_t rows, int64_t columns, int64_t perRow,
                         float scale, std::mt19937_64& rng) {
  MLIRContext* context = builder.getContext();
  std::vector<int32_t> indptr(rows + 1), indices;
  std::vector<float> weights;
  indices.reserve(rows * perRow);
  weights.reserve(rows * perRow);
  std::uniform_int_distribution<int32_t> column(0, static_cast<int32_t>(columns - 1));
  std::normal_distribution<float> weight(0.0f, scale);
  for (int64_t row = 0; row < rows; ++row) {
    indptr[row] = static_cast<int32_t>(indices.size());
    for (int64_t k = 0; k < perRow; ++k) {
      indices.push_back(column(rng));
      weights.push_back(weight(rng));
    }
  }
  indptr[rows] = static_cast<int32_t>(indices.size());
  int64_t nnz = static_cast<int64_t>(indices.size());
  auto i32 = builder.getI32Type();
  builder.create<gyrus::snn::ProjectionOp>(
      loc, name, source, target,
      blob(context, (name + "_w").str(), builder.getF32Type(), std::move(weights), {nnz}),
      blob(context, (name + "_indptr").str(), i32, std::move(indptr), {rows + 1}),
      blob(context, (name + "_indices").str(), i32, std::move(indices), {nnz}),
      /*weight_exp=*/IntegerAttr(), /*delays=*/Attribute());
}

/// Builds the synthetic network and writes it as bytecode to `path`.
int writeNetwork(const std::filesystem::path& path) {
  MLIRContext context;
  context.loadDialect<gyrus::snn::SNNDialect>();
  OpBuilder builder(&context);
  Location loc = UnknownLoc::get(&context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto ref = [&](StringRef symbol) { return FlatSymbolRefAttr::get(&context, symbol); };
  auto network = builder.create<gyrus::snn::NetworkOp>(
      loc, "synthetic", builder.getArrayAttr({ref("x")}), builder.getArrayAttr({ref("y")}));
  builder.setInsertionPointToEnd(network.getBody());
  std::mt19937_64 rng(1);
  std::normal_distribution<float> biasDistribution(0.0f, 0.1f);
  std::vector<float> bias(kHidden);
  for (float& b : bias)
    b = biasDistribution(rng);
  builder.create<gyrus::snn::PopulationOp>(loc, "x", kInputs, gyrus::snn::NeuronModel::Input,
                                           nullptr, nullptr, nullptr);
  builder.create<gyrus::snn::PopulationOp>(
      loc, "h", kHidden, gyrus::snn::NeuronModel::LeakySigmaDelta,
      builder.getDictionaryAttr(
          {builder.getNamedAttr("alpha", builder.getF64FloatAttr(0.2)),
           builder.getNamedAttr("bias", blob(&context, "h_bias", builder.getF32Type(),
                                             std::move(bias), {kHidden}))}),
      nullptr, nullptr);
  builder.create<gyrus::snn::PopulationOp>(loc, "y", kOutputs, gyrus::snn::NeuronModel::Linear,
                                           nullptr, nullptr, nullptr);
  addSparseProjection(builder, loc, "w_in", "x", "h", kHidden, kInputs, kInputPerNeuron, 0.3f, rng);
  addSparseProjection(builder, loc, "w_rec", "h", "h", kHidden, kHidden, kRecurrentPerNeuron, 0.1f,
                      rng);
  addSparseProjection(builder, loc, "w_out", "h", "y", kOutputs, kHidden, 1000, 0.05f, rng);
  std::error_code ec;
  llvm::raw_fd_ostream os(path.string(), ec);
  if (ec || failed(writeBytecodeToFile(*module, os)))
    return 1;
  return 0;
}

std::filesystem::path gNetwork;

void BM_ImportAndQuantize100kNeurons10MSynapses(benchmark::State& state) {
  int64_t synapses = 0;
  for (auto _ : state) {
    MLIRContext context;
    context.disableMultithreading(); // determinism first; the pass is sequential anyway
    ScopedDiagnosticHandler handler(&context, [](Diagnostic& diagnostic) {
      std::fprintf(stderr, "%s\n", diagnostic.str().c_str());
      return success();
    });
    gyrus::CompileOptions options;
    options.target = "loihi2";
    OwningOpRef<ModuleOp> module = gyrus::loadNetwork(gNetwork.string(), options, &context);
    if (!module || failed(gyrus::runCompilePipeline(*module, options))) {
      state.SkipWithError("import or quantization failed");
      return;
    }
    synapses = gyrus::summarizeNetwork(*module)["synapses"].get<int64_t>();
  }
  state.counters["synapses"] = static_cast<double>(synapses);
  state.counters["peak_rss_MiB"] = gyrus::bench::peak_resident_mib();
}
BENCHMARK(BM_ImportAndQuantize100kNeurons10MSynapses)
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseRealTime();

} // namespace

int main(int argc, char** argv) {
  gNetwork = networkPath();
  // The child's memory (the network as built) stays out of this process's peak.
  pid_t child = fork();
  if (child == 0)
    _exit(writeNetwork(gNetwork));
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "gyrus_compile_bench: cannot write the synthetic network\n");
    return 1;
  }
  std::fprintf(stderr, "synthetic network: %s (%.0f MiB of bytecode)\n", gNetwork.c_str(),
               static_cast<double>(std::filesystem::file_size(gNetwork)) / (1 << 20));
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(gNetwork);
  return 0;
}
