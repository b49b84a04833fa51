//===- NIR.cpp - discretise a NIR graph into one snn.network ----------------===//
//
// Population nodes (Input and the neuron nodes) become snn populations; every path
// of linear nodes (Affine, Linear, Scale) between two of them folds into one dense
// projection, W_k...W_1, and the linear nodes' biases become per-neuron biases of the
// populations they reach. Neuron nodes are discretised with forward Euler at the
// option's dt, as Lava's NIR importer does. docs/nir.md gives the mapping.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Import/NIR.h"

#include "NIRNeurons.h"
#include "gyrus/Dialect/SNN/SNNOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Verifier.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/StringSet.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <tuple>

using namespace mlir;

namespace gyrus {
namespace {

constexpr llvm::StringLiteral kSupported =
    "Input, Output, Affine, Linear, Scale, LIF, CubaLIF, IF, LI, CubaLI";

// An Input's or Output's size comes from its `shape` values, and the importer builds
// dense matrices ([out, in]) from sizes: a few bytes of file could ask for terabytes.
// These bounds, far above what any target holds, are checked before allocating.
constexpr int64_t kMaxNeurons = int64_t{1} << 20;
constexpr int64_t kMaxWeights = int64_t{1} << 26;

bool isNeuronType(StringRef type) {
  return llvm::is_contained({"LIF", "CubaLIF", "IF", "LI", "CubaLI"}, type);
}
bool isLinearType(StringRef type) {
  return llvm::is_contained({"Affine", "Linear", "Scale"}, type);
}

/// Row-major dense matrix of doubles.
struct Matrix {
  int64_t rows = 0, cols = 0;
  std::vector<double> data;
  double at(int64_t r, int64_t c) const { return data[r * cols + c]; }
};

Matrix multiply(const Matrix& a, const Matrix& b) {
  Matrix out{a.rows, b.cols, std::vector<double>(a.rows * b.cols, 0.0)};
  for (int64_t i = 0; i < a.rows; ++i)
    for (int64_t k = 0; k < a.cols; ++k)
      if (double x = a.at(i, k))
        for (int64_t j = 0; j < b.cols; ++j)
          out.data[i * b.cols + j] += x * b.at(k, j);
  return out;
}

/// A linear node as a matrix [out, in] and a bias [out] (zeros for Linear and Scale).
struct LinearNode {
  Matrix weight;
  std::vector<double> bias;
};

/// A population to be: an Input, a neuron node, or the `linear` readout that stands
/// for an Output fed through linear nodes.
struct Population {
  std::string node;
  std::string symbol;
  snn::NeuronModel model = snn::NeuronModel::Input;
  int64_t size = 0;
  nir::Discretised neuron; // for the readout: row and bias scales 1, bias from Affines
};

struct Projection {
  std::string source, target; // node names of populations
  Matrix weight;              // [target, source], before the target's row scale
  std::string baseName;       // the single linear node of the path, or src_to_dst
  std::string symbol;
};

/// A valid bare symbol: letters, digits and '_', not starting with a digit.
std::string sanitise(StringRef name) {
  std::string out;
  for (char c : name)
    out += std::isalnum(static_cast<unsigned char>(c)) || c == '_' ? c : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out[0])))
    out = "n" + out;
  return out;
}

class Importer {
public:
  Importer(const NIRGraph& graph, const NIRImportOptions& options, Location loc)
      : graph(graph), dt(options.dt), loc(loc) {}

  OwningOpRef<ModuleOp> run(StringRef networkName);

private:
  InFlightDiagnostic nodeError(StringRef name) {
    return emitError(loc) << "NIR node '" << name << "' ";
  }
  StringRef typeOf(StringRef name) { return graph.nodes.at(name.str()).type; }

  LogicalResult checkNodesAndEdges();
  const NIRArray* param(StringRef name, StringRef key, bool required, bool& failed) {
    return nir::findParam(name, graph.nodes.at(name.str()), key, required, loc, failed);
  }
  LogicalResult readLinear(StringRef name);
  LogicalResult readPopulation(StringRef name);
  FailureOr<int64_t> shapeSize(StringRef name);
  LogicalResult checkDense(StringRef name, int64_t rows, int64_t cols);

  using Endpoint = std::function<LogicalResult(StringRef node, const std::optional<Matrix>& m,
                                               ArrayRef<std::string> path)>;
  LogicalResult walk(StringRef from, const std::optional<Matrix>& m, int64_t width,
                     std::vector<std::string>& path, const Endpoint& endpoint);
  LogicalResult collectPaths();
  LogicalResult readOutput(StringRef name);
  LogicalResult orderAndName();
  OwningOpRef<ModuleOp> build(StringRef networkName);

  const NIRGraph& graph;
  double dt;
  Location loc;
  std::map<std::string, std::vector<std::string>> successors, predecessors;
  std::map<std::string, LinearNode> linears;
  std::map<std::string, Population> populations;    // by node name
  std::map<std::string, std::string> directOutputs; // Output node -> population feeding it
  std::vector<Projection> projections;
  std::vector<Population*> order; // populations in IR order
};

LogicalResult Importer::checkNodesAndEdges() {
  for (const auto& [name, node] : graph.nodes) {
    if (node.type == "NIRGraph")
      return nodeError(name) << "is a nested NIRGraph; gyrus imports flat graphs only";
    if (node.type != "Input" && node.type != "Output" && !isNeuronType(node.type) &&
        !isLinearType(node.type))
      return nodeError(name) << "has type '" << node.type
                             << "', which gyrus cannot import; supported: " << kSupported;
  }
  for (const auto& [source, target] : graph.edges) {
    for (const std::string& end : {source, target})
      if (!graph.nodes.count(end))
        return emitError(loc) << "NIR edge '" << source << "' -> '" << target
                              << "' names an unknown node '" << end << "'";
    if (typeOf(target) == "Input")
      return nodeError(target) << "(Input) has an incoming edge from '" << source << "'";
    if (typeOf(source) == "Output")
      return nodeError(source) << "(Output) has an outgoing edge to '" << target << "'";
    successors[source].push_back(target);
    predecessors[target].push_back(source);
  }
  // Successors in name order, so that the IR does not depend on the edges' order.
  for (auto& [name, list] : successors) {
    llvm::sort(list);
    list.erase(std::unique(list.begin(), list.end()), list.end());
  }
  return success();
}

/// The size of an Input or Output node: the product of its `shape`, whose entries must
/// be positive integers.
FailureOr<int64_t> Importer::shapeSize(StringRef name) {
  bool failedParam = false;
  const NIRArray* shape = param(name, "shape", true, failedParam);
  if (failedParam)
    return failure();
  int64_t size = 1;
  for (double d : shape->values) {
    if (!(d >= 1 && d <= kMaxNeurons && d == std::floor(d)))
      return nodeError(name) << "has a shape entry " << nir::formatNumber(d)
                             << "; expected an integer from 1 to " << kMaxNeurons;
    size *= static_cast<int64_t>(d); // both factors at most 2^20: no overflow
    if (size > kMaxNeurons)
      return nodeError(name) << "has more than " << kMaxNeurons << " values";
  }
  return size;
}

/// Refuses a dense rows x cols matrix too large to build, before it is allocated.
LogicalResult Importer::checkDense(StringRef name, int64_t rows, int64_t cols) {
  if (rows > 0 && cols > kMaxWeights / rows)
    return nodeError(name) << "would need a dense " << rows << " x " << cols
                           << " weight matrix; gyrus imports at most " << kMaxWeights
                           << " weights per projection";
  return success();
}

LogicalResult Importer::readLinear(StringRef name) {
  if (!predecessors.count(name.str()))
    return nodeError(name) << "(" << typeOf(name) << ") has no incoming edge";
  bool failed = false;
  LinearNode linear;
  if (typeOf(name) == "Scale") {
    const NIRArray* scale = param(name, "scale", true, failed);
    if (failed)
      return failure();
    int64_t n = scale->count();
    if (mlir::failed(checkDense(name, n, n)))
      return failure();
    linear.weight = {n, n, std::vector<double>(n * n, 0.0)};
    for (int64_t i = 0; i < n; ++i)
      linear.weight.data[i * n + i] = scale->values[i];
  } else {
    const NIRArray* weight = param(name, "weight", true, failed);
    if (failed)
      return failure();
    if (weight->shape.size() != 2)
      return nodeError(name) << "has a 'weight' of rank " << weight->shape.size()
                             << "; expected [out, in]";
    linear.weight = {weight->shape[0], weight->shape[1], weight->values};
  }
  linear.bias.assign(linear.weight.rows, 0.0);
  if (typeOf(name) == "Affine") {
    const NIRArray* bias = param(name, "bias", true, failed);
    if (failed)
      return failure();
    if (bias->count() != linear.weight.rows)
      return nodeError(name) << "has " << bias->count() << " biases for " << linear.weight.rows
                             << " weight rows";
    linear.bias = bias->values;
  }
  linears[name.str()] = std::move(linear);
  return success();
}

LogicalResult Importer::readPopulation(StringRef name) {
  Population pop;
  pop.node = name.str();
  StringRef type = typeOf(name);
  if (type == "Input") {
    FailureOr<int64_t> size = shapeSize(name);
    if (failed(size))
      return failure();
    pop.size = *size;
    populations[pop.node] = std::move(pop);
    return success();
  }
  // The node's size: the length of its per-neuron arrays (scalars broadcast).
  pop.size = 1;
  for (const auto& [key, array] : graph.nodes.at(pop.node).params)
    pop.size = std::max(pop.size, array.count());
  for (const auto& [key, array] : graph.nodes.at(pop.node).params)
    if (array.count() != 1 && array.count() != pop.size)
      return nodeError(name) << "has " << array.count() << " values of '" << key << "' but "
                             << pop.size << " neurons";
  pop.model = snn::NeuronModel::CubaLif;
  if (failed(nir::discretiseNeuron(name, graph.nodes.at(pop.node), pop.size, dt, loc, pop.neuron)))
    return failure();
  populations[pop.node] = std::move(pop);
  return success();
}

/// Follows the linear nodes downstream of `from`, whose output has `width` values and
/// is `m` (nullopt: the identity) applied to the path's source, and calls `endpoint`
/// at every population or Output node reached.
LogicalResult Importer::walk(StringRef from, const std::optional<Matrix>& m, int64_t width,
                             std::vector<std::string>& path, const Endpoint& endpoint) {
  for (const std::string& next : successors[from.str()]) {
    if (!isLinearType(typeOf(next))) {
      if (failed(endpoint(next, m, path)))
        return failure();
      continue;
    }
    if (llvm::is_contained(path, next))
      return nodeError(next) << "is on a cycle of linear nodes with no neuron node in it";
    const LinearNode& linear = linears.at(next);
    if (linear.weight.cols != width)
      return nodeError(next) << "has a weight with " << linear.weight.cols
                             << " columns, but its input '" << from << "' has " << width
                             << " values";
    if (m && failed(checkDense(next, linear.weight.rows, m->cols)))
      return failure();
    path.push_back(next);
    LogicalResult result = walk(next, m ? multiply(linear.weight, *m) : linear.weight,
                                linear.weight.rows, path, endpoint);
    path.pop_back();
    if (failed(result))
      return failure();
  }
  return success();
}

/// An Output fed by one population lists it in the network's outputs; an Output fed
/// by linear nodes gets a `linear` population of its own, the readout.
LogicalResult Importer::readOutput(StringRef name) {
  std::vector<std::string> inputs = predecessors[name.str()];
  FailureOr<int64_t> shape = shapeSize(name);
  if (failed(shape))
    return failure();
  int64_t size = *shape;
  if (inputs.size() == 1 && !isLinearType(typeOf(inputs.front()))) {
    const Population& source = populations.at(inputs.front());
    if (source.size != size)
      return nodeError(name) << "(Output) has " << size << " values, but its input '"
                             << inputs.front() << "' has " << source.size;
    directOutputs[name.str()] = inputs.front();
    return success();
  }
  if (inputs.empty() ||
      !llvm::all_of(inputs, [&](const std::string& in) { return isLinearType(typeOf(in)); }))
    return nodeError(name) << "(Output) must be fed by one population or by linear nodes only";
  Population pop;
  pop.node = name.str();
  pop.model = snn::NeuronModel::Linear;
  pop.size = size;
  pop.neuron.rowScale.assign(size, 1.0);
  pop.neuron.biasScale.assign(size, 1.0);
  pop.neuron.bias.assign(size, 0.0);
  populations[pop.node] = std::move(pop);
  return success();
}

LogicalResult Importer::collectPaths() {
  // Where a path ends: a population (or readout) of the right width.
  auto targetOf = [&](StringRef node, StringRef from, int64_t rows) -> FailureOr<Population*> {
    Population& pop = populations.at(node.str());
    if (pop.size != rows)
      return nodeError(node) << "has " << pop.size << " neurons, but its input '" << from
                             << "' gives " << rows << " values";
    return &pop;
  };

  // Weights: every path of linear nodes from a population to a population.
  for (auto& [name, source] : populations) {
    if (source.model == snn::NeuronModel::Linear)
      continue;
    std::string sourceName = name;
    int64_t sourceSize = source.size;
    auto endpoint = [&](StringRef node, const std::optional<Matrix>& m,
                        ArrayRef<std::string> chain) -> LogicalResult {
      if (chain.empty() && directOutputs.count(node.str()))
        return success(); // checked by readOutput
      StringRef from = chain.empty() ? StringRef(sourceName) : StringRef(chain.back());
      int64_t rows = m ? m->rows : sourceSize;
      FailureOr<Population*> target = targetOf(node, from, rows);
      if (failed(target) || (!m && failed(checkDense(node, rows, rows))))
        return failure();
      Matrix weight = m ? *m : Matrix{rows, rows, std::vector<double>(rows * rows, 0.0)};
      if (!m) // a direct edge between populations: one-to-one
        for (int64_t i = 0; i < rows; ++i)
          weight.data[i * rows + i] = 1.0;
      std::string base = chain.size() == 1 ? chain.front() : sourceName + "_to_" + (*target)->node;
      projections.push_back({sourceName, (*target)->node, std::move(weight), base, ""});
      return success();
    };
    std::vector<std::string> path;
    if (failed(walk(name, std::nullopt, source.size, path, endpoint)))
      return failure();
  }

  // Biases: each linear node's bias, carried through the linear nodes after it, once
  // per population it reaches (however many sources feed the node). This pass also
  // finds cycles of linear nodes that no population feeds.
  for (const auto& [name, linear] : linears) {
    Matrix bias{linear.weight.rows, 1, linear.bias};
    std::vector<std::string> path{name};
    auto endpoint = [&](StringRef node, const std::optional<Matrix>& m,
                        ArrayRef<std::string> chain) -> LogicalResult {
      FailureOr<Population*> target = targetOf(node, chain.back(), m->rows);
      if (failed(target))
        return failure();
      for (int64_t i = 0; i < m->rows; ++i)
        (*target)->neuron.bias[i] += (*target)->neuron.biasScale[i] * m->data[i];
      return success();
    };
    if (failed(walk(name, bias, bias.rows, path, endpoint)))
      return failure();
  }
  return success();
}

/// IR order: the Inputs by name, then breadth first along the projections, successors
/// by name. It depends only on population names and connectivity, so a graph exported
/// and imported again comes back in the same order.
LogicalResult Importer::orderAndName() {
  llvm::StringSet<> used;
  auto unique = [&](StringRef base) {
    std::string name = sanitise(base);
    for (int i = 2; used.contains(name); ++i)
      name = sanitise(base) + "_" + std::to_string(i);
    used.insert(name);
    return name;
  };
  for (auto& [name, pop] : populations)
    pop.symbol = unique(name);

  auto bySymbol = [](const Population* a, const Population* b) { return a->symbol < b->symbol; };
  for (auto& [name, pop] : populations)
    if (pop.model == snn::NeuronModel::Input)
      order.push_back(&pop);
  llvm::sort(order, bySymbol);
  std::set<const Population*> seen(order.begin(), order.end());
  for (size_t i = 0; i < order.size(); ++i) {
    std::vector<Population*> next;
    for (const Projection& p : projections)
      if (p.source == order[i]->node) {
        Population* target = &populations.at(p.target);
        if (seen.insert(target).second)
          next.push_back(target);
      }
    llvm::sort(next, bySymbol);
    order.insert(order.end(), next.begin(), next.end());
  }
  for (auto& [name, pop] : populations)
    if (!seen.count(&pop))
      return nodeError(name) << "(" << typeOf(name) << ") has no path from an Input node";

  std::map<std::string, size_t> index;
  for (size_t i = 0; i < order.size(); ++i)
    index[order[i]->node] = i;
  llvm::stable_sort(projections, [&](const Projection& a, const Projection& b) {
    return std::make_tuple(index[a.source], index[a.target], sanitise(a.baseName)) <
           std::make_tuple(index[b.source], index[b.target], sanitise(b.baseName));
  });
  for (Projection& p : projections)
    p.symbol = unique(p.baseName);
  return success();
}

/// A row-major f32 dense_resource blob, as the network-file importer makes them.
ElementsAttr blob(MLIRContext* context, StringRef name, ArrayRef<int64_t> shape,
                  const std::vector<float>& values) {
  auto type = RankedTensorType::get(shape, Float32Type::get(context));
  return cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
      type, name, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(values)));
}

OwningOpRef<ModuleOp> Importer::build(StringRef networkName) {
  MLIRContext* context = loc.getContext();
  OpBuilder builder(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  SmallVector<Attribute> inputs, outputs;
  for (Population* pop : order) {
    auto ref = FlatSymbolRefAttr::get(context, pop->symbol);
    if (pop->model == snn::NeuronModel::Input)
      inputs.push_back(ref);
    bool isOutput =
        pop->model == snn::NeuronModel::Linear ||
        llvm::any_of(directOutputs, [&](const auto& entry) { return entry.second == pop->node; });
    if (isOutput)
      outputs.push_back(ref);
  }
  auto network = builder.create<snn::NetworkOp>(loc, networkName, builder.getArrayAttr(inputs),
                                                builder.getArrayAttr(outputs));
  network->setAttr("gyrus.nir_version", builder.getStringAttr(graph.version));
  network->setAttr("gyrus.nir_dt", builder.getF64FloatAttr(dt));
  builder.setInsertionPointToEnd(network.getBody());

  for (Population* pop : order) {
    SmallVector<NamedAttribute> params;
    if (pop->model == snn::NeuronModel::CubaLif) {
      const nir::Discretised& n = pop->neuron;
      params.push_back(builder.getNamedAttr("decay_u", builder.getF64FloatAttr(n.decayU)));
      params.push_back(builder.getNamedAttr("decay_v", builder.getF64FloatAttr(n.decayV)));
      if (n.threshold)
        params.push_back(
            builder.getNamedAttr("v_threshold", builder.getF64FloatAttr(*n.threshold)));
    }
    if (llvm::any_of(pop->neuron.bias, [](double b) { return b != 0; })) {
      std::vector<float> bias(pop->neuron.bias.begin(), pop->neuron.bias.end());
      params.push_back(
          builder.getNamedAttr("bias", blob(context, pop->symbol + "_bias", {pop->size}, bias)));
    }
    builder.create<snn::PopulationOp>(
        loc, pop->symbol, pop->size, pop->model,
        params.empty() ? DictionaryAttr() : builder.getDictionaryAttr(params),
        /*fixed_params=*/DictionaryAttr(), /*positions=*/ElementsAttr());
  }
  for (const Projection& p : projections) {
    const Population& source = populations.at(p.source);
    const Population& target = populations.at(p.target);
    std::vector<float> weights;
    weights.reserve(p.weight.data.size());
    for (int64_t i = 0; i < p.weight.rows; ++i)
      for (int64_t j = 0; j < p.weight.cols; ++j)
        weights.push_back(static_cast<float>(target.neuron.rowScale[i] * p.weight.at(i, j)));
    builder.create<snn::ProjectionOp>(loc, p.symbol, source.symbol, target.symbol,
                                      blob(context, p.symbol, {target.size, source.size}, weights),
                                      /*indptr=*/ElementsAttr(), /*indices=*/ElementsAttr(),
                                      /*weight_exp=*/IntegerAttr(),
                                      /*delays=*/Attribute());
  }
  if (failed(verify(*module)))
    return nullptr;
  return module;
}

OwningOpRef<ModuleOp> Importer::run(StringRef networkName) {
  if (failed(checkNodesAndEdges()))
    return nullptr;
  for (const auto& [name, node] : graph.nodes) {
    if (isLinearType(node.type) && failed(readLinear(name)))
      return nullptr;
    if ((node.type == "Input" || isNeuronType(node.type)) && failed(readPopulation(name)))
      return nullptr;
  }
  for (const auto& [name, node] : graph.nodes)
    if (node.type == "Output" && failed(readOutput(name)))
      return nullptr;
  if (failed(collectPaths()) || failed(orderAndName()))
    return nullptr;
  return build(networkName);
}

} // namespace

OwningOpRef<ModuleOp> importNIRGraph(const NIRGraph& graph, StringRef name,
                                     const NIRImportOptions& options, Location loc) {
  loc.getContext()->getOrLoadDialect<snn::SNNDialect>();
  if (!(options.dt > 0) || !std::isfinite(options.dt)) {
    emitError(loc) << "the NIR time step dt must be positive, not " << options.dt;
    return nullptr;
  }
  return Importer(graph, options, loc).run(name);
}

OwningOpRef<ModuleOp> importNIR(StringRef path, const NIRImportOptions& options,
                                MLIRContext* context) {
  context->getOrLoadDialect<snn::SNNDialect>();
  Location loc = FileLineColLoc::get(context, path, 0, 0);
  NIRGraph graph;
  std::string error;
  if (!readNIRFile(path, graph, error)) {
    emitError(loc) << error;
    return nullptr;
  }
  std::string stem = std::filesystem::path(path.str()).stem().string();
  return importNIRGraph(graph, stem, options, loc);
}

} // namespace gyrus
