// snn-quantize against the integer neuron models of runtime/ref: random networks are
// built in C++, quantized by the pass, and one step of the float dynamics is compared
// with one step of the integer dynamics from the same (representable) state. The
// differences must stay within docs/quantization.md's bounds, and must not be zero, or
// the test would not show that quantization happened.
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Transforms/Passes.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"
#include "runtime/ref/neuron_models.h"

#include <cmath>
#include <gtest/gtest.h>
#include <random>
#include <string>
#include <vector>

using namespace mlir;
namespace snn = gyrus::snn;
namespace ref = gyrus::ref;

namespace {

constexpr int kFracBits = 12;
const double kUnit = std::ldexp(1.0, -kFracBits); // one graded state unit
constexpr double kSlack = 1e-9;                   // the float reference's own rounding

/// A row-major [rows, cols] float matrix; zeros are absent synapses in CSR form.
struct Matrix {
  int64_t rows = 0, cols = 0;
  std::vector<float> values;
  float at(int64_t r, int64_t c) const { return values[r * cols + c]; }
};

Matrix randomMatrix(std::mt19937& rng, int64_t rows, int64_t cols, double stddev,
                    double density = 1.0) {
  std::normal_distribution<float> normal(0.0f, static_cast<float>(stddev));
  std::bernoulli_distribution keep(density);
  Matrix m{rows, cols, std::vector<float>(rows * cols)};
  for (float& v : m.values)
    v = keep(rng) ? normal(rng) : 0.0f;
  return m;
}

class QuantizeDynamics : public ::testing::Test {
protected:
  QuantizeDynamics() : builder(&context) {
    context.loadDialect<snn::SNNDialect>();
    module = ModuleOp::create(builder.getUnknownLoc());
  }

  RankedTensorType f32Tensor(ArrayRef<int64_t> shape) {
    return RankedTensorType::get(shape, builder.getF32Type());
  }
  ElementsAttr inlineArray(ArrayRef<int64_t> shape, ArrayRef<float> values) {
    return DenseElementsAttr::get(f32Tensor(shape), values);
  }
  ElementsAttr resourceArray(StringRef name, ArrayRef<int64_t> shape, ArrayRef<float> values) {
    return cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
        f32Tensor(shape), name, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(values)));
  }

  snn::NetworkOp createNetwork(StringRef input, StringRef output) {
    builder.setInsertionPointToEnd(module->getBody());
    auto ref = [&](StringRef name) { return FlatSymbolRefAttr::get(&context, name); };
    auto network = builder.create<snn::NetworkOp>(builder.getUnknownLoc(), "net",
                                                  builder.getArrayAttr({ref(input)}),
                                                  builder.getArrayAttr({ref(output)}));
    builder.setInsertionPointToEnd(network.getBody());
    return network;
  }
  snn::PopulationOp population(StringRef name, int64_t size, snn::NeuronModel model,
                               ArrayRef<NamedAttribute> params) {
    return builder.create<snn::PopulationOp>(builder.getUnknownLoc(), name, size, model,
                                             params.empty() ? DictionaryAttr()
                                                            : builder.getDictionaryAttr(params),
                                             /*fixed_params=*/nullptr, /*positions=*/nullptr);
  }
  /// Dense weights, inline or in a resource blob.
  snn::ProjectionOp dense(StringRef name, StringRef from, StringRef to, const Matrix& w,
                          bool resource) {
    ElementsAttr weights = resource ? resourceArray(name, {w.rows, w.cols}, w.values)
                                    : inlineArray({w.rows, w.cols}, w.values);
    return builder.create<snn::ProjectionOp>(builder.getUnknownLoc(), name, from, to, weights,
                                             ElementsAttr(), ElementsAttr(), IntegerAttr(),
                                             Attribute());
  }
  /// The nonzero entries of `w` as CSR, weights in a resource blob.
  snn::ProjectionOp csr(StringRef name, StringRef from, StringRef to, const Matrix& w) {
    std::vector<int32_t> indptr{0}, indices;
    std::vector<float> values;
    for (int64_t r = 0; r < w.rows; ++r) {
      for (int64_t c = 0; c < w.cols; ++c)
        if (w.at(r, c) != 0) {
          indices.push_back(static_cast<int32_t>(c));
          values.push_back(w.at(r, c));
        }
      indptr.push_back(static_cast<int32_t>(indices.size()));
    }
    auto i32 = [&](ArrayRef<int32_t> v) -> ElementsAttr {
      return DenseElementsAttr::get(
          RankedTensorType::get({static_cast<int64_t>(v.size())}, builder.getI32Type()), v);
    };
    return builder.create<snn::ProjectionOp>(
        builder.getUnknownLoc(), name, from, to,
        resourceArray(name, {static_cast<int64_t>(values.size())}, values), i32(indptr),
        i32(indices), IntegerAttr(), Attribute());
  }

  void quantize() {
    ASSERT_TRUE(succeeded(verify(*module)));
    PassManager pm(&context);
    gyrus::SnnQuantizeOptions options;
    options.target = "mini";
    options.fracBits = kFracBits;
    pm.addNestedPass<snn::NetworkOp>(gyrus::createSnnQuantize(options));
    ASSERT_TRUE(succeeded(pm.run(*module)));
    ASSERT_TRUE(succeeded(verify(*module)));
  }

  MLIRContext context;
  OpBuilder builder;
  OwningOpRef<ModuleOp> module;
};

/// A quantized projection read back: mantissas expanded to dense [rows, cols].
struct Mantissas {
  int weightExp = 0;
  std::vector<int64_t> m;
  int64_t cols = 0;
  int64_t at(int64_t r, int64_t c) const { return m[r * cols + c]; }
};

Mantissas readMantissas(snn::ProjectionOp op, int64_t rows, int64_t cols) {
  EXPECT_TRUE(op.isQuantized()) << op.getSymName().str();
  Mantissas result{static_cast<int>(op.getWeightExpAttr().getInt()),
                   std::vector<int64_t>(rows * cols, 0), cols};
  std::vector<int64_t> flat = gyrus::readIntegers(op.getWeights()).value();
  if (!op.isSparse())
    return {result.weightExp, flat, cols};
  std::vector<int64_t> indptr = gyrus::readIntegers(*op.getIndptr()).value();
  std::vector<int64_t> indices = gyrus::readIntegers(*op.getIndices()).value();
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t k = indptr[r]; k < indptr[r + 1]; ++k)
      result.m[r * cols + indices[k]] = flat[k];
  return result;
}

int64_t fixedInt(snn::PopulationOp population, StringRef name) {
  return cast<IntegerAttr>(population.getParam(name, /*fixed=*/true)).getInt();
}

std::vector<int64_t> fixedArray(snn::PopulationOp population, StringRef name) {
  return gyrus::readIntegers(cast<ElementsAttr>(population.getParam(name, /*fixed=*/true))).value();
}

double reportValue(Operation* op, StringRef key) {
  auto report = op->getAttrOfType<DictionaryAttr>("gyrus.quantization");
  Attribute value = report ? report.get(key) : Attribute();
  if (auto real = dyn_cast_or_null<FloatAttr>(value))
    return real.getValueAsDouble();
  if (auto integer = dyn_cast_or_null<IntegerAttr>(value))
    return static_cast<double>(integer.getInt());
  ADD_FAILURE() << "no gyrus.quantization." << key.str();
  return 0;
}

/// Σ_j m_ij * payload_j, the integer dot product a core accumulates.
int64_t dot(const Mantissas& w, int64_t row, const std::vector<int64_t>& payload) {
  int64_t sum = 0;
  for (int64_t j = 0; j < w.cols; ++j)
    sum += w.at(row, j) * payload[j];
  return sum;
}

// input -> leaky_sigma_delta hidden (with recurrence, CSR) -> linear output.
TEST_F(QuantizeDynamics, LeakySigmaDeltaAndLinearStayWithinTheBound) {
  const int64_t nIn = 6, nHidden = 24, nOut = 3;
  const double alpha = 0.3;
  std::mt19937 rng(7);
  Matrix wIn = randomMatrix(rng, nHidden, nIn, 0.6);
  Matrix wRec = randomMatrix(rng, nHidden, nHidden, 0.25, /*density=*/0.4);
  Matrix wOut = randomMatrix(rng, nOut, nHidden, 0.5);
  Matrix bHidden = randomMatrix(rng, 1, nHidden, 0.3);
  Matrix bOut = randomMatrix(rng, 1, nOut, 0.3);

  createNetwork("x", "y");
  population("x", nIn, snn::NeuronModel::Input, {});
  auto hidden = population(
      "h", nHidden, snn::NeuronModel::LeakySigmaDelta,
      {builder.getNamedAttr("alpha", builder.getF64FloatAttr(alpha)),
       builder.getNamedAttr("bias", resourceArray("h_bias", {nHidden}, bHidden.values))});
  auto out = population("y", nOut, snn::NeuronModel::Linear,
                        {builder.getNamedAttr("bias", inlineArray({nOut}, bOut.values))});
  auto in = dense("w_in", "x", "h", wIn, /*resource=*/false);
  auto rec = csr("w_rec", "h", "h", wRec);
  auto readout = dense("w_out", "h", "y", wOut, /*resource=*/true);
  quantize();

  Mantissas mIn = readMantissas(in, nHidden, nIn);
  Mantissas mRec = readMantissas(rec, nHidden, nHidden);
  Mantissas mOut = readMantissas(readout, nOut, nHidden);
  ref::LeakySigmaDeltaConfig hConfig{static_cast<int32_t>(fixedInt(hidden, "alpha_q")),
                                     static_cast<int32_t>(fixedInt(hidden, "vth")),
                                     static_cast<int32_t>(fixedInt(hidden, "sigma_frac_bits"))};
  ref::LinearConfig preActivation{hConfig.sigma_frac_bits};
  ref::LinearConfig yConfig{static_cast<int32_t>(fixedInt(out, "sigma_frac_bits"))};
  std::vector<int64_t> hBias = fixedArray(hidden, "bias"), yBias = fixedArray(out, "bias");
  EXPECT_EQ(hConfig.sigma_frac_bits, std::max({0, -mIn.weightExp, -mRec.weightExp}));
  EXPECT_GT(reportValue(rec, "rel_rms"), 0.0);

  // A random state the chip can hold: payloads and h in units of 2^-F.
  std::uniform_int_distribution<int64_t> level(0, 3 << (kFracBits - 1));
  std::vector<int64_t> x(nIn), h(nHidden);
  for (int64_t& v : x)
    v = level(rng);
  for (int64_t& v : h)
    v = level(rng);

  const double alphaQ = hConfig.alpha_q / 4096.0;
  double largestZError = 0, largestHError = 0;
  for (int64_t i = 0; i < nHidden; ++i) {
    // Integer: the sum of the deltas a receiver got equals h itself.
    int64_t acc = ref::align_to_sigma(dot(mIn, i, x), mIn.weightExp, hConfig.sigma_frac_bits) +
                  ref::align_to_sigma(dot(mRec, i, h), mRec.weightExp, hConfig.sigma_frac_bits);
    ref::LinearState zState;
    int64_t zInt = ref::step_linear(preActivation, static_cast<int32_t>(hBias[i]), acc, zState);
    ref::LeakySigmaDeltaState state{0, static_cast<int32_t>(h[i]), static_cast<int32_t>(h[i])};
    ref::step_leaky_sigma_delta(hConfig, static_cast<int32_t>(hBias[i]), acc, state);

    // Float, from the same state.
    double z = bHidden.values[i], xSum = 0, hSum = 0;
    for (int64_t j = 0; j < nIn; ++j) {
      z += wIn.at(i, j) * (x[j] * kUnit);
      xSum += x[j] * kUnit;
    }
    for (int64_t j = 0; j < nHidden; ++j) {
      z += wRec.at(i, j) * (h[j] * kUnit);
      hSum += wRec.at(i, j) != 0 ? h[j] * kUnit : 0;
    }
    double hOld = h[i] * kUnit;
    double hNew = hOld + alpha * (std::max(z, 0.0) - hOld);

    // |W - m 2^e| <= 2^(e-1) per weight; the bias rounds by half a unit, the floor of
    // sigma >> sigma_frac_bits loses less than one.
    double zBound = xSum * std::ldexp(1.0, mIn.weightExp - 1) +
                    hSum * std::ldexp(1.0, mRec.weightExp - 1) + 1.5 * kUnit;
    double zError = std::abs(z - zInt * kUnit);
    EXPECT_LE(zError, zBound + kSlack) << "neuron " << i;
    double actQ = std::max<double>(zInt, 0) * kUnit;
    double hBound = alpha * zBound + std::abs(alpha - alphaQ) * std::abs(actQ - hOld) + 0.5 * kUnit;
    double hError = std::abs(hNew - state.h * kUnit);
    EXPECT_LE(hError, hBound + kSlack) << "neuron " << i;
    largestZError = std::max(largestZError, zError);
    largestHError = std::max(largestHError, hError);
  }
  EXPECT_GT(largestZError, 0.0);
  EXPECT_GT(largestHError, 0.0);

  // The readout of h.
  double largestYError = 0;
  for (int64_t o = 0; o < nOut; ++o) {
    ref::LinearState state;
    int64_t acc = ref::align_to_sigma(dot(mOut, o, h), mOut.weightExp, yConfig.sigma_frac_bits);
    int64_t yInt = ref::step_linear(yConfig, static_cast<int32_t>(yBias[o]), acc, state);
    double y = bOut.values[o], hSum = 0;
    for (int64_t j = 0; j < nHidden; ++j) {
      y += wOut.at(o, j) * (h[j] * kUnit);
      hSum += h[j] * kUnit;
    }
    double bound = hSum * std::ldexp(1.0, mOut.weightExp - 1) + 1.5 * kUnit;
    double error = std::abs(y - yInt * kUnit);
    EXPECT_LE(error, bound + kSlack) << "output " << o;
    largestYError = std::max(largestYError, error);
  }
  EXPECT_GT(largestYError, 0.0);
}

// input spikes -> cuba_lif.
TEST_F(QuantizeDynamics, CubaLifStaysWithinTheBound) {
  const int64_t nIn = 16, nLif = 20;
  const double decayU = 0.3, decayV = 0.1, threshold = 1.0;
  std::mt19937 rng(11);
  Matrix w = randomMatrix(rng, nLif, nIn, 0.3);
  Matrix bias = randomMatrix(rng, 1, nLif, 0.05);

  createNetwork("x", "lif");
  population("x", nIn, snn::NeuronModel::Input, {});
  auto lif =
      population("lif", nLif, snn::NeuronModel::CubaLif,
                 {builder.getNamedAttr("decay_u", builder.getF64FloatAttr(decayU)),
                  builder.getNamedAttr("decay_v", builder.getF64FloatAttr(decayV)),
                  builder.getNamedAttr("v_threshold", builder.getF64FloatAttr(threshold)),
                  builder.getNamedAttr("bias", resourceArray("lif_bias", {nLif}, bias.values))});
  auto in = dense("w", "x", "lif", w, /*resource=*/true);
  quantize();

  Mantissas m = readMantissas(in, nLif, nIn);
  ref::CubaLifConfig config;
  config.du = static_cast<int32_t>(fixedInt(lif, "du"));
  config.dv = static_cast<int32_t>(fixedInt(lif, "dv"));
  config.vth_mant = static_cast<int32_t>(fixedInt(lif, "vth_mant"));
  config.bias_exp = static_cast<int32_t>(fixedInt(lif, "bias_exp"));
  std::vector<int64_t> biasMant = fixedArray(lif, "bias_mant");
  const int k = static_cast<int>(reportValue(lif, "v_scale_log2"));
  const double scale = std::ldexp(1.0, k); // state units per float unit of v
  EXPECT_GT(reportValue(in, "rel_rms"), 0.0);

  std::uniform_real_distribution<double> start(-0.4, 0.4);
  std::bernoulli_distribution spike(0.5);
  std::vector<int64_t> s(nIn);
  for (int64_t& v : s)
    v = spike(rng);

  const double decayUQ = (config.du + 1) / 4096.0, decayVQ = config.dv / 4096.0;
  const double halfWeightStep = std::ldexp(1.0, 6 + m.weightExp - 1) / scale;
  const double floorLoss = m.weightExp < 0 ? 64 / scale : 0; // Lava Dense's floor shift
  int compared = 0;
  double largestError = 0;
  for (int64_t i = 0; i < nLif; ++i) {
    ref::CubaLifState state{static_cast<int32_t>(std::lround(start(rng) * scale)),
                            static_cast<int32_t>(std::lround(start(rng) * scale)), 0};
    double u = state.u / scale, v = state.v / scale;
    bool spikedQ = ref::step_cuba_lif(config, static_cast<int32_t>(biasMant[i]),
                                      ref::shift_by_weight_exp(dot(m, i, s), m.weightExp), state);

    double input = 0, active = 0;
    for (int64_t j = 0; j < nIn; ++j) {
      input += w.at(i, j) * s[j];
      active += s[j];
    }
    double uNew = (1 - decayU) * u + input;
    double vNew = (1 - decayV) * v + uNew + bias.values[i];

    // Decays truncate by less than a state unit; each active synapse is off by at most
    // half a mantissa step; the bias by half a step of 2^bias_exp.
    double uBound =
        std::abs(decayU - decayUQ) * std::abs(u) + 1 / scale + active * halfWeightStep + floorLoss;
    double uError = std::abs(uNew - state.u / scale);
    EXPECT_LE(uError, uBound + kSlack) << "neuron " << i;
    largestError = std::max(largestError, uError);
    if (spikedQ || vNew > threshold)
      continue; // a spike resets v; the threshold's own error is in the report
    double vBound = std::abs(decayV - decayVQ) * std::abs(v) + 1 / scale + uBound +
                    std::ldexp(1.0, config.bias_exp - 1) / scale;
    double vError = std::abs(vNew - state.v / scale);
    EXPECT_LE(vError, vBound + kSlack) << "neuron " << i;
    largestError = std::max(largestError, vError);
    ++compared;
  }
  EXPECT_GT(compared, nLif / 2);
  EXPECT_GT(largestError, 0.0);
}

} // namespace
