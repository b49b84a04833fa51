// Compartment groups are runs of consecutive neurons: linear 2-neuron cores over a
// cuba_lif population whose neurons alternate between two cores give one group per
// neuron. Scalar parameters are shared, per-neuron bias_mant is sliced.
// RUN: gyrus-opt %s --convert-snn-to-chip="target=mini" | FileCheck %s

// CHECK: chip.core 0 {
// CHECK-NEXT: chip.compartments first 0 count 1 model cuba_lif params {bias_exp = 1 : i64, bias_mant = dense<7> : tensor<1xi16>, du = 100 : i64, dv = 200 : i64, vth_mant = 50 : i64} population "n" offset 0
// CHECK-NEXT: chip.compartments first 1 count 1 model cuba_lif params {bias_exp = 1 : i64, bias_mant = dense<9> : tensor<1xi16>, du = 100 : i64, dv = 200 : i64, vth_mant = 50 : i64} population "n" offset 2
// A uniform delay becomes one per synapse.
// CHECK-NEXT: chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 2]> : tensor<2xi8> compartments dense<[0, 1]> : tensor<2xi8> weights dense<5> : tensor<2xi8> delays dense<3> : tensor<2xi8>
// CHECK: chip.core 1 {
// CHECK-NEXT: chip.compartments first 0 count 1 model cuba_lif {{.*}}bias_mant = dense<8> {{.*}} population "n" offset 1
// CHECK-NEXT: chip.compartments first 1 count 1 model cuba_lif {{.*}}bias_mant = dense<10> {{.*}} population "n" offset 3
snn.network @alternating inputs [@x] outputs [@n] attributes {gyrus.partition = {cores = 2 : i64, target = "mini"}} {
  snn.population @x size 1 model input
  snn.population @n size 4 model cuba_lif params {decay_u = 0.1 : f64, decay_v = 0.1 : f64} fixed_params {bias_exp = 1 : i64, bias_mant = dense<[7, 8, 9, 10]> : tensor<4xi16>, du = 100 : i64, dv = 200 : i64, vth_mant = 50 : i64} {gyrus.cores = dense<[0, 1, 0, 1]> : tensor<4xi32>}
  snn.projection @w from @x to @n weights dense<5> : tensor<4x1xi8> weight_exp 0 delays 3 : i64
}
