//===- ChipOps.td - chip dialect operations -------------------*- tablegen -*-===//
//
// chip > core > {compartments, synapses, axons}; chip > {route, input, output}.
// Cores are numbered (`id`); tables refer to cores by id, as the hardware's do.
// Arrays are integer dense or dense_resource attributes.
//
//===----------------------------------------------------------------------===//

#ifndef GYRUS_DIALECT_CHIP_CHIPOPS_TD
#define GYRUS_DIALECT_CHIP_CHIPOPS_TD

include "gyrus/Dialect/Chip/ChipDialect.td"
include "gyrus/Dialect/SNN/SNNDialect.td"
include "mlir/IR/SymbolInterfaces.td"

def Chip_ChipOp : Chip_Op<"chip", [
    Symbol, IsolatedFromAbove, SingleBlock, NoTerminator, NoRegionArguments
  ]> {
  let summary = "A network mapped onto one target: its cores, routes and host I/O";
  let description = [{
    `target` names the chip description (targets/<target>.json) whose mesh, per-core
    limits, synapse encoding and supported neuron `models` are copied here, so that
    the IR is checked without reading the file again. The body holds `chip.core`,
    `chip.route`, `chip.input` and `chip.output` ops.

    The verifier checks across cores: unique ids; unique coordinates inside the
    mesh; every table entry names an existing core and, for axons, an input axon
    that core has; outputs name existing compartments; routes join their cores'
    routers through neighbouring routers.
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, StrAttr:$target, Chip_MeshAttr:$mesh,
                       Chip_CoreLimitsAttr:$limits, Chip_SynapseEncodingAttr:$encoding,
                       TypedArrayAttrBase<SNN_NeuronModelAttr, "neuron models">:$models);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = [{
    $sym_name `target` $target `mesh` $mesh `limits` $limits `encoding` $encoding
    `models` $models attr-dict-with-keyword $bodyRegion
  }];
  let hasVerifier = 1;
  let hasRegionVerifier = 1;
}

def Chip_CoreOp : Chip_Op<"core", [
    HasParent<"ChipOp">, SingleBlock, NoTerminator, NoRegionArguments
  ]> {
  let summary = "One neuro-core: compartment groups, synapse memory, axon table";
  let description = [{
    Core `id` (unique on the chip) at mesh coordinate `coord`, which chip-place
    assigns (absent before placement). The body holds `chip.compartments` groups,
    `chip.synapses` blocks and at most one `chip.axons` table.

    The verifier checks the core against the chip's `limits`: compartments used
    (the end of the last group), input axons (the end of the last synapse block),
    output axons (entries of the axon table) and synapse memory bits (counted with
    the chip's `encoding`), and that every group's model is one the target supports.
    Groups may not overlap, nor may synapse blocks.
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$id,
                       OptionalAttr<Chip_CoordAttr>:$coord);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = "$id (`at` $coord^)? attr-dict-with-keyword $bodyRegion";
  let hasRegionVerifier = 1;
  let extraClassDeclaration = [{
    /// Compartments in use: the end of the last group.
    int64_t getNumCompartments();
    /// Input axons in use: the end of the last synapse block.
    int64_t getNumInAxons();
  }];
}

def Chip_CompartmentsOp : Chip_Op<"compartments", [HasParent<"CoreOp">]> {
  let summary = "A group of compartments that run one neuron model";
  let description = [{
    Compartments [first, first + count) of the core run `model` with the integer
    parameters `params` (the snn `fixed_params` form; per-neuron arrays have shape
    [count]). They are neurons [offset, offset + count) of snn population
    `population`.

    ```mlir
    chip.compartments first 0 count 64 model cuba_lif
        params {du = 409 : i64, dv = 204 : i64, vth_mant = 100 : i64} population "h" offset 0
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$first,
                       ConfinedAttr<I64Attr, [IntPositive]>:$count,
                       SNN_NeuronModelAttr:$model,
                       DictionaryAttr:$params,
                       StrAttr:$population,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$offset);
  let assemblyFormat = [{
    `first` $first `count` $count `model` `` $model `params` $params
    `population` $population `offset` $offset attr-dict
  }];
  let hasVerifier = 1;
}

def Chip_SynapsesOp : Chip_Op<"synapses", [HasParent<"CoreOp">]> {
  let summary = "A block of synapse memory: the synapses of a range of input axons";
  let description = [{
    Input axons [first_axon, first_axon + num_axons) of the core, in CSR form: the
    synapses of axon first_axon + a are entries [indptr[a], indptr[a + 1]) of
    `compartments` (target compartment in this core) and `weights` (integer
    mantissas; the effective weight is w * 2^weight_exp in the target's units) and,
    if present, `delays` (extra timesteps). Every weight must fit the chip's
    `weight_bits` and every delay its `delay_bits`.

    ```mlir
    chip.synapses first_axon 0 num_axons 2 weight_exp 0
        indptr dense<[0, 1, 3]> : tensor<3xi32> compartments dense<[0, 0, 1]> : tensor<3xi16>
        weights dense<[12, -3, 7]> : tensor<3xi8>
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$first_axon,
                       ConfinedAttr<I64Attr, [IntPositive]>:$num_axons,
                       I32Attr:$weight_exp,
                       ElementsAttr:$indptr,
                       ElementsAttr:$compartments,
                       ElementsAttr:$weights,
                       OptionalAttr<ElementsAttr>:$delays);
  let assemblyFormat = [{
    `first_axon` $first_axon `num_axons` $num_axons `weight_exp` $weight_exp
    `indptr` $indptr `compartments` $compartments `weights` $weights
    (`delays` $delays^)? attr-dict
  }];
  let hasVerifier = 1;
}

def Chip_AxonsOp : Chip_Op<"axons", [HasParent<"CoreOp">]> {
  let summary = "The core's output axon table";
  let description = [{
    One row per compartment of the core (`indptr` has one entry more than the
    core has compartments): a spike of compartment c is sent once to each entry
    [indptr[c], indptr[c + 1]), that is to input axon `axons[k]` of core
    `cores[k]`. A row names each destination core at most once (one packet per
    source neuron and destination core; the destination fans it out through its
    synapse memory). The number of entries counts against `out_axons`.
  }];
  let arguments = (ins ElementsAttr:$indptr, ElementsAttr:$cores, ElementsAttr:$axons);
  let assemblyFormat = "`indptr` $indptr `cores` $cores `axons` $axons attr-dict";
  let hasVerifier = 1;
}

def Chip_RouteOp : Chip_Op<"route", [HasParent<"ChipOp">]> {
  let summary = "The path packets take from one core to another";
  let description = [{
    `path` lists the routers visited from core `source` to core `dest`, both
    placed, as flattened (chip, x, y) triples: first the source core's router, last
    the destination's. Consecutive routers on one chip are mesh neighbours; a step
    between chips is an inter-chip link. chip-route writes XY dimension-order
    paths, but the verifier accepts any connected path.

    ```mlir
    chip.route from 0 to 5 path [0, 0, 0, 0, 1, 0, 0, 1, 1]
    ```
  }];
  let arguments = (ins ConfinedAttr<I64Attr, [IntNonNegative]>:$source,
                       ConfinedAttr<I64Attr, [IntNonNegative]>:$dest,
                       DenseI64ArrayAttr:$path);
  let assemblyFormat = "`from` $source `to` $dest `path` $path attr-dict";
  let hasVerifier = 1;
}

def Chip_InputOp : Chip_Op<"input", [HasParent<"ChipOp">]> {
  let summary = "Host input channel: where each input neuron's spikes go";
  let description = [{
    Network input `name` (an snn input population) of `size` neurons. Neuron i's
    spikes go to input axon `axons[k]` of core `cores[k]` for every k in
    [indptr[i], indptr[i + 1]), once per destination core.
  }];
  let arguments = (ins StrAttr:$name, ConfinedAttr<I64Attr, [IntPositive]>:$size,
                       ElementsAttr:$indptr, ElementsAttr:$cores, ElementsAttr:$axons);
  let assemblyFormat = [{
    $name `size` $size `indptr` $indptr `cores` $cores `axons` $axons attr-dict
  }];
  let hasVerifier = 1;
}

def Chip_OutputOp : Chip_Op<"output", [HasParent<"ChipOp">]> {
  let summary = "Host output channel: which compartment holds each output neuron";
  let description = [{
    Network output `name` (an snn population) of `size` neurons; neuron i is
    compartment `compartments[i]` of core `cores[i]`.
  }];
  let arguments = (ins StrAttr:$name, ConfinedAttr<I64Attr, [IntPositive]>:$size,
                       ElementsAttr:$cores, ElementsAttr:$compartments);
  let assemblyFormat = "$name `size` $size `cores` $cores `compartments` $compartments attr-dict";
  let hasVerifier = 1;
}

#endif // GYRUS_DIALECT_CHIP_CHIPOPS_TD
