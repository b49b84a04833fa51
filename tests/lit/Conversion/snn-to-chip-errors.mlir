// What convert-snn-to-chip refuses: a network snn-partition has not seen, or partitioned
// for another target; float weights; a linear readout that projects on; two
// projections from one population into one core with different weight_exp.
// RUN: gyrus-opt %s --split-input-file --verify-diagnostics --convert-snn-to-chip="target=mini"

// expected-error @+1 {{convert-snn-to-chip: network @n is not partitioned (no gyrus.partition); run snn-partition first}}
snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64}
}

// -----

// expected-error @+1 {{convert-snn-to-chip: network @n was partitioned for target 'loihi2', not 'mini'}}
snn.network @n inputs [@x] outputs [@y] attributes {gyrus.partition = {cores = 1 : i64, target = "loihi2"}} {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64} {gyrus.cores = dense<0> : tensor<1xi32>}
}

// -----

snn.network @n inputs [@x] outputs [@y] attributes {gyrus.partition = {cores = 1 : i64, target = "mini"}} {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64} {gyrus.cores = dense<0> : tensor<1xi32>}
  // expected-error @+1 {{convert-snn-to-chip: projection @w has float weights; run snn-quantize first}}
  snn.projection @w from @x to @y weights dense<0.5> : tensor<1x1xf32>
}

// -----

snn.network @n inputs [@x] outputs [@z] attributes {gyrus.partition = {cores = 2 : i64, target = "mini"}} {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64} {gyrus.cores = dense<0> : tensor<1xi32>}
  snn.population @z size 1 model linear fixed_params {sigma_frac_bits = 0 : i64} {gyrus.cores = dense<1> : tensor<1xi32>}
  // expected-error @+1 {{convert-snn-to-chip: projection @w leaves @y, a linear readout, which sends nothing on the chip}}
  snn.projection @w from @y to @z weights dense<1> : tensor<1x1xi8> weight_exp 0
}

// -----

snn.network @n inputs [@x] outputs [@y] attributes {gyrus.partition = {cores = 1 : i64, target = "mini"}} {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 4 : i64} {gyrus.cores = dense<0> : tensor<1xi32>}
  snn.projection @a from @x to @y weights dense<1> : tensor<1x1xi8> weight_exp 0
  // expected-error @+1 {{convert-snn-to-chip: projection @b (weight_exp -2) and projection @a (weight_exp 0) both leave @x for core 0; a synapse block has one weight_exp}}
  snn.projection @b from @x to @y weights dense<1> : tensor<1x1xi8> weight_exp -2
}
