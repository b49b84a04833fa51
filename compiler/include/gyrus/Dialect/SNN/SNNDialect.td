//===- SNNDialect.td - the target-independent network dialect -*- tablegen -*-===//
//
// The snn dialect describes a trained spiking or graded-spike network independently of
// any chip: populations of neurons that share a neuron model, projections (weight
// matrices) between them, and the network's host inputs and outputs. Importers produce
// it; snn-quantize turns its float parameters into integer ones; convert-snn-to-chip
// lowers it to the chip dialect.
//
//===----------------------------------------------------------------------===//

#ifndef GYRUS_DIALECT_SNN_SNNDIALECT_TD
#define GYRUS_DIALECT_SNN_SNNDIALECT_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/EnumAttr.td"
include "mlir/IR/OpBase.td"

def SNN_Dialect : Dialect {
  let name = "snn";
  let cppNamespace = "::gyrus::snn";
  let summary = "Target-independent spiking and graded-spike networks";
  let description = [{
    A network is a graph of populations joined by projections. Time is discrete:
    whatever a population emits in step t is integrated by its targets in step t+1.
    Weights and other large arrays are meant to live in `dense_resource` blobs so that
    the IR of a large network stays small; see docs/ir-reference.md.
  }];
  let useDefaultAttributePrinterParser = 1;
}

// The neuron models of docs/neuron-models.md. The C++ names are CamelCase; the IR
// spelling is the snake_case string.
def SNN_NeuronModel : I32EnumAttr<"NeuronModel", "neuron model", [
    I32EnumAttrCase<"Input", 0, "input">,
    I32EnumAttrCase<"CubaLif", 1, "cuba_lif">,
    I32EnumAttrCase<"SigmaDelta", 2, "sigma_delta">,
    I32EnumAttrCase<"LeakySigmaDelta", 3, "leaky_sigma_delta">,
    I32EnumAttrCase<"Linear", 4, "linear">
  ]> {
  let cppNamespace = "::gyrus::snn";
  let genSpecializedAttr = 0;
}

def SNN_NeuronModelAttr : EnumAttr<SNN_Dialect, SNN_NeuronModel, "model">;

class SNN_Op<string mnemonic, list<Trait> traits = []>
    : Op<SNN_Dialect, mnemonic, traits>;

#endif // GYRUS_DIALECT_SNN_SNNDIALECT_TD
