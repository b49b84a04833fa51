// The back half of the pipeline on random networks: snn-quantize, snn-partition,
// convert-snn-to-chip, chip-place, chip-route, then the image. Whatever the strategy and
// seed, the chip must hold every neuron once and exactly the network's synapses (traced
// back through the host maps and axon tables), pass its verifier, give an image that
// reads back equal through runtime/image's loader, and give the same bytes twice.
#include "gyrus/Dialect/Chip/ChipOps.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Target/Image/EmitImage.h"
#include "gyrus/Transforms/Passes.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "runtime/image/loader.h"

#include <algorithm>
#include <gtest/gtest.h>
#include <map>
#include <random>
#include <string>
#include <tuple>
#include <vector>

using namespace mlir;
namespace snn = gyrus::snn;
namespace chip = gyrus::chip;

namespace {

/// One synapse: source (population, neuron), target (population, neuron), mantissa,
/// delay.
using Synapse = std::tuple<std::string, int64_t, std::string, int64_t, int64_t, int64_t>;

struct Shape {
  uint64_t seed;
  snn::NeuronModel hidden;
};

/// A random recurrent network: input -> hidden (positions on a grid, dense input
/// weights), hidden -> hidden (CSR with per-synapse delays), hidden -> output (dense).
OwningOpRef<ModuleOp> randomNetwork(MLIRContext& context, const Shape& shape) {
  std::mt19937_64 rng(shape.seed);
  auto uniform = [&](int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng); };
  const int inputs = uniform(5, 40), side = uniform(6, 16), outputs = uniform(2, 20);
  const int hidden = side * uniform(6, 16);
  const double recDensity = std::uniform_real_distribution<double>(0.02, 0.3)(rng);
  std::normal_distribution<float> normal(0.0f, 0.3f);
  std::bernoulli_distribution keepInput(0.5), keepRec(recDensity);

  OpBuilder builder(&context);
  Location loc = builder.getUnknownLoc();
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto ref = [&](StringRef name) { return FlatSymbolRefAttr::get(&context, name); };
  auto network = builder.create<snn::NetworkOp>(loc, "net", builder.getArrayAttr({ref("x")}),
                                                builder.getArrayAttr({ref("y")}));
  builder.setInsertionPointToEnd(network.getBody());
  auto f32 = [&](ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  };
  auto blob = [&](StringRef name, ArrayRef<int64_t> dims, ArrayRef<float> values) {
    return cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
        f32(dims), name, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(values)));
  };
  auto f64 = [&](double v) { return builder.getF64FloatAttr(v); };

  builder.create<snn::PopulationOp>(loc, "x", inputs, snn::NeuronModel::Input, DictionaryAttr(),
                                    DictionaryAttr(), ElementsAttr());
  std::vector<float> bias(hidden), positions;
  for (float& b : bias)
    b = normal(rng);
  for (int n = 0; n < hidden; ++n)
    positions.insert(positions.end(), {static_cast<float>(n % side), static_cast<float>(n / side)});
  NamedAttrList params;
  params.append("bias", blob("h_bias", {hidden}, bias));
  if (shape.hidden == snn::NeuronModel::CubaLif) {
    params.append("decay_u", f64(0.1));
    params.append("decay_v", f64(0.2));
    params.append("v_threshold", f64(1.0));
  } else {
    params.append("alpha", f64(0.2));
  }
  builder.create<snn::PopulationOp>(loc, "h", hidden, shape.hidden, params.getDictionary(&context),
                                    DictionaryAttr(), blob("h_pos", {hidden, 2}, positions));
  builder.create<snn::PopulationOp>(loc, "y", outputs, snn::NeuronModel::Linear, DictionaryAttr(),
                                    DictionaryAttr(), ElementsAttr());

  auto dense = [&](StringRef name, StringRef from, StringRef to, int rows, int cols,
                   std::bernoulli_distribution& keep) {
    std::vector<float> w(static_cast<size_t>(rows) * cols);
    for (float& v : w)
      v = keep(rng) ? normal(rng) : 0.0f;
    builder.create<snn::ProjectionOp>(loc, name, from, to, blob(name, {rows, cols}, w),
                                      ElementsAttr(), ElementsAttr(), IntegerAttr(), Attribute());
  };
  dense("w_in", "x", "h", hidden, inputs, keepInput);
  // w_rec as CSR with a delay per synapse.
  std::vector<int32_t> indptr{0}, indices, delays;
  std::vector<float> values;
  for (int r = 0; r < hidden; ++r) {
    for (int c = 0; c < hidden; ++c)
      if (keepRec(rng)) {
        indices.push_back(c);
        values.push_back(normal(rng));
        delays.push_back(uniform(0, 3));
      }
    indptr.push_back(static_cast<int32_t>(indices.size()));
  }
  auto i32 = [&](ArrayRef<int32_t> v) -> ElementsAttr {
    return DenseElementsAttr::get(
        RankedTensorType::get({static_cast<int64_t>(v.size())}, builder.getI32Type()), v);
  };
  builder.create<snn::ProjectionOp>(loc, "w_rec", "h", "h",
                                    blob("w_rec", {static_cast<int64_t>(values.size())}, values),
                                    i32(indptr), i32(indices), IntegerAttr(), i32(delays));
  std::bernoulli_distribution all(1.0);
  dense("w_out", "h", "y", outputs, hidden, all);
  return module;
}

/// The quantized network's nonzero synapses, read straight off the projections.
std::vector<Synapse> networkSynapses(snn::NetworkOp network) {
  SymbolTable symbols(network);
  std::vector<Synapse> synapses;
  for (auto projection : network.getBody()->getOps<snn::ProjectionOp>()) {
    auto source = symbols.lookup<snn::PopulationOp>(projection.getSource());
    int64_t cols = source.getSize();
    std::vector<int64_t> weights = *gyrus::readIntegers(projection.getWeights());
    std::vector<int64_t> delays;
    if (auto attr = projection.getDelays())
      delays = *gyrus::readIntegers(cast<ElementsAttr>(*attr));
    auto add = [&](int64_t k, int64_t from, int64_t to) {
      if (weights[k] != 0)
        synapses.emplace_back(projection.getSource().str(), from, projection.getTarget().str(), to,
                              weights[k], delays.empty() ? 0 : delays[k]);
    };
    if (!projection.isSparse()) {
      for (int64_t k = 0; k < static_cast<int64_t>(weights.size()); ++k)
        add(k, k % cols, k / cols);
      continue;
    }
    std::vector<int64_t> indptr = *gyrus::readIntegers(*projection.getIndptr());
    std::vector<int64_t> indices = *gyrus::readIntegers(*projection.getIndices());
    for (int64_t t = 0; t + 1 < static_cast<int64_t>(indptr.size()); ++t)
      for (int64_t k = indptr[t]; k < indptr[t + 1]; ++k)
        add(k, indices[k], t);
  }
  std::sort(synapses.begin(), synapses.end());
  return synapses;
}

using Neuron = std::pair<std::string, int64_t>;

/// The chip's synapses, each traced back to its source neuron through the host input
/// maps and the axon tables. Fails the test if two sources claim one input axon.
std::vector<Synapse> chipSynapses(chip::ChipOp chipOp, std::map<Neuron, int>& placedNeurons) {
  std::map<std::pair<int64_t, int64_t>, Neuron> sourceOf; // (core, axon) -> neuron
  auto claim = [&](int64_t core, int64_t axon, Neuron neuron) {
    EXPECT_TRUE(sourceOf.emplace(std::pair{core, axon}, neuron).second)
        << "axon " << axon << " of core " << core << " has two sources";
  };
  auto fanout = [&](ElementsAttr indptrAttr, ElementsAttr coresAttr, ElementsAttr axonsAttr,
                    auto neuronOfRow) {
    std::vector<int64_t> indptr = *gyrus::readIntegers(indptrAttr);
    std::vector<int64_t> cores = *gyrus::readIntegers(coresAttr);
    std::vector<int64_t> axons = *gyrus::readIntegers(axonsAttr);
    for (int64_t row = 0; row + 1 < static_cast<int64_t>(indptr.size()); ++row)
      for (int64_t k = indptr[row]; k < indptr[row + 1]; ++k)
        claim(cores[k], axons[k], neuronOfRow(row));
  };
  std::map<int64_t, std::map<int64_t, Neuron>> residents; // core -> compartment -> neuron
  for (auto core : chipOp.getBody()->getOps<chip::CoreOp>())
    for (auto group : core.getBody()->getOps<chip::CompartmentsOp>())
      for (uint64_t i = 0; i < group.getCount(); ++i) {
        Neuron neuron{group.getPopulation().str(), static_cast<int64_t>(group.getOffset() + i)};
        residents[core.getId()][group.getFirst() + i] = neuron;
        ++placedNeurons[neuron];
      }
  for (auto input : chipOp.getBody()->getOps<chip::InputOp>())
    fanout(input.getIndptr(), input.getCores(), input.getAxons(), [&](int64_t row) {
      return Neuron{input.getName().str(), row};
    });
  for (auto core : chipOp.getBody()->getOps<chip::CoreOp>())
    for (auto table : core.getBody()->getOps<chip::AxonsOp>())
      fanout(table.getIndptr(), table.getCores(), table.getAxons(),
             [&](int64_t row) { return residents[core.getId()][row]; });

  std::vector<Synapse> synapses;
  for (auto core : chipOp.getBody()->getOps<chip::CoreOp>())
    for (auto block : core.getBody()->getOps<chip::SynapsesOp>()) {
      std::vector<int64_t> indptr = *gyrus::readIntegers(block.getIndptr());
      std::vector<int64_t> compartments = *gyrus::readIntegers(block.getCompartments());
      std::vector<int64_t> weights = *gyrus::readIntegers(block.getWeights());
      std::vector<int64_t> delays;
      if (auto attr = block.getDelays())
        delays = *gyrus::readIntegers(*attr);
      for (uint64_t a = 0; a < block.getNumAxons(); ++a) {
        auto source = sourceOf.find({core.getId(), block.getFirstAxon() + a});
        EXPECT_NE(source, sourceOf.end()) << "axon " << block.getFirstAxon() + a << " of core "
                                          << core.getId() << " has no source";
        if (source == sourceOf.end())
          continue;
        for (int64_t k = indptr[a]; k < indptr[a + 1]; ++k) {
          const Neuron& target = residents[core.getId()][compartments[k]];
          synapses.emplace_back(source->second.first, source->second.second, target.first,
                                target.second, weights[k], delays.empty() ? 0 : delays[k]);
        }
      }
    }
  std::sort(synapses.begin(), synapses.end());
  return synapses;
}

struct Result {
  std::vector<uint8_t> bytes;
  int64_t cores = 0;
};

/// Compiles the network of `shape` to an image and checks it along the way.
Result compileAndCheck(const Shape& shape, const gyrus::BackendOptions& options) {
  MLIRContext context;
  context.loadDialect<snn::SNNDialect, chip::ChipDialect>();
  context.disableMultithreading();
  OwningOpRef<ModuleOp> module = randomNetwork(context, shape);
  EXPECT_TRUE(succeeded(verify(*module)));

  PassManager front(&context);
  gyrus::addCompilePipeline(front, options.target, /*quantize=*/true, /*fracBits=*/12);
  EXPECT_TRUE(succeeded(front.run(*module)));
  snn::NetworkOp network = *module->getOps<snn::NetworkOp>().begin();
  std::vector<Synapse> expected = networkSynapses(network);
  int64_t onChip = 0;
  for (auto population : network.getBody()->getOps<snn::PopulationOp>())
    if (population.getModel() != snn::NeuronModel::Input)
      onChip += population.getSize();

  PassManager back(&context);
  gyrus::addBackendPipeline(back, options);
  if (failed(back.run(*module))) {
    ADD_FAILURE() << "the back end failed";
    return {};
  }
  EXPECT_TRUE(succeeded(verify(*module)));
  auto chips = module->getOps<chip::ChipOp>();
  EXPECT_EQ(std::distance(chips.begin(), chips.end()), 1);
  chip::ChipOp chipOp = *chips.begin();

  std::map<Neuron, int> placed;
  std::vector<Synapse> actual = chipSynapses(chipOp, placed);
  EXPECT_EQ(actual.size(), expected.size());
  EXPECT_TRUE(actual == expected) << "the chip's synapses differ from the network's";
  EXPECT_EQ(static_cast<int64_t>(placed.size()), onChip);
  for (const auto& [neuron, count] : placed)
    EXPECT_EQ(count, 1) << neuron.first << "[" << neuron.second << "] is placed " << count
                        << " times";

  std::string error;
  std::optional<gyrus::target::TargetDescription> target =
      gyrus::tryResolveTarget(options.target, error);
  EXPECT_TRUE(target) << error;
  FailureOr<gyrus::image::Image> image =
      gyrus::emitImage(chipOp, *target, gyrus::imageMetadata(chipOp));
  EXPECT_TRUE(succeeded(image));
  if (failed(image))
    return {};
  FailureOr<std::vector<uint8_t>> bytes = gyrus::serializeImage(chipOp, *image);
  EXPECT_TRUE(succeeded(bytes));
  if (failed(bytes))
    return {};
  EXPECT_EQ(image->metadata.frac_bits, 12u);
  EXPECT_EQ(image->inputs.at(0).spike_kind, shape.hidden == snn::NeuronModel::CubaLif
                                                ? gyrus::image::SpikeKind::Binary
                                                : gyrus::image::SpikeKind::Graded);
  EXPECT_TRUE(gyrus::image::parse_image(*bytes, "test") == *image)
      << "the image does not read back equal";
  Result result;
  result.bytes = std::move(*bytes);
  result.cores = static_cast<int64_t>(image->cores.size());
  return result;
}

class BackendTest
    : public ::testing::TestWithParam<std::tuple<uint64_t, std::string, std::string>> {};

TEST_P(BackendTest, KeepsEveryNeuronAndSynapseAndIsDeterministic) {
  auto [seed, partition, placement] = GetParam();
  for (snn::NeuronModel model : {snn::NeuronModel::LeakySigmaDelta, snn::NeuronModel::CubaLif}) {
    gyrus::BackendOptions options;
    options.target = "mini";
    options.partition = partition;
    options.placement = placement;
    options.seed = seed;
    Shape shape{seed * 7919 + static_cast<uint64_t>(model), model};
    Result first = compileAndCheck(shape, options);
    Result second = compileAndCheck(shape, options);
    EXPECT_GE(first.cores, 2);
    EXPECT_FALSE(first.bytes.empty());
    EXPECT_TRUE(first.bytes == second.bytes) << "same network and options, different bytes";
  }
}

INSTANTIATE_TEST_SUITE_P(
    Strategies, BackendTest,
    ::testing::Combine(::testing::Values(uint64_t{1}, uint64_t{2}, uint64_t{3}),
                       ::testing::Values("spatial", "linear", "random", "hilbert", "metis"),
                       ::testing::Values("spatial", "random")));
// Annealing runs its full 200000 iterations, a second each: one seed is enough.
INSTANTIATE_TEST_SUITE_P(Anneal, BackendTest,
                         ::testing::Combine(::testing::Values(uint64_t{4}),
                                            ::testing::Values("anneal"),
                                            ::testing::Values("anneal")));

TEST(BackendMinCores, SpreadsOverTheCoresAskedFor) {
  gyrus::BackendOptions options;
  options.target = "mini";
  options.minCores = 12;
  Result result = compileAndCheck({42, snn::NeuronModel::LeakySigmaDelta}, options);
  EXPECT_GE(result.cores, 12);
}

} // namespace
