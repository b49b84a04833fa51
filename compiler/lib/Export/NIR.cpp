//===- NIR.cpp - snn networks to NIR graphs ---------------------------------===//
//
// The import (compiler/lib/Import/NIR.cpp) maps a neuron node to decays dt/tau and
// scales incoming weights by w_in*(dt/tau_syn)*r*(dt/tau_mem). Export picks the
// parameters that make that scale 1 (w_in = 1, r = 1/(decay_u*decay_v)) and time
// constants for which dt/tau gives back the decay bit for bit, so the weights go out
// unchanged and importing the file again gives the same network. Biases travel as
// v_leak = bias/decay_v; an IF neuron has no v_leak, so its bias rides on an Affine.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Export/NIR.h"

#include "gyrus/Support/ElementsAccess.h"
#include "mlir/IR/BuiltinAttributes.h"

#include "llvm/ADT/StringSet.h"

#include <cmath>
#include <cstdio>
#include <optional>

using namespace mlir;

namespace gyrus {
namespace {

/// "0.5", not "5.000000e-01", in diagnostics.
std::string text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", value);
  return buffer;
}

NIRArray uniformArray(int64_t size, double value) {
  return {{size}, std::vector<double>(size, value), /*isFloat64=*/true};
}

/// A tau with dt/tau == decay exactly in double arithmetic, found by nudging dt/decay
/// a few ulps either way (the quotient is monotonic in tau); else dt/decay itself.
double exactTau(double dt, double decay) {
  double guess = dt / decay;
  double down = guess, up = guess;
  for (int i = 0; i < 16; ++i) {
    if (dt / down == decay)
      return down;
    if (dt / up == decay)
      return up;
    down = std::nextafter(down, 0.0);
    up = std::nextafter(up, INFINITY);
  }
  return guess;
}

/// A parameter (scalar or per-neuron array) as `size` values.
std::optional<std::vector<double>> perNeuron(Attribute attr, int64_t size) {
  if (auto real = dyn_cast_or_null<FloatAttr>(attr))
    return std::vector<double>(size, real.getValueAsDouble());
  auto array = dyn_cast_or_null<ElementsAttr>(attr);
  if (!array)
    return std::nullopt;
  std::vector<double> values(size, 0.0);
  bool ok = visitFloats(array, [&](int64_t i, double v) {
    if (i < size)
      values[i] = v;
    return true;
  });
  return ok ? std::optional(values) : std::nullopt;
}

/// Dense [target, source] float weights of a projection (CSR ones spread out).
std::optional<std::vector<double>> denseWeights(snn::ProjectionOp projection, int64_t rows,
                                                int64_t cols) {
  std::vector<double> dense(rows * cols, 0.0);
  std::vector<double> values;
  if (!visitFloats(projection.getWeights(), [&](int64_t, double v) {
        values.push_back(v);
        return true;
      }))
    return std::nullopt;
  if (!projection.isSparse())
    return values;
  std::optional<std::vector<int64_t>> indptr = readIntegers(*projection.getIndptr());
  std::optional<std::vector<int64_t>> indices = readIntegers(*projection.getIndices());
  if (!indptr || !indices)
    return std::nullopt;
  for (int64_t row = 0; row < rows; ++row)
    for (int64_t k = (*indptr)[row]; k < (*indptr)[row + 1]; ++k)
      dense[row * cols + (*indices)[k]] = values[k];
  return dense;
}

class Exporter {
public:
  Exporter(snn::NetworkOp network, double dt) : network(network), dt(dt) {}
  LogicalResult run(NIRGraph& graph);

private:
  LogicalResult population(snn::PopulationOp pop, NIRGraph& graph);
  LogicalResult projection(snn::ProjectionOp projection, NIRGraph& graph);

  snn::NetworkOp network;
  double dt;
  llvm::StringMap<std::vector<double>> ifBias; // IF populations' biases, not yet placed
  llvm::StringMap<int64_t> sizes;
};

LogicalResult Exporter::population(snn::PopulationOp pop, NIRGraph& graph) {
  StringRef name = pop.getSymName();
  int64_t size = pop.getSize();
  sizes[name] = size;
  NIRNode node;
  if (pop.getModel() == snn::NeuronModel::Input) {
    node.type = "Input";
    node.params["shape"] = {{1}, {static_cast<double>(size)}, false};
    graph.nodes[name.str()] = std::move(node);
    return success();
  }
  if (pop.getModel() != snn::NeuronModel::CubaLif)
    return pop.emitOpError() << "has model '" << snn::stringifyNeuronModel(pop.getModel())
                             << "'; NIR export takes spiking networks only (input and "
                                "cuba_lif populations)";
  if (pop.getFixedParams())
    return pop.emitOpError() << "is quantized (fixed_params); NIR export takes the float "
                                "network, before snn-quantize";
  if (auto refractory = dyn_cast_or_null<IntegerAttr>(pop.getParam("refractory")))
    if (refractory.getInt() != 0)
      return pop.emitOpError() << "has a refractory period, which NIR cannot express";
  double du = cast<FloatAttr>(pop.getParam("decay_u")).getValueAsDouble();
  double dv = cast<FloatAttr>(pop.getParam("decay_v")).getValueAsDouble();
  auto threshold = dyn_cast_or_null<FloatAttr>(pop.getParam("v_threshold"));
  std::vector<double> bias(size, 0.0);
  if (Attribute attr = pop.getParam("bias")) {
    std::optional<std::vector<double>> values = perNeuron(attr, size);
    if (!values)
      return pop.emitOpError() << "has a bias whose values cannot be read (elided?)";
    bias = *values;
  }
  if (threshold)
    node.params["v_threshold"] = uniformArray(size, threshold.getValueAsDouble());
  if (du == 1 && dv == 0 && threshold) { // no leak, no synaptic filter
    node.type = "IF";
    node.params["r"] = uniformArray(size, 1.0);
    if (llvm::any_of(bias, [](double b) { return b != 0; }))
      ifBias[name] = bias;
  } else if (du == 0 || dv == 0) {
    return pop.emitOpError() << "has decay_u = " << text(du) << " and decay_v = " << text(dv)
                             << "; NIR has no neuron with an infinite time constant other "
                                "than IF (decay_u = 1, decay_v = 0, with a threshold)";
  } else {
    bool cuba = du != 1;
    node.type = std::string(cuba ? "Cuba" : "") + (threshold ? "LIF" : "LI");
    node.params[cuba ? "tau_mem" : "tau"] = uniformArray(size, exactTau(dt, dv));
    node.params["r"] = uniformArray(size, 1.0 / (du * dv));
    NIRArray vLeak = uniformArray(size, 0.0);
    for (int64_t i = 0; i < size; ++i)
      vLeak.values[i] = bias[i] / dv;
    node.params["v_leak"] = vLeak;
    if (cuba) {
      node.params["tau_syn"] = uniformArray(size, exactTau(dt, du));
      node.params["w_in"] = uniformArray(size, 1.0);
    }
  }
  graph.nodes[name.str()] = std::move(node);
  return success();
}

LogicalResult Exporter::projection(snn::ProjectionOp projection, NIRGraph& graph) {
  StringRef source = projection.getSource(), target = projection.getTarget();
  if (projection.isQuantized())
    return projection.emitOpError() << "has integer weights; NIR export takes the float "
                                       "network, before snn-quantize";
  if (Attribute delays = projection.getDelaysAttr()) {
    bool zero = false;
    if (auto scalar = dyn_cast<IntegerAttr>(delays))
      zero = scalar.getInt() == 0;
    else if (auto values = readIntegers(cast<ElementsAttr>(delays)))
      zero = llvm::all_of(*values, [](int64_t d) { return d == 0; });
    if (!zero)
      return projection.emitOpError() << "has synaptic delays, which gyrus does not export";
  }
  int64_t rows = sizes.lookup(target), cols = sizes.lookup(source);
  std::optional<std::vector<double>> weights = denseWeights(projection, rows, cols);
  if (!weights)
    return projection.emitOpError() << "has weights whose values cannot be read (elided?)";
  NIRNode node;
  node.type = "Linear";
  node.params["weight"] = {{rows, cols}, std::move(*weights), /*isFloat64=*/false};
  // An IF neuron's bias: on its first incoming projection, as an Affine bias (r = 1).
  auto bias = ifBias.find(target);
  if (bias != ifBias.end()) {
    node.type = "Affine";
    node.params["bias"] = {{rows}, bias->second, /*isFloat64=*/false};
    ifBias.erase(bias);
  }
  std::string name = projection.getSymName().str();
  graph.nodes[name] = std::move(node);
  graph.edges.emplace_back(source.str(), name);
  graph.edges.emplace_back(name, target.str());
  return success();
}

LogicalResult Exporter::run(NIRGraph& graph) {
  graph.version = "0.2.0";
  for (Operation& op : network.getBody()->getOperations()) {
    StringRef name = cast<SymbolOpInterface>(op).getName();
    if (name.contains('/') || name == "." || name.empty())
      return op.emitOpError() << "has a name that cannot be an HDF5 group name";
    if (auto pop = dyn_cast<snn::PopulationOp>(op))
      if (failed(population(pop, graph)))
        return failure();
  }
  for (auto projection : network.getBody()->getOps<snn::ProjectionOp>())
    if (failed(this->projection(projection, graph)))
      return failure();
  if (!ifBias.empty())
    return network.emitOpError() << "population '" << ifBias.begin()->getKey()
                                 << "' is an IF neuron with a bias but no incoming projection "
                                    "to carry it (NIR's IF has no v_leak)";
  ArrayRef<Attribute> outputs = network.getOutputs().getValue();
  for (Attribute output : outputs) {
    StringRef pop = cast<FlatSymbolRefAttr>(output).getValue();
    std::string name = outputs.size() == 1 ? "output" : (pop + "_output").str();
    while (graph.nodes.count(name))
      name += "_";
    NIRNode node;
    node.type = "Output";
    node.params["shape"] = {{1}, {static_cast<double>(sizes.lookup(pop))}, false};
    graph.nodes[name] = std::move(node);
    graph.edges.emplace_back(pop.str(), name);
  }
  return success();
}

} // namespace

LogicalResult exportNIR(snn::NetworkOp network, StringRef path, double dt) {
  if (!(dt > 0) || !std::isfinite(dt))
    return network.emitOpError() << "cannot be exported with time step dt = " << text(dt)
                                 << "; it must be positive";
  NIRGraph graph;
  if (failed(Exporter(network, dt).run(graph)))
    return failure();
  std::string error;
  if (!writeNIRFile(path, graph, error))
    return network.emitError() << error;
  return success();
}

} // namespace gyrus
