//===- Passes.td - gyrus transformation passes -----------------*- tablegen -*-===//
//
// The snn passes of the compile pipeline (docs/ir-reference.md, docs/quantization.md).
// Both anchor on snn.network: a network is isolated from above and is everything a
// pass needs, and gyrus-opt nests them under the module implicitly.
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

#endif // GYRUS_TRANSFORMS_PASSES_TD
