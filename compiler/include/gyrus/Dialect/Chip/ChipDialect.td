//===- ChipDialect.td - the hardware-level dialect ------------*- tablegen -*-===//
//
// The chip dialect is a network mapped onto a Loihi-style many-core chip: cores with
// their compartments, synapse memory and axon tables, routes over the mesh, and the
// host's input and output maps. convert-snn-to-chip creates it, chip-place and
// chip-route fill in coordinates and routes, chip-emit-image writes it out. The chip op
// carries the target's limits, so every core is checked against them.
//
//===----------------------------------------------------------------------===//

#ifndef GYRUS_DIALECT_CHIP_CHIPDIALECT_TD
#define GYRUS_DIALECT_CHIP_CHIPDIALECT_TD

include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/OpBase.td"

def Chip_Dialect : Dialect {
  let name = "chip";
  let cppNamespace = "::gyrus::chip";
  let summary = "Networks mapped onto the cores and mesh of a neuromorphic chip";
  let description = [{
    Integer-only: every weight and parameter is in the target's register format.
    Compartment groups use the neuron models of the snn dialect, with their
    `fixed_params` form. See docs/ir-reference.md.
  }];
  let dependentDialects = ["::gyrus::snn::SNNDialect"];
  let useDefaultAttributePrinterParser = 1;
}

class Chip_Attr<string name, string attrMnemonic> : AttrDef<Chip_Dialect, name> {
  let mnemonic = attrMnemonic;
  let assemblyFormat = "`<` struct(params) `>`";
  let genVerifyDecl = 1;
}

def Chip_MeshAttr : Chip_Attr<"Mesh", "mesh"> {
  let summary = "The core mesh: tiles in columns x rows, cores per tile, chips";
  let description = [{
    Each chip is a `cols` x `rows` mesh of tiles (routers); each tile holds
    `cores_per_tile` cores. Every count is at least 1.
  }];
  let parameters = (ins "int64_t":$cols, "int64_t":$rows, "int64_t":$cores_per_tile,
                        "int64_t":$chips);
  let extraClassDeclaration = [{
    int64_t getNumCores() const {
      return getCols() * getRows() * getCoresPerTile() * getChips();
    }
  }];
}

def Chip_CoreLimitsAttr : Chip_Attr<"CoreLimits", "core_limits"> {
  let summary = "What one core can hold";
  let description = [{
    `compartments` neurons; `in_axons` input axons (rows of synapse memory);
    `out_axons` output axons (entries of the axon table, one per compartment and
    destination core); `synapse_bits` bits of synapse memory; weights of
    `weight_bits` magnitude bits plus a sign (|w| <= 2^weight_bits - 1); per-synapse
    delays of `delay_bits` bits (0: no per-synapse delays).
  }];
  let parameters = (ins "int64_t":$compartments, "int64_t":$in_axons, "int64_t":$out_axons,
                        "int64_t":$synapse_bits, "int64_t":$weight_bits, "int64_t":$delay_bits);
}

def Chip_SynapseEncodingAttr : Chip_Attr<"SynapseEncoding", "synapse_encoding"> {
  let summary = "How synapse memory is counted (nengo-loihi's bits_per_axon)";
  let description = [{
    The synapses of one input axon are stored in groups of at most `group_size`;
    each group costs `group_header_bits` plus, per synapse, the weight bits, the
    delay bits and the compartment index bits, and is rounded up to whole
    `word_bits` words. Per synapse block, index bits are ceil(log2(largest
    compartment index + 1)), at least `min_index_bits` unless every index is 0,
    and delay bits ceil(log2(largest delay + 1)), 0 without delays.
  }];
  let parameters = (ins "int64_t":$word_bits, "int64_t":$group_size,
                        "int64_t":$group_header_bits, "int64_t":$min_index_bits);
}

def Chip_CoordAttr : Chip_Attr<"Coord", "coord"> {
  let summary = "Where a core sits: chip, tile column x, tile row y, core slot in the tile";
  let parameters = (ins "int64_t":$chip, "int64_t":$x, "int64_t":$y, "int64_t":$core);
}

class Chip_Op<string mnemonic, list<Trait> traits = []>
    : Op<Chip_Dialect, mnemonic, traits>;

#endif // GYRUS_DIALECT_CHIP_CHIPDIALECT_TD
