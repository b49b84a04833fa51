//===- NIRNeurons.cpp - discretise NIR neuron nodes -------------------------===//
//
// Forward Euler at step dt, as Lava's NIR importer (paper/nir_to_lava.py) does:
// tau dv/dt = (v_leak - v) + r*I becomes v <- (1 - dt/tau) v + dt/tau*v_leak +
// r*dt/tau*I, and tau_syn dI/dt = -I + w_in*S becomes I <- (1 - dt/tau_syn) I +
// w_in*dt/tau_syn*S. snn's cuba_lif state u holds r*dt/tau_mem*I, so the factors that
// do not fit its equations multiply the incoming weights.
//
//===----------------------------------------------------------------------===//

#include "NIRNeurons.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

using namespace mlir;

namespace gyrus::nir {
namespace {

class NeuronReader {
public:
  NeuronReader(StringRef name, const NIRNode& node, double dt, Location loc)
      : name(name), node(node), dt(dt), loc(loc) {}

  InFlightDiagnostic error() { return emitError(loc) << "NIR node '" << name << "' "; }

  const NIRArray* get(StringRef key, bool required) {
    return findParam(name, node, key, required, loc, failed);
  }

  /// A parameter snn sets once per population: every neuron's value must agree.
  std::optional<double> uniform(StringRef key) {
    const NIRArray* array = get(key, true);
    if (!array || array->values.empty())
      return std::nullopt;
    double first = array->values.front();
    for (double v : array->values)
      if (v != first) {
        error() << "has different values of '" << key << "' (" << formatNumber(first) << " and "
                << formatNumber(v) << "); snn sets it once per population, so split the node";
        failed = true;
        return std::nullopt;
      }
    return first;
  }

  /// A per-neuron parameter as `size` values (a single value broadcasts).
  std::vector<double> perNeuron(StringRef key, int64_t size, double fallback) {
    bool ignored = false;
    const NIRArray* array = findParam(name, node, key, false, loc, ignored);
    if (!array)
      return std::vector<double>(size, fallback);
    if (array->count() == 1)
      return std::vector<double>(size, array->values.front());
    return array->values;
  }

  /// dt/tau, checked to lie in [0, 1] (tau = inf gives 0: no leak).
  std::optional<double> decay(StringRef key) {
    std::optional<double> tau = uniform(key);
    if (!tau)
      return std::nullopt;
    if (!(*tau > 0)) {
      error() << "has " << key << " = " << formatNumber(*tau)
              << "; time constants must be positive";
      return std::nullopt;
    }
    double value = dt / *tau;
    if (value > 1) {
      error() << "has " << key << " = " << formatNumber(*tau)
              << " s, below dt = " << formatNumber(dt) << " s, so its decay dt/" << key << " = "
              << formatNumber(value) << " exceeds 1; import with a smaller --nir-dt";
      return std::nullopt;
    }
    return value;
  }

  StringRef name;
  const NIRNode& node;
  double dt;
  Location loc;
  bool failed = false;
};

} // namespace

std::string formatNumber(double value) {
  char text[32];
  for (int precision = 6; precision <= 17; ++precision) {
    std::snprintf(text, sizeof text, "%.*g", precision, value);
    if (std::isnan(value) || std::strtod(text, nullptr) == value)
      break;
  }
  return text;
}

const NIRArray* findParam(StringRef name, const NIRNode& node, StringRef key, bool required,
                          Location loc, bool& failed) {
  auto it = node.params.find(key.str());
  if (it != node.params.end())
    return &it->second;
  if (required) {
    emitError(loc) << "NIR node '" << name << "' (" << node.type << ") has no dataset '" << key
                   << "'";
    failed = true;
  }
  return nullptr;
}

LogicalResult discretiseNeuron(StringRef name, const NIRNode& node, int64_t size, double dt,
                               Location loc, Discretised& out) {
  NeuronReader reader(name, node, dt, loc);
  StringRef type = node.type;
  bool cuba = type == "CubaLIF" || type == "CubaLI";
  bool spiking = type == "LIF" || type == "CubaLIF" || type == "IF";
  if (const NIRArray* reset = reader.get("v_reset", false))
    for (double v : reset->values)
      if (v != 0)
        return reader.error() << "resets to v_reset = " << formatNumber(v)
                              << "; gyrus's cuba_lif (Loihi) resets to 0";
  if (spiking) {
    out.threshold = reader.uniform("v_threshold");
    if (reader.failed)
      return failure();
  }
  std::vector<double> r = reader.perNeuron("r", size, 1.0);
  if (type == "IF") { // no leak, no synaptic filter: v <- v + r*I
    out.decayU = 1;
    out.decayV = 0;
    out.rowScale = r;
    out.biasScale = r;
    out.bias.assign(size, 0.0);
    return success();
  }
  std::optional<double> dv = reader.decay(cuba ? "tau_mem" : "tau");
  if (!dv)
    return failure();
  out.decayV = *dv;
  out.decayU = 1; // LIF, LI: the input enters v directly
  std::vector<double> wIn(size, 1.0);
  if (cuba) {
    std::optional<double> du = reader.decay("tau_syn");
    if (!du || !reader.get("w_in", true))
      return failure();
    out.decayU = *du;
    wIn = reader.perNeuron("w_in", size, 1.0);
  }
  std::vector<double> vLeak = reader.perNeuron("v_leak", size, 0.0);
  for (int64_t i = 0; i < size; ++i) {
    // A spike adds w_in*dt/tau_syn to I, and v gains r*dt/tau_mem*I per step. A constant
    // current b (an Affine bias) gives I = w_in*b in steady state, so v gains
    // w_in*r*dt/tau_mem*b per step: what a bias in v adds, exact at steady state.
    out.rowScale.push_back(wIn[i] * out.decayU * r[i] * out.decayV);
    out.biasScale.push_back(wIn[i] * r[i] * out.decayV);
    out.bias.push_back(vLeak[i] * out.decayV);
  }
  return success();
}

} // namespace gyrus::nir
