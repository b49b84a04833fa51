//===- Partition.cpp - the snn-partition pass -------------------------------===//
//
// The network goes to the mapping library as it is on the IR (MappingExtraction.h:
// projections read as convert-snn-to-chip reads them), so that the partition's per-core
// counts are the chip's. The
// mapping library throws only for a malformed network, which the snn verifier rules
// out; this file is built with exceptions all the same and turns any throw into a
// diagnostic.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Mapping/Partition.h"

#include "gyrus/Conversion/SNNToChip/Arrays.h"
#include "gyrus/Transforms/MappingExtraction.h"
#include "gyrus/Transforms/Passes.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/Builders.h"

#include <exception>
#include <string>

namespace gyrus {
#define GEN_PASS_DEF_SNNPARTITION
#include "gyrus/Transforms/Passes.h.inc"
} // namespace gyrus

using namespace mlir;
using namespace gyrus;
using namespace gyrus::snn;

namespace {

/// The population a mapping message names first ("population 'h': ..."), to locate
/// the error there; the network if it names none.
Operation* locateMessage(NetworkOp network, const std::string& message) {
  Operation* found = network;
  size_t first = std::string::npos;
  for (PopulationOp population : network.getBody()->getOps<PopulationOp>()) {
    size_t at = message.find("population '" + population.getSymName().str() + "'");
    if (at < first) {
      first = at;
      found = population;
    }
  }
  return found;
}

struct SnnPartition : gyrus::impl::SnnPartitionBase<SnnPartition> {
  using SnnPartitionBase::SnnPartitionBase;

  void runOnOperation() override {
    NetworkOp network = getOperation();
    std::optional<target::TargetDescription> loaded =
        loadTargetOption(network, getArgument(), target);
    if (!loaded)
      return signalPassFailure();
    if (minCores < 0) {
      network.emitError() << "snn-partition: min-cores = " << static_cast<int>(minCores)
                          << " is negative";
      return signalPassFailure();
    }

    mapping::PartitionOptions options;
    options.seed = seed;
    options.min_cores = minCores;
    options.anneal_iterations = annealIterations;
    options.anneal_time_budget_s = annealTimeBudget;
    FailureOr<ExtractedNetwork> extracted = failure();
    mapping::PartitionResult result;
    try {
      options.strategy = mapping::parse_partition_strategy(strategy);
      options.anneal_start = mapping::parse_partition_strategy(annealStart);
      extracted = extractMappingNetwork(network);
      if (failed(extracted))
        return signalPassFailure();
      result = mapping::partition(extracted->network, *loaded, options);
    } catch (const std::exception& e) {
      network.emitError() << "snn-partition: " << e.what();
      return signalPassFailure();
    }
    if (!result.ok()) {
      locateMessage(network, result.error)->emitError() << "snn-partition: " << result.error;
      return signalPassFailure();
    }
    record(network, extracted->populations, result, *loaded);
  }

private:
  void record(NetworkOp network, ArrayRef<PopulationOp> populations,
              const mapping::PartitionResult& result, const target::TargetDescription& loaded) {
    MLIRContext* context = &getContext();
    Builder builder(context);
    int64_t first = 0;
    for (PopulationOp population : populations) {
      int64_t size = population.getSize();
      if (population.getModel() != NeuronModel::Input) {
        std::vector<int64_t> cores(result.core_of_neuron.begin() + first,
                                   result.core_of_neuron.begin() + first + size);
        population->setAttr(
            "gyrus.cores",
            makeIntegerArray(context, (population.getSymName() + "_cores").str(), cores, 32));
      }
      first += size;
    }
    NamedAttrList summary;
    summary.append("strategy", builder.getStringAttr(strategy));
    if (strategy == "anneal") {
      summary.append("anneal_start", builder.getStringAttr(annealStart));
      summary.append("anneal_iterations", builder.getI64IntegerAttr(annealIterations));
    }
    summary.append("seed", builder.getI64IntegerAttr(static_cast<int64_t>(seed)));
    summary.append("min_cores", builder.getI64IntegerAttr(minCores));
    summary.append("cores", builder.getI64IntegerAttr(result.num_cores()));
    summary.append("target", builder.getStringAttr(loaded.name));
    network->setAttr("gyrus.partition", summary.getDictionary(context));
  }
};

} // namespace
