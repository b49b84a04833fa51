//===- NetworkFile.cpp - import a trained leaky RNN into snn ----------------===//

#include "gyrus/Import/NetworkFile.h"

#include "gyrus/Dialect/SNN/SNNOps.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Verifier.h"

#include <vector>

using namespace mlir;

namespace gyrus {
namespace {

/// Copies a (column-major) Eigen matrix into a row-major f32 dense_resource blob of
/// shape [rows, cols] (or [rows] for a vector): the layout of the network file and of
/// snn weights, [receiving neuron, sending neuron].
template <typename Matrix>
ElementsAttr resourceArray(MLIRContext* context, StringRef blobName, const Matrix& matrix,
                           bool vector = false) {
  std::vector<float> rowMajor;
  rowMajor.reserve(matrix.size());
  for (Eigen::Index row = 0; row < matrix.rows(); ++row)
    for (Eigen::Index col = 0; col < matrix.cols(); ++col)
      rowMajor.push_back(matrix(row, col));
  SmallVector<int64_t, 2> shape{matrix.rows()};
  if (!vector)
    shape.push_back(matrix.cols());
  auto type = RankedTensorType::get(shape, Float32Type::get(context));
  return cast<ElementsAttr>(DenseF32ResourceElementsAttr::get(
      type, blobName, HeapAsmResourceBlob::allocateAndCopyInferAlign<float>(rowMajor)));
}

} // namespace

OwningOpRef<ModuleOp> importNetworkFile(const io::NetworkFile& file, StringRef name, Location loc) {
  MLIRContext* context = loc.getContext();
  context->getOrLoadDialect<snn::SNNDialect>();
  if (file.config.activation != model::Activation::Relu) {
    emitError(loc) << "the network uses the softplus activation; leaky_sigma_delta neurons "
                      "compute relu, so only relu networks can be compiled";
    return nullptr;
  }

  OpBuilder builder(context);
  OwningOpRef<ModuleOp> module = ModuleOp::create(loc);
  builder.setInsertionPointToEnd(module->getBody());
  auto ref = [&](StringRef symbol) { return FlatSymbolRefAttr::get(context, symbol); };
  auto network = builder.create<snn::NetworkOp>(loc, name, builder.getArrayAttr({ref("input")}),
                                                builder.getArrayAttr({ref("output")}));
  // What the dialect does not model but later stages or people want: the hidden grid
  // (BIMT's geometry), the host's readout nonlinearity, the training noise and the
  // whole provenance record, as JSON text.
  network->setAttr("gyrus.grid_width", builder.getI64IntegerAttr(file.grid_width));
  network->setAttr("gyrus.grid_height", builder.getI64IntegerAttr(file.grid_height));
  network->setAttr("gyrus.readout", builder.getStringAttr("sigmoid"));
  network->setAttr("gyrus.sigma_rec", builder.getF64FloatAttr(file.config.sigma_rec));
  network->setAttr("gyrus.provenance", builder.getStringAttr(file.provenance.dump()));

  builder.setInsertionPointToEnd(network.getBody());
  const model::RnnParameters<float>& p = file.params;
  auto population = [&](StringRef symbol, int64_t size, snn::NeuronModel model,
                        DictionaryAttr params, const Eigen::MatrixXf& positions) {
    builder.create<snn::PopulationOp>(
        loc, symbol, size, model, params, /*fixed_params=*/nullptr,
        resourceArray(context, (symbol + "_positions").str(), positions));
  };
  population("input", file.config.n_input, snn::NeuronModel::Input, nullptr, file.input_positions);
  population("hidden", file.config.n_hidden, snn::NeuronModel::LeakySigmaDelta,
             builder.getDictionaryAttr(
                 {builder.getNamedAttr("alpha", builder.getF64FloatAttr(file.config.alpha)),
                  builder.getNamedAttr("bias", resourceArray(context, "hidden_bias", p.b,
                                                             /*vector=*/true))}),
             file.hidden_positions);
  population("output", file.config.n_output, snn::NeuronModel::Linear,
             builder.getDictionaryAttr({builder.getNamedAttr(
                 "bias", resourceArray(context, "output_bias", p.b_out, /*vector=*/true))}),
             file.output_positions);

  auto projection = [&](StringRef symbol, StringRef source, StringRef target,
                        const Eigen::MatrixXf& weights) {
    builder.create<snn::ProjectionOp>(loc, symbol, source, target,
                                      resourceArray(context, symbol, weights),
                                      /*indptr=*/ElementsAttr(), /*indices=*/ElementsAttr(),
                                      /*weight_exp=*/IntegerAttr(), /*delays=*/Attribute());
  };
  projection("w_in", "input", "hidden", p.w_in);
  projection("w_rec", "hidden", "hidden", p.w_rec);
  projection("w_out", "hidden", "output", p.w_out);

  if (failed(verify(*module)))
    return nullptr;
  return module;
}

} // namespace gyrus
