// snn-partition on a 3x2 mesh of 4-compartment cores (Inputs/tiny.json): the input
// population stays on the host; every other neuron gets a core.
// RUN: gyrus-opt %s --snn-partition="target=%S/Inputs/tiny.json strategy=linear" | FileCheck %s --check-prefix=LINEAR
// RUN: gyrus-opt %s --snn-partition="target=%S/Inputs/tiny.json" | FileCheck %s --check-prefix=SPATIAL
// RUN: gyrus-opt %s --snn-partition="target=%S/Inputs/tiny.json strategy=linear min-cores=4" | FileCheck %s --check-prefix=SPREAD
// Same options, same partition.
// RUN: gyrus-opt %s --snn-partition="target=%S/Inputs/tiny.json strategy=random seed=3" > %t.a
// RUN: gyrus-opt %s --snn-partition="target=%S/Inputs/tiny.json strategy=random seed=3" > %t.b
// RUN: cmp %t.a %t.b

// Linear fills core 0 with h[0..3], then h[4..5]; the readout gets a core of its own.
// LINEAR: snn.network @net {{.*}}gyrus.partition = {cores = 3 : i64, min_cores = 0 : i64, seed = 0 : i64, strategy = "linear", target = "tiny"}
// LINEAR: snn.population @x size 2 model input
// LINEAR-NOT: gyrus.cores
// LINEAR: snn.population @h {{.*}} {gyrus.cores = dense<[0, 0, 0, 0, 1, 1]> : tensor<6xi32>}
// LINEAR: snn.population @y {{.*}} {gyrus.cores = dense<2> : tensor<1xi32>}

// Spatial cuts the 3x2 grid of positions into its two rows.
// SPATIAL: gyrus.partition = {cores = 3 : i64, min_cores = 0 : i64, seed = 0 : i64, strategy = "spatial", target = "tiny"}
// SPATIAL: snn.population @h {{.*}} {gyrus.cores = dense<[0, 0, 0, 1, 1, 1]> : tensor<6xi32>}

// min-cores splits the largest core.
// SPREAD: gyrus.partition = {cores = 4 : i64, min_cores = 4 : i64
snn.network @net inputs [@x] outputs [@y] attributes {gyrus.frac_bits = 12 : i64} {
  snn.population @x size 2 model input
  snn.population @h size 6 model leaky_sigma_delta params {alpha = 2.500000e-01 : f64} fixed_params {alpha_q = 1024 : i64, bias = dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>, sigma_frac_bits = 8 : i64, vth = 0 : i64} positions dense<[[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]> : tensor<6x2xf32>
  snn.population @y size 1 model linear params {} fixed_params {sigma_frac_bits = 6 : i64}
  snn.projection @w_in from @x to @h weights dense<[[10, 0], [0, 20], [30, 0], [0, 0], [40, 50], [0, 60]]> : tensor<6x2xi8> weight_exp -6
  snn.projection @w_rec from @h to @h weights dense<[3, -4, 5]> : tensor<3xi8> indptr dense<[0, 1, 1, 2, 2, 3, 3]> : tensor<7xi32> indices dense<[5, 0, 1]> : tensor<3xi32> weight_exp -8 delays dense<[0, 2, 1]> : tensor<3xi32>
  snn.projection @w_out from @h to @y weights dense<[[1, 0, 2, 0, 3, 0]]> : tensor<1x6xi8> weight_exp -6
}
