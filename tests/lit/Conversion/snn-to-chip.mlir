// convert-snn-to-chip on a partitioned network: h[0..2] on core 0, h[3..5] on core 1,
// the readout on core 2 (Inputs/tiny.json: 4 compartments per core).
// RUN: gyrus-opt %s --convert-snn-to-chip="target=%S/../Transforms/Inputs/tiny.json" | FileCheck %s
// The chip re-parses and verifies.
// RUN: gyrus-opt %s --convert-snn-to-chip="target=%S/../Transforms/Inputs/tiny.json" | gyrus-opt > /dev/null

// The network's attributes move to the chip, which replaces it.
// CHECK-NOT: snn.network
// CHECK: chip.chip @net target "tiny" mesh <cols = 3, rows = 2, cores_per_tile = 1, chips = 1> limits <compartments = 4,
// CHECK-SAME: attributes {gyrus.frac_bits = 12 : i64, gyrus.partition = {cores = 3 : i64, {{.*}}gyrus.source_hash = "sha256:00"}
// Core 0: h[0..2]; its biases and positions sliced to the group.
// CHECK: chip.core 0 {
// CHECK-NEXT: chip.compartments first 0 count 3 model leaky_sigma_delta params {alpha_q = 1024 : i64, bias = dense<[1, 2, 3]> : tensor<3xi32>, sigma_frac_bits = 8 : i64, vth = 0 : i64} population "h" offset 0 {gyrus.positions = dense<{{\[}}[0.000000e+00, 0.000000e+00], [1.000000e+00, 0.000000e+00], [2.000000e+00, 0.000000e+00]]> : tensor<3x2xf32>}
// One block per source population. Axon 0 is x[0] (onto h0 and h2), axon 1 x[1] (onto h1).
// CHECK-NEXT: chip.synapses first_axon 0 num_axons 2 weight_exp -6 indptr dense<[0, 2, 3]> : tensor<3xi8> compartments dense<[0, 2, 1]> : tensor<3xi8> weights dense<[10, 30, 20]> : tensor<3xi8>
// Axon 2 is h0 (onto h2, delay 2), axon 3 h5 (onto h0); the sparse w_rec keeps its delays.
// CHECK-NEXT: chip.synapses first_axon 2 num_axons 2 weight_exp -8 indptr dense<[0, 1, 2]> : tensor<3xi8> compartments dense<[2, 0]> : tensor<2xi8> weights dense<[-4, 3]> : tensor<2xi8> delays dense<[2, 0]> : tensor<2xi8>
// h0 sends once to core 0 (axon 2) and once to core 2 (axon 0), h1 to core 1, h2 to core 2.
// CHECK-NEXT: chip.axons indptr dense<[0, 2, 3, 4]> : tensor<4xi32> cores dense<[0, 2, 1, 2]> : tensor<4xi32> axons dense<[2, 0, 2, 1]> : tensor<4xi32>
// CHECK: chip.core 1 {
// CHECK-NEXT: chip.compartments first 0 count 3 model leaky_sigma_delta {{.*}} bias = dense<[4, 5, 6]> {{.*}} population "h" offset 3
// CHECK-NEXT: chip.synapses first_axon 0 num_axons 2 weight_exp -6 indptr dense<[0, 1, 3]> : tensor<3xi8> compartments dense<[1, 1, 2]> : tensor<3xi8> weights dense<[40, 50, 60]> : tensor<3xi8>
// CHECK-NEXT: chip.synapses first_axon 2 num_axons 1 weight_exp -8 indptr dense<[0, 1]> : tensor<2xi8> compartments dense<1> : tensor<1xi8> weights dense<5> : tensor<1xi8> delays dense<1> : tensor<1xi8>
// CHECK-NEXT: chip.axons indptr dense<[0, 0, 1, 2]> : tensor<4xi32> cores dense<[2, 0]> : tensor<2xi32> axons dense<[2, 3]> : tensor<2xi32>
// The readout: three axons (h0, h2, h4), no targets.
// CHECK: chip.core 2 {
// CHECK-NEXT: chip.compartments first 0 count 1 model linear params {sigma_frac_bits = 6 : i64} population "y" offset 0
// CHECK-NOT: gyrus.positions
// CHECK-NEXT: chip.synapses first_axon 0 num_axons 3 weight_exp -6 indptr dense<[0, 1, 2, 3]> : tensor<4xi8> compartments dense<0> : tensor<3xi8> weights dense<[1, 2, 3]> : tensor<3xi8>
// CHECK-NEXT: chip.axons indptr dense<0> : tensor<2xi32> cores dense<> : tensor<0xi32> axons dense<> : tensor<0xi32>
// Host maps: x[0] reaches cores 0 and 1 on their axon 0, x[1] on their axon 1.
// CHECK: chip.input "x" size 2 indptr dense<[0, 2, 4]> : tensor<3xi32> cores dense<[0, 1, 0, 1]> : tensor<4xi32> axons dense<[0, 0, 1, 1]> : tensor<4xi32>
// CHECK-NEXT: chip.output "y" size 1 cores dense<2> : tensor<1xi32> compartments dense<0> : tensor<1xi32>
snn.network @net inputs [@x] outputs [@y] attributes {gyrus.frac_bits = 12 : i64, gyrus.partition = {cores = 3 : i64, min_cores = 0 : i64, seed = 0 : i64, strategy = "spatial", target = "tiny"}, gyrus.source_hash = "sha256:00"} {
  snn.population @x size 2 model input
  snn.population @h size 6 model leaky_sigma_delta params {alpha = 2.500000e-01 : f64} fixed_params {alpha_q = 1024 : i64, bias = dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>, sigma_frac_bits = 8 : i64, vth = 0 : i64} positions dense<[[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]> : tensor<6x2xf32> {gyrus.cores = dense<[0, 0, 0, 1, 1, 1]> : tensor<6xi32>}
  snn.population @y size 1 model linear params {} fixed_params {sigma_frac_bits = 6 : i64} {gyrus.cores = dense<2> : tensor<1xi32>}
  snn.projection @w_in from @x to @h weights dense<[[10, 0], [0, 20], [30, 0], [0, 0], [40, 50], [0, 60]]> : tensor<6x2xi8> weight_exp -6
  snn.projection @w_rec from @h to @h weights dense<[3, -4, 5]> : tensor<3xi8> indptr dense<[0, 1, 1, 2, 2, 3, 3]> : tensor<7xi32> indices dense<[5, 0, 1]> : tensor<3xi32> weight_exp -8 delays dense<[0, 2, 1]> : tensor<3xi32>
  snn.projection @w_out from @h to @y weights dense<[[1, 0, 2, 0, 3, 0]]> : tensor<1x6xi8> weight_exp -6
}
