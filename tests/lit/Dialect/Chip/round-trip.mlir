// Every chip op and attribute survives text -> text, text -> generic form -> text and
// text -> bytecode -> text.
// RUN: gyrus-opt %s | gyrus-opt | FileCheck %s
// RUN: gyrus-opt %s -mlir-print-op-generic | gyrus-opt | FileCheck %s
// RUN: gyrus-opt %s --emit-bytecode | gyrus-opt | FileCheck %s

// A two-core mapping of in(2) -> h(3, cuba_lif) -> out(1, linear) on a 2x2 mesh:
// h's first two neurons on core 0, its third and the readout on core 1.

// CHECK-LABEL: chip.chip @net target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1> limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0> encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6> models [#snn<model cuba_lif>, #snn<model linear>] {
chip.chip @net target "mini"
    mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536,
            weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // CHECK-NEXT: chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {
    // CHECK-NEXT: chip.compartments first 0 count 2 model cuba_lif params {bias_mant = dense<[1, -1]> : tensor<2xi16>, du = 409 : i64, dv = 205 : i64, vth_mant = 100 : i64} population "h" offset 0
    chip.compartments first 0 count 2 model cuba_lif
        params {du = 409, dv = 205, vth_mant = 100, bias_mant = dense<[1, -1]> : tensor<2xi16>}
        population "h" offset 0
    // CHECK-NEXT: chip.synapses first_axon 0 num_axons 2 weight_exp -1 indptr dense<[0, 2, 3]> : tensor<3xi32> compartments dense<[0, 1, 1]> : tensor<3xi16> weights dense<[100, -100, 255]> : tensor<3xi16>
    chip.synapses first_axon 0 num_axons 2 weight_exp -1
        indptr dense<[0, 2, 3]> : tensor<3xi32> compartments dense<[0, 1, 1]> : tensor<3xi16>
        weights dense<[100, -100, 255]> : tensor<3xi16>
    // CHECK-NEXT: chip.axons indptr dense<[0, 1, 1]> : tensor<3xi32> cores dense<1> : tensor<1xi32> axons dense<0> : tensor<1xi32>
    chip.axons indptr dense<[0, 1, 1]> : tensor<3xi32> cores dense<1> : tensor<1xi32>
        axons dense<0> : tensor<1xi32>
  }
  // CHECK: chip.core 1 at <chip = 0, x = 1, y = 0, core = 0> {
  chip.core 1 at <chip = 0, x = 1, y = 0, core = 0> {
    chip.compartments first 0 count 1 model cuba_lif params {du = 409, dv = 205, vth_mant = 100}
        population "h" offset 2
    // CHECK: chip.compartments first 1 count 1 model linear params {bias = dense<4> : tensor<1xi32>} population "out" offset 0
    chip.compartments first 1 count 1 model linear params {bias = dense<4> : tensor<1xi32>}
        population "out" offset 0
    // Axon 0 brings core 0's compartment 0 to compartment 1; axons 1 and 2 bring
    // the input.
    chip.synapses first_axon 0 num_axons 1 weight_exp 0
        indptr dense<[0, 1]> : tensor<2xi32> compartments dense<1> : tensor<1xi32>
        weights dense<7> : tensor<1xi8>
    // CHECK: chip.synapses first_axon 1 num_axons 2 weight_exp 2 indptr dense<[0, 1, 1]> : tensor<3xi32> compartments dense<0> : tensor<1xi32> weights dense<-3> : tensor<1xi8>
    chip.synapses first_axon 1 num_axons 2 weight_exp 2
        indptr dense<[0, 1, 1]> : tensor<3xi32> compartments dense<0> : tensor<1xi32>
        weights dense<-3> : tensor<1xi8>
    chip.axons indptr dense<0> : tensor<3xi32> cores dense<> : tensor<0xi32>
        axons dense<> : tensor<0xi32>
  }
  // CHECK: chip.route from 0 to 1 path [0, 0, 0, 0, 1, 0]
  chip.route from 0 to 1 path [0, 0, 0, 0, 1, 0]
  // CHECK-NEXT: chip.input "in" size 2 indptr dense<[0, 2, 3]> : tensor<3xi32> cores dense<[0, 1, 1]> : tensor<3xi32> axons dense<[0, 1, 2]> : tensor<3xi32>
  chip.input "in" size 2 indptr dense<[0, 2, 3]> : tensor<3xi32>
      cores dense<[0, 1, 1]> : tensor<3xi32> axons dense<[0, 1, 2]> : tensor<3xi32>
  // CHECK-NEXT: chip.output "out" size 1 cores dense<1> : tensor<1xi32> compartments dense<1> : tensor<1xi32>
  chip.output "out" size 1 cores dense<1> : tensor<1xi32> compartments dense<1> : tensor<1xi32>
}

// Before placement cores have no coordinate.
// CHECK-LABEL: chip.chip @unplaced
// CHECK-NEXT: chip.core 0 {
chip.chip @unplaced target "loihi2"
    mesh <cols = 8, rows = 4, cores_per_tile = 4, chips = 2>
    limits <compartments = 8192, in_axons = 4096, out_axons = 4096, synapse_bits = 1048576,
            weight_bits = 8, delay_bits = 6>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model sigma_delta>, #snn<model leaky_sigma_delta>] {
  chip.core 0 {
    chip.compartments first 0 count 4 model leaky_sigma_delta params {alpha_q = 819, vth = 0}
        population "h" offset 0
    // CHECK: delays dense<[0, 63]> : tensor<2xi8>
    chip.synapses first_axon 0 num_axons 1 weight_exp 0
        indptr dense<[0, 2]> : tensor<2xi32> compartments dense<[0, 3]> : tensor<2xi32>
        weights dense<[1, 2]> : tensor<2xi8> delays dense<[0, 63]> : tensor<2xi8>
  }
}
