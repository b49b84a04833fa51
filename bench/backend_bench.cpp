// The compiler's back end end to end at 100 000 neurons and 10 M synapses on a
// multi-chip loihi2 (floors: < 60 s and < 4 GB per strategy for spatial and metis):
// the real MLIR passes snn-partition -> convert-snn-to-chip -> chip-place -> chip-route
// -> chip-emit-image (to a temporary file), after import and quantization.
//
// The network is mapping_bench's with the compiler around it: 100 000
// leaky_sigma_delta neurons on a 400 x 250 grid (positions on the population), each
// fed by 98 neurons drawn uniformly within 6 grid steps and 2 from anywhere (10 M
// recurrent synapses, CSR); 1 000 host inputs, each driving the 100 neurons of its
// 10 x 10 patch; 100 linear readouts, each reading the 1 000 neurons of its 40 x 25
// patch. The target is the loihi2 preset with 6 chips (768 cores), written as a JSON
// description to a temporary file, since the passes' `target` option takes a preset
// name or a path.
//
// A forked child writes the network as bytecode first. Each benchmark then runs the
// whole pipeline in another forked child, so that peak_rss_MiB (from wait4) is that
// strategy's alone, import and quantization included. The benchmark's time is the back
// end's (partition to image); every stage's seconds are counters.
#include "bench/bench_support.h"
#include "bench/snn_blob.h"
#include "gyrus/Dialect/SNN/SNNDialect.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Pipeline/Compile.h"
#include "gyrus/Transforms/Passes.h"
#include "mlir/Bytecode/BytecodeWriter.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Pass/PassManager.h"
#include "targets/target_description.h"

#include "llvm/Support/raw_ostream.h"

#include <array>
#include <benchmark/benchmark.h>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace mlir;

using gyrus::bench::blob;

namespace {

constexpr int32_t kColumns = 400;
constexpr int32_t kRows = 250;
constexpr int32_t kHidden = kColumns * kRows;
constexpr int32_t kLocalPerNeuron = 98;
constexpr int32_t kLongRangePerNeuron = 2;
constexpr double kRadius = 6.0;
constexpr int32_t kInputPatch = 10;                       // 40 x 25 patches: 1 000 inputs
constexpr int32_t kOutputPatchX = 40, kOutputPatchY = 25; // 10 x 10 patches: 100 outputs
constexpr int32_t kInputs = (kColumns / kInputPatch) * (kRows / kInputPatch);
constexpr int32_t kOutputs = (kColumns / kOutputPatchX) * (kRows / kOutputPatchY);
constexpr int kChips = 6;

std::filesystem::path tempPath(const std::string& suffix) {
  return std::filesystem::temp_directory_path() /
         ("gyrus_backend_bench_" + std::to_string(getpid()) + suffix);
}

std::filesystem::path gNetwork, gTarget;

/// A CSR projection (rows = target neurons) whose row t holds sources(t).
void addProjection(OpBuilder& builder, StringRef name, StringRef source, StringRef target,
                   int32_t rows, const std::function<void(int32_t, std::vector<int32_t>&)>& sources,
                   std::mt19937_64& rng) {
  MLIRContext* context = builder.getContext();
  std::vector<int32_t> indptr{0}, indices;
  std::vector<float> weights;
  std::normal_distribution<float> weight(0.0f, 0.1f);
  for (int32_t row = 0; row < rows; ++row) {
    sources(row, indices);
    indptr.push_back(static_cast<int32_t>(indices.size()));
  }
  weights.reserve(indices.size());
  for (size_t k = 0; k < indices.size(); ++k)
    weights.push_back(weight(rng));
  const int64_t nnz = static_cast<int64_t>(indices.size());
  auto i32 = builder.getI32Type();
  builder.create<gyrus::snn::ProjectionOp>(
      builder.getUnknownLoc(), name, source, target,
      blob(context, (name + "_w").str(), builder.getF32Type(), std::move(weights), {nnz}),
      blob(context, (name + "_indptr").str(), i32, std::move(indptr), {rows + 1}),
      blob(context, (name + "_indices").str(), i32, std::move(indices), {nnz}),
      /*weight_exp=*/IntegerAttr(), /*delays=*/Attribute());
}

ElementsAttr positions(MLIRContext* context, StringRef name, int32_t count,
                       const std::function<std::array<float, 2>(int32_t)>& at) {
  std::vector<float> values;
  for (int32_t n = 0; n < count; ++n) {
    std::array<float, 2> p = at(n);
    values.insert(values.end(), p.begin(), p.end());
  }
  return blob(context, name, Float32Type::get(context), std::move(values), {count, 2});
}

int writeNetwork(const std::filesystem::path& path) {
  MLIRContext context;
  context.loadDialect<gyrus::snn::SNNDialect>();
  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto ref = [&](StringRef symbol) { return FlatSymbolRefAttr::get(&context, symbol); };
  auto network = builder.create<gyrus::snn::NetworkOp>(
      loc, "grid", builder.getArrayAttr({ref("x")}), builder.getArrayAttr({ref("y")}));
  builder.setInsertionPointToEnd(network.getBody());
  std::mt19937_64 rng(1);
  std::normal_distribution<float> biasDistribution(0.0f, 0.1f);
  std::vector<float> bias(kHidden);
  for (float& b : bias)
    b = biasDistribution(rng);
  auto grid = [](int32_t n) {
    return std::array<float, 2>{static_cast<float>(n % kColumns), static_cast<float>(n / kColumns)};
  };
  builder.create<gyrus::snn::PopulationOp>(loc, "x", kInputs, gyrus::snn::NeuronModel::Input,
                                           nullptr, nullptr, nullptr);
  builder.create<gyrus::snn::PopulationOp>(
      loc, "h", kHidden, gyrus::snn::NeuronModel::LeakySigmaDelta,
      builder.getDictionaryAttr(
          {builder.getNamedAttr("alpha", builder.getF64FloatAttr(0.2)),
           builder.getNamedAttr("bias", blob(&context, "h_bias", builder.getF32Type(),
                                             std::move(bias), {kHidden}))}),
      nullptr, positions(&context, "h_positions", kHidden, grid));
  const int32_t outputsPerRow = kColumns / kOutputPatchX;
  builder.create<gyrus::snn::PopulationOp>(
      loc, "y", kOutputs, gyrus::snn::NeuronModel::Linear, nullptr, nullptr,
      positions(&context, "y_positions", kOutputs, [&](int32_t j) {
        return std::array<float, 2>{(j % outputsPerRow + 0.5f) * kOutputPatchX,
                                    (j / outputsPerRow + 0.5f) * kOutputPatchY};
      }));

  const int32_t inputsPerRow = kColumns / kInputPatch;
  addProjection(
      builder, "w_in", "x", "h", kHidden,
      [&](int32_t n, std::vector<int32_t>& out) {
        out.push_back((n / kColumns / kInputPatch) * inputsPerRow + (n % kColumns) / kInputPatch);
      },
      rng);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  std::uniform_int_distribution<int32_t> anywhere(0, kHidden - 1);
  addProjection(
      builder, "w_rec", "h", "h", kHidden,
      [&](int32_t n, std::vector<int32_t>& out) {
        const int32_t x = n % kColumns, y = n / kColumns;
        for (int32_t k = 0; k < kLocalPerNeuron;) {
          const double radius = kRadius * std::sqrt(unit(rng)), angle = 2 * M_PI * unit(rng);
          const auto sx = static_cast<int32_t>(std::lround(x + radius * std::cos(angle)));
          const auto sy = static_cast<int32_t>(std::lround(y + radius * std::sin(angle)));
          if (sx < 0 || sx >= kColumns || sy < 0 || sy >= kRows || (sx == x && sy == y))
            continue;
          out.push_back(sy * kColumns + sx);
          ++k;
        }
        for (int32_t k = 0; k < kLongRangePerNeuron; ++k)
          out.push_back(anywhere(rng));
      },
      rng);
  addProjection(
      builder, "w_out", "h", "y", kOutputs,
      [&](int32_t j, std::vector<int32_t>& out) {
        const int32_t x0 = (j % outputsPerRow) * kOutputPatchX;
        const int32_t y0 = (j / outputsPerRow) * kOutputPatchY;
        for (int32_t y = y0; y < y0 + kOutputPatchY; ++y)
          for (int32_t x = x0; x < x0 + kOutputPatchX; ++x)
            out.push_back(y * kColumns + x);
      },
      rng);
  std::error_code ec;
  llvm::raw_fd_ostream os(path.string(), ec);
  if (ec || failed(writeBytecodeToFile(*module, os)))
    return 1;
  return 0;
}

/// The loihi2 preset with kChips chips, as a description file.
int writeTarget(const std::filesystem::path& path) {
  gyrus::target::TargetDescription target = gyrus::target::load_preset("loihi2");
  target.name = "loihi2x" + std::to_string(kChips);
  target.mesh.chips = kChips;
  std::ofstream out(path);
  out << gyrus::target::to_json(target).dump(2) << '\n';
  return out.flush() ? 0 : 1;
}

/// What the child reports: seconds per stage, cores, image bytes, and the peak resident
/// memory reached by the end of each stage (which stage raises the peak).
enum Result {
  Front,
  Partition,
  Convert,
  Place,
  Route,
  Emit,
  Cores,
  ImageBytes,
  PeakAfterFront,
  NumResults = PeakAfterFront + Emit + 1
};

struct Strategy {
  std::string partition, placement;
  double annealTimeBudget = 0;
};

/// Runs the pipeline; fills `results`. Returns 0 on success.
int runPipeline(const Strategy& strategy, std::array<double, NumResults>& results) {
  MLIRContext context;
  context.disableMultithreading(); // as `gyrus compile`: the passes are sequential
  ScopedDiagnosticHandler handler(&context, [](Diagnostic& diagnostic) {
    std::fprintf(stderr, "%s\n", diagnostic.str().c_str());
    return success();
  });
  gyrus::CompileOptions options;
  options.target = gTarget.string();
  auto clock = std::chrono::steady_clock::now();
  auto lap = [&clock] {
    auto now = std::chrono::steady_clock::now();
    double seconds = std::chrono::duration<double>(now - clock).count();
    clock = now;
    return seconds;
  };
  OwningOpRef<ModuleOp> module = gyrus::loadNetwork(gNetwork.string(), options, &context);
  if (!module || failed(gyrus::runCompilePipeline(*module, options)))
    return 1;
  results[Front] = lap();
  results[PeakAfterFront] = gyrus::bench::peak_resident_mib();
  const std::filesystem::path image = tempPath("_" + strategy.partition + ".gimg");
  auto stage = [&](Result result, const std::function<void(OpPassManager&)>& add) {
    PassManager pm(&context);
    add(pm);
    bool ok = succeeded(pm.run(*module));
    results[result] = lap();
    results[PeakAfterFront + result] = gyrus::bench::peak_resident_mib();
    return ok;
  };
  gyrus::SnnPartitionOptions partition;
  partition.target = gTarget.string();
  partition.strategy = strategy.partition;
  partition.seed = 1;
  partition.annealTimeBudget = strategy.annealTimeBudget;
  gyrus::ConvertSnnToChipOptions convert;
  convert.target = gTarget.string();
  gyrus::ChipPlaceOptions place;
  place.target = gTarget.string();
  place.strategy = strategy.placement;
  place.seed = 1;
  gyrus::ChipEmitImageOptions emit;
  emit.target = gTarget.string();
  emit.output = image.string();
  bool ok = stage(Partition,
                  [&](OpPassManager& pm) {
                    pm.addNestedPass<gyrus::snn::NetworkOp>(gyrus::createSnnPartition(partition));
                  }) &&
            stage(Convert,
                  [&](OpPassManager& pm) { pm.addPass(gyrus::createConvertSnnToChip(convert)); }) &&
            stage(Place,
                  [&](OpPassManager& pm) {
                    pm.addNestedPass<gyrus::chip::ChipOp>(gyrus::createChipPlace(place));
                  }) &&
            stage(Route,
                  [&](OpPassManager& pm) {
                    pm.addNestedPass<gyrus::chip::ChipOp>(gyrus::createChipRoute());
                  }) &&
            stage(Emit, [&](OpPassManager& pm) { pm.addPass(gyrus::createChipEmitImage(emit)); });
  if (!ok)
    return 1;
  results[Cores] = 0;
  for (auto chip : module->getOps<gyrus::chip::ChipOp>())
    for (auto core : chip.getBody()->getOps<gyrus::chip::CoreOp>()) {
      (void)core;
      ++results[Cores];
    }
  std::error_code ec;
  results[ImageBytes] = static_cast<double>(std::filesystem::file_size(image, ec));
  std::filesystem::remove(image, ec);
  return 0;
}

void BM_Backend(benchmark::State& state, Strategy strategy) {
  for (auto _ : state) {
    int pipe_ends[2];
    if (pipe(pipe_ends) != 0) {
      state.SkipWithError("cannot create a pipe");
      return;
    }
    pid_t child = fork();
    if (child == 0) {
      close(pipe_ends[0]);
      std::array<double, NumResults> results{};
      int code = runPipeline(strategy, results);
      if (code == 0 && write(pipe_ends[1], results.data(), sizeof results) != sizeof results)
        code = 1;
      _exit(code);
    }
    close(pipe_ends[1]);
    std::array<double, NumResults> results{};
    const ssize_t got = read(pipe_ends[0], results.data(), sizeof results);
    close(pipe_ends[0]);
    int status = 0;
    rusage usage{};
    if (child < 0 || wait4(child, &status, 0, &usage) != child || !WIFEXITED(status) ||
        WEXITSTATUS(status) != 0 || got != static_cast<ssize_t>(sizeof results)) {
      state.SkipWithError("the pipeline failed (see the diagnostics above)");
      return;
    }
    const double backend =
        results[Partition] + results[Convert] + results[Place] + results[Route] + results[Emit];
    state.SetIterationTime(backend);
    const char* names[] = {"import_quantize_s", "partition_s", "convert_s",
                           "place_s",           "route_s",     "emit_image_s"};
    for (int r = Front; r <= Emit; ++r)
      state.counters[names[r]] = results[r];
    // Which stage raises the peak, on stderr beside the table.
    for (int r = Front; r <= Emit; ++r)
      std::fprintf(stderr, "  %s/%s: peak resident memory after %s: %.0f MiB\n",
                   strategy.partition.c_str(), strategy.placement.c_str(), names[r],
                   results[PeakAfterFront + r]);
    state.counters["total_s"] = backend + results[Front];
    state.counters["cores"] = results[Cores];
    state.counters["image_MiB"] = results[ImageBytes] / (1 << 20);
    state.counters["peak_rss_MiB"] = static_cast<double>(usage.ru_maxrss) / 1024.0;
  }
}

BENCHMARK_CAPTURE(BM_Backend, spatial, Strategy{"spatial", "spatial"})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseManualTime();
BENCHMARK_CAPTURE(BM_Backend, metis, Strategy{"metis", "spatial"})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseManualTime();
// The annealer refines spatial within its iteration budget, capped by the time budget
// (anneal-time-budget) so that a large network cannot run away with the compile.
BENCHMARK_CAPTURE(BM_Backend, anneal_budget_20s, Strategy{"anneal", "spatial", 20.0})
    ->Iterations(1)
    ->Unit(benchmark::kSecond)
    ->UseManualTime();

} // namespace

int main(int argc, char** argv) {
  gNetwork = tempPath(".mlirbc");
  gTarget = tempPath("_target.json");
  // The child's memory (the network as built) stays out of this process.
  pid_t child = fork();
  if (child == 0)
    _exit(writeNetwork(gNetwork) || writeTarget(gTarget));
  int status = 0;
  if (child < 0 || waitpid(child, &status, 0) != child || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "gyrus_backend_bench: cannot write the synthetic network\n");
    return 1;
  }
  std::fprintf(
      stderr, "synthetic network: %s (%.0f MiB of bytecode), target %s\n", gNetwork.c_str(),
      static_cast<double>(std::filesystem::file_size(gNetwork)) / (1 << 20), gTarget.c_str());
  benchmark::Initialize(&argc, argv);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  std::filesystem::remove(gNetwork);
  std::filesystem::remove(gTarget);
  return 0;
}
