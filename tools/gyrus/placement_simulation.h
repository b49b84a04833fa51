// `gyrus place-compare --simulate`: what each strategy's mapping costs when it runs,
// measured in the cycle-accurate simulator rather than estimated by the cost model. The
// quantized network is compiled with the strategy by the compile pipeline, so the image is
// the one `gyrus compile --partition P --placement Q` writes, and the image runs the
// stimulus of `gyrus sim` (tools/gyrus/stimulus.h).
#pragma once

#include "gyrus/Pipeline/Compile.h"
#include "mlir/IR/BuiltinOps.h"
#include "tools/gyrus/compiler_diagnostics.h"
#include "tools/gyrus/stimulus.h"

#include <cstdint>

namespace gyrus::cli {

struct SimulatedCost {
  int64_t steps = 0;
  double cycles_per_step = 0;
  double energy_per_step_pj = 0;
};

/// Compiles a copy of `quantized` (a module after EmitStage::Quantized) with `options`'
/// target, partition, placement and seed, then drives the image with `stimulus` in a
/// sim::ChipSimulator. Compiler errors go to `diagnostics` and are thrown as UsageError,
/// as are stimuli that do not fit the image.
SimulatedCost simulate_mapping(mlir::ModuleOp quantized, const CompileOptions& options,
                               const StimulusOptions& stimulus, DiagnosticCollector& diagnostics);

} // namespace gyrus::cli
