// What snn-quantize cannot represent, and IR it refuses to half-quantize.
// RUN: gyrus-opt %s --split-input-file --verify-diagnostics --snn-quantize="target=mini"
// RUN: not gyrus-opt %s --split-input-file --snn-quantize="target=mini frac-bits=24" 2>&1 | FileCheck %s --check-prefix=FRAC
// RUN: not gyrus-opt %s --split-input-file --snn-quantize="target=nope" 2>&1 | FileCheck %s --check-prefix=UNKNOWN
// FRAC: error: snn-quantize: frac-bits = 24 is outside [0, 23]
// UNKNOWN: error: snn-quantize: cannot load target 'nope': {{.*}}nope

// A weight a million times the threshold forces the state scale down to 2^1, where
// the threshold is less than one step of vth_mant << 6.
snn.network @ratio inputs [@x] outputs [@n] {
  snn.population @x size 1 model input
  // expected-error @+1 {{population @n: v_threshold = 1.000000e+00 rounds to vth_mant = 0 at the state scale 2^1 that weights @w allows; the weight (or bias) to threshold ratio is too large for cuba_lif}}
  snn.population @n size 1 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64}
  snn.projection @w from @x to @n weights dense<1.000000e+06> : tensor<1x1xf32>
}

// -----

// The other way round: at the threshold's scale 2^20 even weight_exp -7 leaves a
// weight of 1e-9 below half a mantissa step.
snn.network @tiny inputs [@x] outputs [@n] {
  snn.population @x size 1 model input
  snn.population @n size 1 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64}
  // expected-error @+1 {{projection @w: every weight rounds to 0 for target @n (largest |w| = 1.000000e-09, weight_exp = -7, the smallest allowed at the state scale 2^20 that v_threshold allows); the weights are too small to represent}}
  snn.projection @w from @x to @n weights dense<1.000000e-09> : tensor<1x1xf32>
}

// -----

snn.network @half inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64}
  // expected-error @+1 {{snn-quantize: projection @w has float weights but its target @y is already quantized; a population is quantized together with the projections it receives}}
  snn.projection @w from @x to @y weights dense<1.000000e+00> : tensor<1x1xf32>
}

// -----

snn.network @half2 inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear
  // expected-error @+1 {{snn-quantize: projection @w is already quantized but its target @y is not; a population is quantized together with the projections it receives}}
  snn.projection @w from @x to @y weights dense<1> : tensor<1x1xi8> weight_exp 0
}

// -----

// IR printed with --mlir-elide-resource-strings-if-larger parses but has no weights.
snn.network @elided inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear
  // expected-error @+1 {{snn-quantize: projection @w: the values of its weights are not available (elided or missing resource blob)}}
  snn.projection @w from @x to @y weights dense_resource<__elided__> : tensor<1x1xf32>
}
