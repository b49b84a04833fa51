//===- SNNOps.td - snn dialect operations ---------------------*- tablegen -*-===//
//
// network, population and projection. Verifiers check everything that can be checked
// without a target: sizes, shapes, parameter names, types and ranges, and references.
// Per-chip limits are checked later, against a target description.
//
//===----------------------------------------------------------------------===//

#ifndef GYRUS_DIALECT_SNN_SNNOPS_TD
#define GYRUS_DIALECT_SNN_SNNOPS_TD

include "gyrus/Dialect/SNN/SNNDialect.td"
include "mlir/IR/SymbolInterfaces.td"

def SNN_NetworkOp : SNN_Op<"network", [
    Symbol, SymbolTable, IsolatedFromAbove, SingleBlock, NoTerminator, NoRegionArguments
  ]> {
  let summary = "A network: populations and projections, with host inputs and outputs";
  let description = [{
    The body holds only `snn.population` and `snn.projection` ops, which are symbols
    of the network's own symbol table. `inputs` lists the populations the host drives,
    each of model `input`; every `input` population must be listed, exactly once.
    `outputs` lists the populations the host reads, none of model `input`. Provenance
    (tasks, regulariser, seed, ...) may ride along as extra attributes.

    ```mlir
    snn.network @rnn inputs [@x] outputs [@y] {
      snn.population @x size 3 model input
      snn.population @y size 2 model linear
      snn.projection @w_out from @x to @y weights dense<0.5> : tensor<2x3xf32>
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefArrayAttr:$inputs,
                       FlatSymbolRefArrayAttr:$outputs);
  let regions = (region SizedRegion<1>:$bodyRegion);
  let assemblyFormat = [{
    $sym_name `inputs` $inputs `outputs` $outputs attr-dict-with-keyword $bodyRegion
  }];
  let hasRegionVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [
    OpBuilder<(ins "::llvm::StringRef":$name, "::mlir::ArrayAttr":$inputs,
                   "::mlir::ArrayAttr":$outputs)>
  ];
}

def SNN_PopulationOp : SNN_Op<"population", [Symbol, HasParent<"NetworkOp">]> {
  let summary = "A group of neurons that share a neuron model";
  let description = [{
    `size` neurons of neuron model `model`. `params` holds the model's float
    parameters and `fixed_params` its integer ones, which snn-quantize adds (the
    float ones stay, so that the quantization error can be reported). Each model
    accepts a fixed set of parameter names, each with a type and a range; `bias`
    (and its integer form `bias_mant`) may be a per-neuron array of shape [size], every
    other parameter is one scalar for the whole population. The tables are in
    docs/ir-reference.md. `positions`, if present, are the neurons' 2D coordinates,
    shape [size, 2], float.

    ```mlir
    snn.population @h size 400 model leaky_sigma_delta
        params {alpha = 2.000000e-01 : f64, bias = dense_resource<h_bias> : tensor<400xf32>}
        positions dense_resource<h_pos> : tensor<400x2xf32>
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       ConfinedAttr<I64Attr, [IntPositive]>:$size,
                       SNN_NeuronModelAttr:$model,
                       OptionalAttr<DictionaryAttr>:$params,
                       OptionalAttr<DictionaryAttr>:$fixed_params,
                       OptionalAttr<ElementsAttr>:$positions);
  let assemblyFormat = [{
    $sym_name `size` $size `model` `` $model (`params` $params^)? (`fixed_params` $fixed_params^)?
    (`positions` $positions^)? attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// The parameter `name`, from fixed_params if `fixed`, else from params; null if
    /// absent.
    ::mlir::Attribute getParam(::llvm::StringRef name, bool fixed = false);
  }];
}

def SNN_ProjectionOp : SNN_Op<"projection", [
    Symbol, HasParent<"NetworkOp">, DeclareOpInterfaceMethods<SymbolUserOpInterface>
  ]> {
  let summary = "Weighted connections from one population to another";
  let description = [{
    Connects `source` to `target` (populations of the same network; a population may
    project to itself). Weights are indexed [target neuron, source neuron], as
    NIR's and PyTorch's W[out, in].

    - Dense: `weights` has shape [target size, source size].
    - Sparse (CSR over target rows): `indptr` has shape [target size + 1], starts at 0
      and never decreases, and ends at nnz; `indices` (source neurons, each below the
      source size) and `weights` have shape [nnz]. Both are integer arrays.

    Float weights are the trained values. Integer weights are quantized mantissas;
    they need `weight_exp`, and each stands for mantissa * 2^weight_exp in the fixed
    point units of the target population's `fixed_params`. Float weights must not
    carry `weight_exp`.

    `delays` (default 0) adds whole timesteps to the one-step transmission delay: a
    non-negative integer for the whole projection or an integer array shaped like
    `weights`, one per synapse.

    ```mlir
    snn.projection @w_rec from @h to @h weights dense_resource<w_rec> : tensor<400x400xf32>
    snn.projection @w_q from @x to @h weights dense<[3, -7]> : tensor<2xi8>
        indptr dense<[0, 1, 2]> : tensor<3xi32> indices dense<[0, 2]> : tensor<2xi32>
        weight_exp -2 delays 1 : i64
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name,
                       FlatSymbolRefAttr:$source,
                       FlatSymbolRefAttr:$target,
                       ElementsAttr:$weights,
                       OptionalAttr<ElementsAttr>:$indptr,
                       OptionalAttr<ElementsAttr>:$indices,
                       OptionalAttr<I32Attr>:$weight_exp,
                       OptionalAttr<AnyAttrOf<[I64Attr, ElementsAttr]>>:$delays);
  let assemblyFormat = [{
    $sym_name `from` $source `to` $target `weights` $weights
    (`indptr` $indptr^ `indices` $indices)? (`weight_exp` $weight_exp^)? (`delays` $delays^)?
    attr-dict
  }];
  let hasVerifier = 1;
  let extraClassDeclaration = [{
    /// Sparse (CSR) rather than dense weights.
    bool isSparse() { return getIndptr().has_value(); }
    /// Integer (quantized) rather than float weights.
    bool isQuantized();
  }];
}

#endif // GYRUS_DIALECT_SNN_SNNOPS_TD
