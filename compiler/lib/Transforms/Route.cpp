//===- Route.cpp - the chip-route pass --------------------------------------===//
//
// One route per ordered pair of distinct cores that an axon table joins, with the
// mapping library's XY path, so that the routes are the ones its link loads and the
// cost model count. Host input packets enter at their destination and need none.
//
//===----------------------------------------------------------------------===//

#include "gyrus/Dialect/Chip/ChipOps.h"
#include "gyrus/Mapping/Routing.h"
#include "gyrus/Support/ElementsAccess.h"
#include "gyrus/Transforms/Passes.h"
#include "mlir/IR/Builders.h"

#include "llvm/ADT/DenseMap.h"

#include <set>

namespace gyrus {
#define GEN_PASS_DEF_CHIPROUTE
#include "gyrus/Transforms/Passes.h.inc"
} // namespace gyrus

using namespace mlir;
using namespace gyrus;
using namespace gyrus::chip;

namespace {

struct ChipRoute : gyrus::impl::ChipRouteBase<ChipRoute> {
  using ChipRouteBase::ChipRouteBase;

  void runOnOperation() override {
    ChipOp chip = getOperation();
    llvm::DenseMap<int64_t, mapping::CoreCoord> coordOf;
    std::set<std::pair<int64_t, int64_t>> pairs;
    for (CoreOp core : chip.getBody()->getOps<CoreOp>()) {
      std::optional<CoordAttr> coord = core.getCoord();
      if (!coord) {
        core.emitError() << "chip-route: core " << core.getId()
                         << " is not placed; run chip-place first";
        return signalPassFailure();
      }
      coordOf[core.getId()] = {
          static_cast<int32_t>(coord->getChip()), static_cast<int32_t>(coord->getX()),
          static_cast<int32_t>(coord->getY()), static_cast<int32_t>(coord->getCore())};
      for (AxonsOp table : core.getBody()->getOps<AxonsOp>()) {
        std::optional<std::vector<int64_t>> destinations = readIntegers(table.getCores());
        if (!destinations) {
          table.emitError() << "chip-route: the axon table's values are not available";
          return signalPassFailure();
        }
        for (int64_t to : *destinations)
          if (to != static_cast<int64_t>(core.getId()))
            pairs.insert({core.getId(), to});
      }
    }
    for (RouteOp old : llvm::make_early_inc_range(chip.getBody()->getOps<RouteOp>()))
      old.erase();

    MeshAttr meshAttr = chip.getMesh();
    target::Mesh mesh{meshAttr.getCols(), meshAttr.getRows(), meshAttr.getCoresPerTile(),
                      meshAttr.getChips()};
    // Routes go after the cores, before the host maps: the order of the IR is the order
    // of the image.
    OpBuilder builder(&getContext());
    Operation* firstHostMap = nullptr;
    for (Operation& op : *chip.getBody())
      if (isa<InputOp, OutputOp>(op)) {
        firstHostMap = &op;
        break;
      }
    if (firstHostMap)
      builder.setInsertionPoint(firstHostMap);
    else
      builder.setInsertionPointToEnd(chip.getBody());
    for (auto [from, to] : pairs) {
      std::vector<int64_t> path;
      for (const mapping::RouterCoord& router : mapping::xy_route(mesh, coordOf[from], coordOf[to]))
        path.insert(path.end(), {router.chip, router.x, router.y});
      builder.create<RouteOp>(chip.getLoc(), builder.getI64IntegerAttr(from),
                              builder.getI64IntegerAttr(to), builder.getDenseI64ArrayAttr(path));
    }
  }
};

} // namespace
