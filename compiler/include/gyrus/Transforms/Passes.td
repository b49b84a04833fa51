//===- Passes.td - gyrus transformation passes -----------------*- tablegen -*-===//
//
// The passes of the compile pipeline (docs/ir-reference.md, docs/quantization.md,
// docs/mapping.md). The snn passes anchor on snn.network and the chip passes on
// chip.chip: each is isolated from above and is everything a pass needs, and gyrus-opt
// nests them under the module implicitly. convert-snn-to-chip replaces a network with
// a chip and chip-emit-image writes a file for the module's one chip, so those two
// anchor on the module.
//
//===----------------------------------------------------------------------===//

#ifndef GYRUS_TRANSFORMS_PASSES_TD
#define GYRUS_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def SnnVerifyTarget : Pass<"snn-verify-target", "::gyrus::snn::NetworkOp"> {
  let summary = "Check a network against a target's chip-wide limits";
  let description = [{
    Fails, with an error on the offending population or projection, when the network
    cannot run on the target at all, whatever the partitioning:
    - a non-input population's neuron model is not in `core.neuron_models`;
    - a population, or all non-input populations together, need more compartments
      than the chip has (cores × `core.compartments`);
    - a delay exceeds 2^`delay_bits` − 1;
    - a quantized projection's mantissas exceed the `weight_bits` range of its sign
      mode (2^B − 1 single-sign, 2^(B−1) − 1 mixed-sign).
    Fan-in is a per-core limit on Loihi (input axons), so the partitioner checks it.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target preset name (loihi1, loihi2, mini) or chip description JSON file">
  ];
}

def SnnQuantize : Pass<"snn-quantize", "::gyrus::snn::NetworkOp"> {
  let summary = "Convert float parameters and weights to the target's integer formats";
  let description = [{
    Adds integer `fixed_params` to every population (keeping the float `params`) and
    replaces every projection's float weights with integer mantissas and a
    `weight_exp`, choosing scales per population and exponents per projection as
    docs/quantization.md describes. Every projection and quantized population gets a
    `gyrus.quantization` report of the error; saturation is also a warning. The
    network records the fraction bits of graded values as `gyrus.frac_bits`. IR that
    is already quantized is left as it is.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target preset name (loihi1, loihi2, mini) or chip description JSON file">,
    Option<"fracBits", "frac-bits", "int", /*default=*/"12",
           "Fraction bits F of graded state: one unit is 2^-F">
  ];
}

def SnnPartition : Pass<"snn-partition", "::gyrus::snn::NetworkOp"> {
  let summary = "Assign every on-chip neuron to a core, within every per-core limit";
  let description = [{
    Extracts the network (input populations stay on the host; synapses with a zero
    weight are dropped) into the mapping library's network and partitions it with
    `strategy` (docs/mapping.md). Every non-input population gets `gyrus.cores`, the
    core of each of its neurons (an i32 array of shape [size]); the network gets
    `gyrus.partition = {strategy, seed, min_cores, cores, target}`. A network that
    does not fit fails with the mapping library's message (the limit, the
    population and the excess), located on the population it names.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target preset name (loihi1, loihi2, mini) or chip description JSON file">,
    Option<"strategy", "strategy", "std::string", /*default=*/"\"spatial\"",
           "spatial, linear, random, hilbert, metis or anneal">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0", "Seed of random and anneal">,
    Option<"minCores", "min-cores", "int", /*default=*/"0",
           "Spread the network over at least this many cores">,
    Option<"annealStart", "anneal-start", "std::string", /*default=*/"\"spatial\"",
           "anneal: the strategy it refines">,
    Option<"annealIterations", "anneal-iterations", "int64_t", /*default=*/"200000",
           "anneal: iterations (deterministic)">,
    Option<"annealTimeBudget", "anneal-time-budget", "double", /*default=*/"0",
           "anneal: stop after this many seconds (0: no limit; then the result depends "
           "on the machine's speed)">
  ];
}

def ConvertSnnToChip : Pass<"convert-snn-to-chip", "::mlir::ModuleOp"> {
  let summary = "Replace each partitioned, quantized snn.network with a chip.chip";
  let description = [{
    Builds one `chip.core` per core of `gyrus.partition`: compartment groups (runs of
    consecutive neurons of one population, with the population's `fixed_params` and
    per-compartment biases), one input axon per (source neuron, destination core),
    synapse blocks in CSR form (one per source population, with its weight_exp), the
    axon table (one entry per compartment and distinct destination core), and the
    host's input and output maps. Groups carry their neurons' positions as
    `gyrus.positions` for chip-place. The network's own attributes (provenance,
    `gyrus.partition`, `gyrus.frac_bits`, ...) move to the chip, which replaces it.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target preset name (loihi1, loihi2, mini) or chip description JSON file">
  ];
  let dependentDialects = ["::gyrus::chip::ChipDialect"];
}

def ChipPlace : Pass<"chip-place", "::gyrus::chip::ChipOp"> {
  let summary = "Assign every core a mesh coordinate";
  let description = [{
    Places the cores with the mapping library's placement `strategy` over the
    core-to-core traffic of the axon tables; spatial maps the neurons' positions
    (`gyrus.positions`) onto the mesh. Records `gyrus.placement = {strategy, seed}`.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target preset name (loihi1, loihi2, mini) or chip description JSON file">,
    Option<"strategy", "strategy", "std::string", /*default=*/"\"spatial\"",
           "spatial, linear, random, hilbert or anneal">,
    Option<"seed", "seed", "uint64_t", /*default=*/"0", "Seed of random and anneal">,
    Option<"annealIterations", "anneal-iterations", "int64_t", /*default=*/"100000",
           "anneal: iterations">
  ];
}

def ChipRoute : Pass<"chip-route", "::gyrus::chip::ChipOp"> {
  let summary = "XY dimension-order routes between cores that exchange packets";
  let description = [{
    Replaces the chip's routes with one `chip.route` per (source core, destination
    core) pair of the axon tables, source and destination different, in order of
    source then destination: first along x (across chips too), then along y. Every
    core must be placed.
  }];
}

def ChipEmitImage : Pass<"chip-emit-image", "::mlir::ModuleOp"> {
  let summary = "Write the module's placed and routed chip as a deployment image";
  let description = [{
    Writes the one `chip.chip` of the module to `output` (.gimg, docs/image-format.md),
    atomically. The metadata takes the network name from the chip, the source hash
    from `gyrus.source_hash`, the strategy from `gyrus.partition` and
    `gyrus.placement`. The same IR and options give identical bytes. The IR is left
    unchanged.
  }];
  let options = [
    Option<"target", "target", "std::string", /*default=*/"\"\"",
           "Target preset name or chip description file: the description stored in the image">,
    Option<"output", "output", "std::string", /*default=*/"\"\"", "The image file to write">
  ];
}

#endif // GYRUS_TRANSFORMS_PASSES_TD
