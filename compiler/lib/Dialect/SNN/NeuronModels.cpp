//===- NeuronModels.cpp - the parameters each neuron model accepts ----------===//
//
// The ranges of the integer forms are Loihi's register formats (Davies et al. 2018,
// Lava's PyLifModelBitAcc and PySigmaDeltaModelFixed): 12-bit decays, a 17-bit
// threshold mantissa, a 13-bit signed bias mantissa with a 3-bit exponent, and 24-bit
// state for the sigma-delta family. docs/ir-reference.md has the same tables.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/SNN/NeuronModels.h"

#include "gyrus/Support/ElementsAccess.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>

using namespace mlir;

namespace gyrus::snn {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kMaxState = (1 << 23) - 1; // 24-bit signed state
constexpr double kMaxRefractory = (1u << 31) - 1;

constexpr ParamType R = ParamType::Real;
constexpr ParamType I = ParamType::Integer;

// Columns: name, type, required, per-neuron, min, max, min exclusive.
constexpr ParamSpec kCubaLif[] = {
    {"decay_u", R, true, false, 0, 1, false}, // fraction of the current lost per step
    {"decay_v", R, true, false, 0, 1, false}, // fraction of the voltage lost per step
    // Absent: the neuron never spikes (NIR's LI and CubaLI, leaky integrator readouts).
    {"v_threshold", R, false, false, 0, kInf, false},
    {"bias", R, false, true, -kInf, kInf, false},
    {"refractory", I, false, false, 0, kMaxRefractory, false}, // steps held at 0 after a spike
};
constexpr ParamSpec kSigmaDelta[] = {
    {"v_threshold", R, false, false, 0, kInf, false},
    {"bias", R, false, true, -kInf, kInf, false},
};
constexpr ParamSpec kLeakySigmaDelta[] = {
    {"alpha", R, true, false, 0, 1, true}, // dt / tau of the leaky RNN
    {"v_threshold", R, false, false, 0, kInf, false},
    {"bias", R, false, true, -kInf, kInf, false},
};
constexpr ParamSpec kLinear[] = {
    {"bias", R, false, true, -kInf, kInf, false},
};

constexpr ParamSpec kCubaLifFixed[] = {
    {"du", I, true, false, 0, 4095, false},
    {"dv", I, true, false, 0, 4095, false},
    {"vth_mant", I, false, false, 0, (1 << 17) - 1, false}, // absent: never spikes
    {"bias_mant", I, false, true, -(1 << 12), (1 << 12) - 1, false},
    {"bias_exp", I, false, false, 0, 7, false},
    {"refractory", I, false, false, 0, 63, false},
};
constexpr ParamSpec kSigmaDeltaFixed[] = {
    {"vth", I, true, false, 0, kMaxState, false},
    {"bias", I, false, true, -kMaxState - 1, kMaxState, false},
    {"state_exp", I, false, false, 0, 7, false},
};
constexpr ParamSpec kLeakySigmaDeltaFixed[] = {
    {"alpha_q", I, true, false, 1, 4096, false}, // round(alpha * 4096)
    {"vth", I, false, false, 0, kMaxState, false},
    {"bias", I, false, true, -kMaxState - 1, kMaxState, false},
    // sigma holds the pre-activation with this many extra fraction bits, so that
    // weights with a negative weight_exp accumulate exactly (docs/quantization.md).
    {"sigma_frac_bits", I, false, false, 0, 24, false},
};
constexpr ParamSpec kLinearFixed[] = {
    {"bias", I, false, true, -kMaxState - 1, kMaxState, false},
    {"sigma_frac_bits", I, false, false, 0, 24, false},
};

bool inRange(const ParamSpec& spec, double value) {
  bool aboveMin = spec.minExclusive ? value > spec.min : value >= spec.min;
  return aboveMin && value <= spec.max;
}

std::string formatNumber(double value, bool integer) {
  if (std::isinf(value))
    return value > 0 ? "inf" : "-inf";
  char text[32];
  if (integer)
    std::snprintf(text, sizeof text, "%lld", static_cast<long long>(value));
  else
    std::snprintf(text, sizeof text, "%g", value);
  return text;
}

std::string formatRange(const ParamSpec& spec) {
  bool integer = spec.type == ParamType::Integer;
  std::string text = spec.minExclusive || std::isinf(spec.min) ? "(" : "[";
  text += formatNumber(spec.min, integer) + ", " + formatNumber(spec.max, integer);
  return text + (std::isinf(spec.max) ? ")" : "]");
}

LogicalResult verifyScalar(Operation* op, StringRef dictName, const ParamSpec& spec,
                           Attribute value) {
  auto error = [&] { return op->emitOpError() << dictName << "." << spec.name; };
  double number = 0;
  if (spec.type == ParamType::Integer) {
    auto integer = dyn_cast<IntegerAttr>(value);
    if (!integer || !integer.getType().isSignlessInteger() ||
        integer.getValue().getSignificantBits() > 64)
      return error() << " must be an integer" << (spec.perNeuron ? " or an integer array" : "")
                     << ", not " << value;
    number = static_cast<double>(integer.getValue().getSExtValue());
  } else {
    auto real = dyn_cast<FloatAttr>(value);
    if (!real)
      return error() << " must be a float" << (spec.perNeuron ? " or a float array" : "")
                     << ", not " << value;
    number = real.getValueAsDouble();
    if (!std::isfinite(number))
      return error() << " must be finite, not " << value;
  }
  if (!inRange(spec, number))
    return error() << " = " << formatNumber(number, spec.type == ParamType::Integer)
                   << " is out of range " << formatRange(spec);
  return success();
}

LogicalResult verifyArray(Operation* op, StringRef dictName, const ParamSpec& spec,
                          ElementsAttr array, int64_t size) {
  auto error = [&] { return op->emitOpError() << dictName << "." << spec.name; };
  if (!spec.perNeuron)
    return error() << " must be a scalar: the model sets it once per population";
  bool integer = spec.type == ParamType::Integer;
  std::string what = (dictName + "." + spec.name).str();
  if (failed(verifyNumericArray(op, array, what, integer)))
    return failure();
  ArrayRef<int64_t> shape = array.getShapedType().getShape();
  if (shape.size() != 1 || shape[0] != size)
    return error() << " has shape " << formatShape(shape) << " but the population has " << size
                   << " neurons (expected [" << size << "])";
  std::optional<std::pair<int64_t, double>> bad;
  auto check = [&](int64_t index, double value) {
    if (std::isfinite(value) && inRange(spec, value))
      return true;
    bad = {index, value};
    return false;
  };
  if (integer)
    visitIntegers(array, [&](int64_t i, int64_t v) { return check(i, static_cast<double>(v)); });
  else
    visitFloats(array, check);
  if (bad)
    return error() << "[" << bad->first << "] = " << formatNumber(bad->second, integer)
                   << " is out of range " << formatRange(spec);
  return success();
}

} // namespace

ArrayRef<ParamSpec> getParamSpecs(NeuronModel model, bool fixed) {
  switch (model) {
  case NeuronModel::Input:
    return {};
  case NeuronModel::CubaLif:
    return fixed ? ArrayRef<ParamSpec>(kCubaLifFixed) : ArrayRef<ParamSpec>(kCubaLif);
  case NeuronModel::SigmaDelta:
    return fixed ? ArrayRef<ParamSpec>(kSigmaDeltaFixed) : ArrayRef<ParamSpec>(kSigmaDelta);
  case NeuronModel::LeakySigmaDelta:
    return fixed ? ArrayRef<ParamSpec>(kLeakySigmaDeltaFixed)
                 : ArrayRef<ParamSpec>(kLeakySigmaDelta);
  case NeuronModel::Linear:
    return fixed ? ArrayRef<ParamSpec>(kLinearFixed) : ArrayRef<ParamSpec>(kLinear);
  }
  llvm_unreachable("unknown neuron model");
}

LogicalResult verifyParams(Operation* op, StringRef dictName, DictionaryAttr params,
                           NeuronModel model, bool fixed, int64_t size) {
  ArrayRef<ParamSpec> specs = getParamSpecs(model, fixed);
  StringRef modelName = stringifyNeuronModel(model);
  if (params) {
    for (NamedAttribute entry : params) {
      const ParamSpec* spec = llvm::find_if(
          specs, [&](const ParamSpec& s) { return s.name == entry.getName().getValue(); });
      if (spec == specs.end()) {
        InFlightDiagnostic diag = op->emitOpError()
                                  << dictName << ": model '" << modelName << "' has no parameter '"
                                  << entry.getName().getValue() << "'";
        if (specs.empty())
          return diag << " (it takes none)";
        diag << " (it takes ";
        llvm::interleaveComma(specs, diag, [&](const ParamSpec& s) { diag << s.name; });
        return diag << ")";
      }
      LogicalResult result =
          isa<ElementsAttr>(entry.getValue())
              ? verifyArray(op, dictName, *spec, cast<ElementsAttr>(entry.getValue()), size)
              : verifyScalar(op, dictName, *spec, entry.getValue());
      if (failed(result))
        return failure();
    }
  }
  for (const ParamSpec& spec : specs)
    if (spec.required && !(params && params.get(spec.name)))
      return op->emitOpError() << dictName << ": model '" << modelName << "' needs parameter '"
                               << spec.name << "'";
  return success();
}

} // namespace gyrus::snn
