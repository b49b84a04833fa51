//===- Place.cpp - the chip-place pass --------------------------------------===//
//
// Placement needs only what the chip holds: which cores send packets to which (the
// axon tables) and where each core's neurons sit (`gyrus.positions` of its groups).
// The pass hands the mapping library that core-level view: one mapping population per
// compartment group, neurons in compartment order, and per axon-table entry one
// synapse onto the destination core. Since convert-snn-to-chip keeps every core's
// neurons in network order, spatial placement sees the centroids and the bounding box
// the partitioned network has, and places exactly as on it.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/Chip/ChipOps.h"
#include "gyrus/Mapping/Placement.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Transforms/Passes.h"
#include "gyrus/Transforms/TargetLoading.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"

#include <exception>

namespace gyrus {
#define GEN_PASS_DEF_CHIPPLACE
#include "gyrus/Transforms/Passes.h.inc"
} // namespace gyrus

using namespace mlir;
using namespace gyrus;
using namespace gyrus::chip;

namespace {

/// The core-level network of a chip and its trivial partition (core i = the i-th
/// chip.core in the body).
struct CoreView {
  mapping::MappingNetwork network;
  mapping::PartitionResult partition;
};

LogicalResult buildCoreView(MutableArrayRef<CoreOp> cores, CoreView& view) {
  llvm::DenseMap<int64_t, int32_t> indexOfId;
  for (auto [index, core] : llvm::enumerate(cores))
    indexOfId[core.getId()] = static_cast<int32_t>(index);
  std::vector<int32_t> base; // first neuron of each core
  int32_t neurons = 0;
  for (auto [index, core] : llvm::enumerate(cores)) {
    base.push_back(neurons);
    SmallVector<CompartmentsOp> groups(core.getBody()->getOps<CompartmentsOp>());
    llvm::sort(groups,
               [](CompartmentsOp a, CompartmentsOp b) { return a.getFirst() < b.getFirst(); });
    int32_t next = 0; // compartments before a group that no group holds still count
    for (CompartmentsOp group : groups) {
      mapping::Population population;
      population.name = "core" + std::to_string(index) + "." + group.getPopulation().str();
      population.neuron_model = snn::stringifyNeuronModel(group.getModel()).str();
      population.first = neurons;
      population.count = static_cast<int32_t>(group.getFirst() + group.getCount()) - next;
      if (auto positions = group->getAttrOfType<ElementsAttr>("gyrus.positions");
          positions && next == static_cast<int32_t>(group.getFirst())) {
        population.positions.resize(population.count);
        visitFloats(positions, [&](int64_t i, double v) {
          if (i / 2 < population.count)
            population.positions[i / 2][i % 2] = static_cast<float>(v);
          return true;
        });
      }
      neurons += population.count;
      next = static_cast<int32_t>(group.getFirst() + group.getCount());
      view.network.populations.push_back(std::move(population));
    }
    view.partition.population_of_core.push_back(
        groups.empty() ? -1 : static_cast<int32_t>(view.network.populations.size() - 1));
    view.partition.core_of_neuron.resize(neurons, static_cast<int32_t>(index));
  }
  view.network.out_indptr.assign(neurons + 1, 0);
  for (auto [index, core] : llvm::enumerate(cores)) {
    for (AxonsOp table : core.getBody()->getOps<AxonsOp>()) {
      std::optional<std::vector<int64_t>> indptr = readIntegers(table.getIndptr());
      std::optional<std::vector<int64_t>> destinations = readIntegers(table.getCores());
      if (!indptr || !destinations)
        return table.emitError() << "chip-place: the axon table's values are not available";
      for (size_t row = 0; row + 1 < indptr->size(); ++row) {
        int32_t neuron = base[index] + static_cast<int32_t>(row);
        for (int64_t k = (*indptr)[row]; k < (*indptr)[row + 1]; ++k) {
          int32_t to = indexOfId.lookup((*destinations)[k]);
          if (cores[to].getNumCompartments() == 0)
            continue; // the chip verifier rules this out: no axons, no entries
          view.network.out_targets.push_back(base[to]);
          view.network.out_weights.push_back(1);
          ++view.network.out_indptr[neuron + 1];
        }
      }
    }
  }
  for (int32_t n = 0; n < neurons; ++n)
    view.network.out_indptr[n + 1] += view.network.out_indptr[n];
  return success();
}

struct ChipPlace : gyrus::impl::ChipPlaceBase<ChipPlace> {
  using ChipPlaceBase::ChipPlaceBase;

  void runOnOperation() override {
    ChipOp chip = getOperation();
    std::optional<target::TargetDescription> loaded = loadTargetOption(chip, getArgument(), target);
    if (!loaded)
      return signalPassFailure();
    MeshAttr mesh = chip.getMesh();
    if (loaded->name != chip.getTarget() || loaded->mesh.cols != mesh.getCols() ||
        loaded->mesh.rows != mesh.getRows() ||
        loaded->mesh.cores_per_tile != mesh.getCoresPerTile() ||
        loaded->mesh.chips != mesh.getChips()) {
      chip.emitError() << "chip-place: chip @" << chip.getSymName() << " is for target '"
                       << chip.getTarget() << "' (" << mesh.getChips() << " chip(s) of "
                       << mesh.getCols() << "x" << mesh.getRows() << " tiles of "
                       << mesh.getCoresPerTile() << " cores), not target '" << loaded->name << "'";
      return signalPassFailure();
    }
    SmallVector<CoreOp> cores(chip.getBody()->getOps<CoreOp>());
    CoreView view;
    if (failed(buildCoreView(cores, view)))
      return signalPassFailure();

    mapping::PlacementOptions options;
    options.seed = seed;
    options.anneal_iterations = annealIterations;
    mapping::PlacementResult result;
    try {
      options.strategy = mapping::parse_placement_strategy(strategy);
      result = mapping::place(view.network, view.partition, *loaded, options);
    } catch (const std::exception& e) {
      chip.emitError() << "chip-place: " << e.what();
      return signalPassFailure();
    }
    if (!result.ok()) {
      chip.emitError() << "chip-place: " << result.error;
      return signalPassFailure();
    }
    MLIRContext* context = &getContext();
    for (auto [core, coord] : llvm::zip_equal(cores, result.coord_of_core))
      core.setCoordAttr(CoordAttr::get(context, coord.chip, coord.x, coord.y, coord.slot));
    Builder builder(context);
    NamedAttrList placement;
    placement.append("strategy", builder.getStringAttr(strategy));
    placement.append("seed", builder.getI64IntegerAttr(static_cast<int64_t>(seed)));
    chip->setAttr("gyrus.placement", placement.getDictionary(context));
  }
};

} // namespace
