//===- QuantizeModels.cpp - scales and exponents per neuron model -----------===//
//
// cuba_lif follows Lava's PyLifModelBitAcc and nengo-loihi's discretisation: one
// power-of-two scale S = 2^k state units per float unit of v for the whole population,
// as large as the 24-bit state, the 17-bit threshold, the weight exponent (at most 7)
// and the 13-bit bias mantissa allow. The graded models use a fixed unit of 2^-F and
// pick each projection's exponent from its largest weight alone, accumulating exactly
// in sigma. docs/quantization.md derives the formulas and the error bounds.
//
//===----------------------------------------------------------------------===//

#include "Quantize.h"
#include "TargetOption.h"
#include "mlir/IR/BuiltinTypes.h"

#include <cmath>
#include <optional>
#include <string>

using namespace mlir;
using namespace gyrus::snn;

namespace gyrus {
namespace {

constexpr int64_t kStateMax = (int64_t{1} << 23) - 1; // 24-bit signed state
constexpr int64_t kVthMantMax = (int64_t{1} << 17) - 1;
constexpr int64_t kBiasMantMin = -4096, kBiasMantMax = 4095; // 13-bit signed
constexpr int kBiasExpMax = 7;
constexpr double kHeadroom = 1 << 20; // 3 bits below the 24-bit state for u and v
/// The range searched for the cuba_lif scale exponent k.
constexpr int kScaleMin = -64, kScaleMax = 64;

std::optional<double> floatParam(PopulationOp population, StringRef name) {
  if (auto value = dyn_cast_or_null<FloatAttr>(population.getParam(name)))
    return value.getValueAsDouble();
  return std::nullopt;
}

double relativeError(double exact, double quantized) {
  return exact != 0 ? std::abs(exact - quantized) / std::abs(exact) : std::abs(quantized);
}

Attribute f64(MLIRContext* context, double value) {
  return FloatAttr::get(Float64Type::get(context), value);
}
Attribute i64(MLIRContext* context, int64_t value) {
  return IntegerAttr::get(IntegerType::get(context, 64), value);
}

void noteSaturation(PopulationResult& result, StringRef what, int64_t count) {
  if (!count)
    return;
  result.saturated += count;
  result.saturatedWhat.push_back((what + ": " + std::to_string(count)).str());
}

/// Rounds the bias into `name` with `rounding` and reports its error.
void quantizeBias(PopulationOp population, const Rounding& rounding, unsigned bits, StringRef name,
                  PopulationResult& result) {
  Attribute bias = population.getParam("bias");
  if (!bias)
    return;
  MLIRContext* context = population.getContext();
  ErrorStats errors;
  result.fixedParams.append(name, quantizeFloats(bias, rounding, bits, "_q", errors));
  result.report.append("bias_rel_rms", f64(context, errors.relRms()));
  result.report.append("bias_max_abs_error", f64(context, errors.maxAbsError));
  noteSaturation(result, "bias", errors.saturated);
}

/// Whether every bias b fits round(b * S / 2^exp) in the 13-bit mantissa.
bool biasFits(const ArrayStats& bias, double scale, int exp) {
  double factor = std::ldexp(scale, -exp);
  return std::round(bias.max * factor) <= kBiasMantMax &&
         std::round(bias.min * factor) >= kBiasMantMin;
}

/// The smallest cuba_lif weight_exp in [-7, 7] whose mantissas hold the largest
/// weight at scale 2^k: max|W| * 2^k / 2^(6 + e) <= m_max. 0 for all-zero weights.
std::optional<int> cubaWeightExp(const Incoming& in, int k) {
  if (in.stats.allZero())
    return 0;
  for (int e = -7; e <= 7; ++e)
    if (std::ldexp(in.stats.maxAbs, k - 6 - e) <= static_cast<double>(in.mantissaLimit))
      return e;
  return std::nullopt;
}

/// A projection whose largest weight rounds to 0 cannot carry anything.
LogicalResult checkNotVanishing(const Incoming& in, PopulationOp target, StringRef why) {
  if (in.stats.allZero() || std::round(in.stats.maxAbs * in.factor) != 0)
    return success();
  ProjectionOp op = in.op;
  return op.emitError() << "projection @" << op.getSymName()
                        << ": every weight rounds to 0 for target @" << target.getSymName()
                        << " (largest |w| = " << in.stats.maxAbs
                        << ", weight_exp = " << in.weightExp << ", the smallest allowed" << why
                        << "); the weights are too small to represent";
}

} // namespace

LogicalResult quantizeCubaLif(PopulationOp population, MutableArrayRef<Incoming> incoming,
                              PopulationResult& result) {
  MLIRContext* context = population.getContext();
  double decayU = *floatParam(population, "decay_u");
  double decayV = *floatParam(population, "decay_v");
  std::optional<double> threshold = floatParam(population, "v_threshold");
  Attribute biasAttr = population.getParam("bias");
  ArrayStats bias = biasAttr ? scanFloats(biasAttr) : ArrayStats{};

  // (a) The reference level that must stay 3 bits below the 24-bit state: the
  // threshold, or for a population that never spikes (or spikes at any v > 0) the
  // largest input a neuron can get in one step, its row sum of |W|.
  double reference = threshold.value_or(0);
  StringRef referenceName = "v_threshold";
  if (reference <= 0) {
    std::vector<double> rowSums(static_cast<size_t>(population.getSize()), 0.0);
    for (Incoming& in : incoming)
      scanWeights(in.op.getWeights(), in.op.getIndptr().value_or(ElementsAttr()), &rowSums);
    for (double sum : rowSums)
      reference = std::max(reference, sum);
    referenceName = "row_sum";
  }

  // The constraint k violates, if any (a-d of docs/quantization.md).
  auto violated = [&](int k) -> std::optional<std::string> {
    double scale = std::ldexp(1.0, k);
    if (reference > 0 && reference * scale > kHeadroom)
      return referenceName.str();
    if (threshold && std::round(*threshold * scale / 64) > kVthMantMax)
      return std::string("v_threshold");
    for (const Incoming& in : incoming)
      if (!cubaWeightExp(in, k))
        return "weights @" + in.op.getSymName().str();
    if (!biasFits(bias, scale, kBiasExpMax))
      return std::string("bias");
    return std::nullopt;
  };
  bool bounded = reference > 0 || bias.maxAbs > 0 ||
                 llvm::any_of(incoming, [](const Incoming& in) { return !in.stats.allZero(); });
  int k = 0;
  std::string bound = "none"; // nothing to represent: any scale does
  if (bounded) {
    bound = "range";
    for (k = kScaleMax; k >= kScaleMin; --k) {
      std::optional<std::string> problem = violated(k);
      if (!problem)
        break;
      bound = *problem;
    }
    if (k < kScaleMin)
      return population.emitError()
             << "population @" << population.getSymName()
             << ": no state scale represents it in cuba_lif's formats (" << bound
             << " does not fit even at 2^" << kScaleMin << " state units per unit of v)";
  }
  double scale = std::ldexp(1.0, k);

  // Weights: the smallest exponent that holds the largest weight, the finest grid.
  for (Incoming& in : incoming) {
    in.weightExp = *cubaWeightExp(in, k);
    in.factor = std::ldexp(1.0, k - 6 - in.weightExp);
    if (failed(checkNotVanishing(in, population,
                                 " at the state scale 2^" + std::to_string(k) + " that " + bound +
                                     " allows")))
      return failure();
  }

  // Decays: u and v lose (du + 1) / 4096 and dv / 4096 per step (Lava).
  int64_t du = std::clamp<int64_t>(std::llround(decayU * 4096) - 1, 0, 4095);
  int64_t dv = std::clamp<int64_t>(std::llround(decayV * 4096), 0, 4095);
  result.fixedParams.append("du", i64(context, du));
  result.fixedParams.append("dv", i64(context, dv));
  result.report.append("decay_u_rel_error", f64(context, relativeError(decayU, (du + 1) / 4096.)));
  result.report.append("decay_v_rel_error", f64(context, relativeError(decayV, dv / 4096.)));

  if (threshold) {
    int64_t vthMant = std::llround(*threshold * scale / 64);
    if (*threshold > 0 && vthMant == 0)
      return population.emitError()
             << "population @" << population.getSymName() << ": v_threshold = " << *threshold
             << " rounds to vth_mant = 0 at the state scale 2^" << k << " that " << bound
             << " allows; the weight (or bias) to threshold ratio is too large for cuba_lif";
    result.fixedParams.append("vth_mant", i64(context, vthMant));
    result.report.append("v_threshold_rel_error",
                         f64(context, relativeError(*threshold, vthMant * 64 / scale)));
  }

  if (biasAttr) {
    int biasExp = 0;
    while (biasExp < kBiasExpMax && !biasFits(bias, scale, biasExp))
      ++biasExp;
    result.fixedParams.append("bias_exp", i64(context, biasExp));
    quantizeBias(population, {std::ldexp(scale, -biasExp), kBiasMantMin, kBiasMantMax}, 16,
                 "bias_mant", result);
  }

  if (auto refractory = dyn_cast_or_null<IntegerAttr>(population.getParam("refractory"))) {
    int64_t steps = refractory.getInt();
    noteSaturation(result, "refractory", steps > 63);
    result.fixedParams.append("refractory", i64(context, std::min<int64_t>(steps, 63)));
  }

  result.report.append("v_scale_log2", i64(context, k));
  result.report.append("v_scale_bound", StringAttr::get(context, bound));
  return success();
}

LogicalResult quantizeGraded(PopulationOp population, MutableArrayRef<Incoming> incoming,
                             int fracBits, PopulationResult& result) {
  MLIRContext* context = population.getContext();
  NeuronModel model = population.getModel();
  ExpRange range = weightExpRange(model);

  // Each projection on its own: the smallest exponent whose mantissas hold its
  // largest weight. A weight needing more than 2^7 * m_max saturates.
  int smallestExp = 0;
  for (Incoming& in : incoming) {
    int e = 0;
    if (!in.stats.allZero()) {
      e = range.min;
      while (e < range.max &&
             std::ldexp(in.stats.maxAbs, -e) > static_cast<double>(in.mantissaLimit))
        ++e;
    }
    in.weightExp = e;
    in.factor = std::ldexp(1.0, -e);
    smallestExp = std::min(smallestExp, e);
    if (failed(checkNotVanishing(in, population, "")))
      return failure();
  }

  double unit = std::ldexp(1.0, fracBits); // state units per float unit
  if (model != NeuronModel::SigmaDelta) {
    // sigma keeps the fraction bits of the finest projection so that it sums exactly.
    result.fixedParams.append("sigma_frac_bits", i64(context, -smallestExp));
  } else {
    result.fixedParams.append("state_exp", i64(context, 0));
  }

  if (model == NeuronModel::LeakySigmaDelta) {
    double alpha = *floatParam(population, "alpha");
    int64_t rounded = std::llround(alpha * 4096);
    int64_t alphaQ = std::clamp<int64_t>(rounded, 1, 4096);
    noteSaturation(result, "alpha", alphaQ != rounded);
    result.fixedParams.append("alpha_q", i64(context, alphaQ));
    result.report.append("alpha_rel_error", f64(context, relativeError(alpha, alphaQ / 4096.)));
  }

  if (model != NeuronModel::Linear) {
    double threshold = floatParam(population, "v_threshold").value_or(0);
    ErrorStats errors;
    Attribute vth = quantizeFloats(FloatAttr::get(Float64Type::get(context), threshold),
                                   {unit, 0, kStateMax}, 64, "", errors);
    result.fixedParams.append("vth", vth);
    result.report.append("v_threshold_rel_error",
                         f64(context, relativeError(threshold, threshold - errors.maxAbsError)));
    noteSaturation(result, "v_threshold", errors.saturated);
  }

  quantizeBias(population, {unit, -kStateMax - 1, kStateMax}, 32, "bias", result);
  return success();
}

} // namespace gyrus
