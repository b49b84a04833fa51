#include "tools/gyrus/placement_simulation.h"

#include "runtime/sim/chip_simulator.h"

#include <cstring>
#include <string>
#include <utility>

namespace gyrus::cli {

SimulatedCost simulate_mapping(mlir::ModuleOp quantized, const CompileOptions& options,
                               const StimulusOptions& stimulus_options,
                               DiagnosticCollector& diagnostics) {
  mlir::OwningOpRef<mlir::ModuleOp> module = quantized.clone();
  CompileOptions chip_options = options;
  chip_options.emit = EmitStage::Image;
  const std::string strategy = options.partition + "/" + options.placement;
  if (mlir::failed(runCompilePipeline(*module, chip_options)))
    diagnostics.fail("--simulate: compiling with " + strategy + " failed");
  mlir::FailureOr<image::Image> image = emitModuleImage(*module, chip_options);
  if (mlir::failed(image))
    diagnostics.fail("--simulate: no image for " + strategy);

  Stimulus stimulus;
  try {
    stimulus = make_stimulus(*image, stimulus_options);
  } catch (const UsageError& e) {
    // make_stimulus speaks of `gyrus sim`'s options; name place-compare's.
    std::string message = e.what();
    for (const auto& [sim_option, own] :
         {std::pair{"--task", "--simulate"}, std::pair{"--trials", "--sim-trials"}})
      if (message.rfind(sim_option, 0) == 0 && message.find(':') == std::strlen(sim_option))
        message = own + message.substr(std::strlen(sim_option));
    throw UsageError(message);
  }
  sim::ChipSimulator simulator(*image);
  int64_t steps = 0;
  const DrivenNetwork network{[&simulator] { simulator.reset(); },
                              [&](const ref::HostInput& input) -> const sim::HostOutputs& {
                                simulator.step(input);
                                ++steps;
                                return simulator.outputs();
                              }};
  drive(*image, stimulus, network);
  SimulatedCost cost;
  cost.steps = steps;
  if (steps > 0) {
    cost.cycles_per_step =
        static_cast<double>(simulator.total_cycles()) / static_cast<double>(steps);
    cost.energy_per_step_pj = simulator.total_energy().total_pj() / static_cast<double>(steps);
  }
  return cost;
}

} // namespace gyrus::cli
