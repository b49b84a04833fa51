// snn-verify-target: the chip-wide limits no partitioning can work around.
// RUN: gyrus-opt %s --split-input-file --verify-diagnostics --snn-verify-target="target=mini" | FileCheck %s
// RUN: gyrus-opt %s --split-input-file --verify-diagnostics --pass-pipeline='builtin.module(snn.network(snn-verify-target{target=%S/../../../targets/mini.json}))' | FileCheck %s
// RUN: not gyrus-opt %s --split-input-file --snn-verify-target="target=loihi1" 2>&1 | FileCheck %s --check-prefix=LOIHI1
// RUN: not gyrus-opt %s --snn-verify-target="target=nope" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// RUN: not gyrus-opt %s --snn-verify-target="target=%S/Inputs/bad-target.json" 2>&1 | FileCheck %s --check-prefix=BAD-JSON
// RUN: not gyrus-opt %s --snn-verify-target 2>&1 | FileCheck %s --check-prefix=MISSING

// A network that fits: it passes through unchanged.
// CHECK-LABEL: snn.network @fits
// CHECK: snn.population @h size 400 model leaky_sigma_delta
// LOIHI1: error: population @h: model 'leaky_sigma_delta' is not supported by target 'loihi1' (its cores run cuba_lif)
// LOIHI1: error: population @y: model 'linear' is not supported by target 'loihi1' (its cores run cuba_lif)
// UNKNOWN: error: snn-verify-target: cannot load target 'nope': {{.*}}nope
// BAD-JSON: error: snn-verify-target: cannot load target '{{.*}}bad-target.json': {{.*}}bad-target.json
// MISSING: error: snn-verify-target needs a target
snn.network @fits inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  snn.population @h size 400 model leaky_sigma_delta params {alpha = 2.000000e-01 : f64}
  snn.population @y size 3 model linear
  snn.projection @w_in from @x to @h weights dense<1.000000e-01> : tensor<400x2xf32> delays 63 : i64
  snn.projection @w_out from @h to @y weights dense<[1, -127, 0]> : tensor<3xi8>
      indptr dense<[0, 1, 2, 3]> : tensor<4xi32> indices dense<[0, 1, 2]> : tensor<3xi32>
      weight_exp -24
}

// -----

// Inputs take no compartments; the rest must fit the whole chip (16 cores of 64).
// expected-error @+1 {{network needs 1100 compartments, target 'mini' has 16 cores × 64 = 1024}}
snn.network @too_big inputs [@x] outputs [@b] {
  snn.population @x size 5000 model input
  snn.population @a size 600 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64}
  snn.population @b size 500 model linear
}

// -----

// expected-error @+1 {{network needs 2000 compartments, target 'mini' has 16 cores × 64 = 1024}}
snn.network @one_too_big inputs [] outputs [@h] {
  // expected-error @+1 {{population @h has 2000 neurons, more than target 'mini' has compartments: 16 cores × 64 = 1024}}
  snn.population @h size 2000 model linear
}

// -----

snn.network @delays inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  snn.population @y size 2 model linear
  // expected-error @+1 {{projection @uniform: delays = 64 exceeds the largest delay of target 'mini', 63 (delay_bits = 6)}}
  snn.projection @uniform from @x to @y weights dense<1.000000e+00> : tensor<2x2xf32> delays 64 : i64
  // expected-error @+1 {{projection @per_synapse: delays[3] = 100 exceeds the largest delay of target 'mini', 63 (delay_bits = 6)}}
  snn.projection @per_synapse from @x to @y weights dense<1.000000e+00> : tensor<2x2xf32>
      delays dense<[[0, 63], [1, 100]]> : tensor<2x2xi64>
}

// -----

snn.network @mantissas inputs [@x] outputs [@y, @lif] {
  snn.population @x size 2 model input
  snn.population @y size 1 model linear
  snn.population @lif size 1 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64}
  // Single sign: up to 2^8 - 1.
  snn.projection @single from @x to @y weights dense<[[255, 3]]> : tensor<1x2xi16> weight_exp 0
  // expected-error @+1 {{projection @mixed: weights[0] = 200 exceeds the mixed-sign mantissa range ±127 of target 'mini' (weight_bits = 8; mixed-sign weights spend a bit on the sign)}}
  snn.projection @mixed from @x to @y weights dense<[[200, -3]]> : tensor<1x2xi16> weight_exp 0
  // expected-error @+1 {{projection @negative: weights[1] = -256 exceeds the single-sign mantissa range ±255 of target 'mini' (weight_bits = 8)}}
  snn.projection @negative from @x to @y weights dense<[[-1, -256]]> : tensor<1x2xi16> weight_exp 0
  // expected-error @+1 {{projection @exp: weight_exp = -8 is outside [-7, 7] for target @lif of model 'cuba_lif'}}
  snn.projection @exp from @x to @lif weights dense<[[1, 2]]> : tensor<1x2xi8> weight_exp -8
}
