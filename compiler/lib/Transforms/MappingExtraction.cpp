//===- MappingExtraction.cpp - an snn.network as the mapper sees it ---------===//

#include "gyrus/Transforms/MappingExtraction.h"

#include "gyrus/Conversion/SNNToChip/NetworkReading.h"

#include "llvm/ADT/DenseMap.h"

#include <string>
#include <utility>
#include <vector>

using namespace mlir;

namespace gyrus {

FailureOr<ExtractedNetwork> extractMappingNetwork(snn::NetworkOp network) {
  ExtractedNetwork extracted;
  mapping::NetworkBuilder builder;
  llvm::DenseMap<StringAttr, int32_t> index;
  for (auto population : network.getBody()->getOps<snn::PopulationOp>()) {
    FailureOr<std::vector<std::array<float, 2>>> positions = readPositions(population);
    if (failed(positions))
      return failure();
    index[population.getSymNameAttr()] = builder.add_population(
        population.getSymName().str(), snn::stringifyNeuronModel(population.getModel()).str(),
        static_cast<int32_t>(population.getSize()), std::move(*positions),
        population.getModel() == snn::NeuronModel::Input);
    extracted.populations.push_back(population);
  }
  for (auto projection : network.getBody()->getOps<snn::ProjectionOp>()) {
    int32_t source = index.lookup(projection.getSourceAttr().getAttr());
    int32_t target = index.lookup(projection.getTargetAttr().getAttr());
    FailureOr<ProjectionSynapses> synapses =
        readProjectionSynapses(projection, extracted.populations[source].getSize(),
                               extracted.populations[target].getSize());
    if (failed(synapses))
      return failure();
    std::vector<float> weights(synapses->weights.begin(), synapses->weights.end());
    builder.add_projection(source, target, synapses->indptr, synapses->sources, weights,
                           synapses->delays);
  }
  extracted.network = std::move(builder).build();
  return extracted;
}

} // namespace gyrus
