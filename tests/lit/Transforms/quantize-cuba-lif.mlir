// snn-quantize of cuba_lif (Lava PyLifModelBitAcc): one state scale S = 2^k per
// population, then the smallest weight_exp per projection (docs/quantization.md).
// RUN: gyrus-opt %s --split-input-file --verify-diagnostics --snn-quantize="target=mini" | FileCheck %s

// v_threshold = 1 bounds the scale: 1 * 2^k <= 2^20, so k = 20 and vth_mant = 2^20 / 64.
// @single (max |w| = 1/32, all >= 0, |m| <= 255): 2^(20 - 6 - e) / 32 <= 255 gives e = 2,
// m = w * 2^(20 - 8) = w * 4096; 0.01 rounds to 41. @mixed has a sign bit less (|m| <=
// 127), so e = 3 and m = w * 2048. du = round(0.5 * 4096) - 1, dv = round(0.25 * 4096).
// The biases need bias_exp = 7: -0.5 * 2^20 / 2^7 = -4096, the smallest 13-bit mantissa.
// CHECK-LABEL: snn.network @lif
// CHECK-SAME: gyrus.frac_bits = 12 : i64
// CHECK: snn.population @lif size 2 model cuba_lif
// CHECK-SAME: fixed_params {bias_exp = 7 : i64, bias_mant = dense<[2048, -4096]> : tensor<2xi16>, du = 2047 : i64, dv = 1024 : i64, refractory = 2 : i64, vth_mant = 16384 : i64}
// CHECK-SAME: gyrus.quantization = {bias_max_abs_error = 0.000000e+00 : f64, bias_rel_rms = 0.000000e+00 : f64, decay_u_rel_error = 0.000000e+00 : f64, decay_v_rel_error = 0.000000e+00 : f64, saturated = 0 : i64, v_scale_bound = "v_threshold", v_scale_log2 = 20 : i64, v_threshold_rel_error = 0.000000e+00 : f64}
// CHECK: snn.projection @single from @x to @lif weights dense<{{\[}}[64, 128], [0, 41]]> : tensor<2x2xi16> weight_exp 2
// CHECK-SAME: gyrus.quantization = {max_abs_error = {{[-+0-9.eE]+}} : f64, rel_rms = {{[-+0-9.eE]+}} : f64, saturated = 0 : i64, weight_exp = 2 : i32}
// CHECK: snn.projection @mixed from @x to @lif weights dense<{{\[}}[32, -64], [0, 0]]> : tensor<2x2xi8> weight_exp 3
// CHECK-SAME: gyrus.quantization = {max_abs_error = 0.000000e+00 : f64, rel_rms = 0.000000e+00 : f64, saturated = 0 : i64, weight_exp = 3 : i32}
snn.network @lif inputs [@x] outputs [@lif] {
  snn.population @x size 2 model input
  snn.population @lif size 2 model cuba_lif params {decay_u = 5.000000e-01 : f64, decay_v = 2.500000e-01 : f64, v_threshold = 1.000000e+00 : f64, bias = dense<[2.500000e-01, -5.000000e-01]> : tensor<2xf32>, refractory = 2 : i64}
  snn.projection @single from @x to @lif weights dense<[[1.562500e-02, 3.125000e-02], [0.000000e+00, 0.00999999977]]> : tensor<2x2xf32>
  snn.projection @mixed from @x to @lif weights dense<[[1.562500e-02, -3.125000e-02], [0.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
}

// -----

// A large bias bounds the scale instead: round(40 * 2^k / 2^7) <= 4095 gives k = 13,
// bias_mant = 40 * 2^13 / 2^7 = 2560 at bias_exp 7. vth_mant = round(2^13 / 64) = 128.
// The weight then needs e = -1: 0.75 * 2^(13 - 6 - e) <= 255, m = 0.75 * 2^8 = 192.
// Decays 1 and 0 are the ends of du's and dv's ranges; refractory saturates at 63.
// CHECK-LABEL: snn.network @bias_bound
// CHECK: fixed_params {bias_exp = 7 : i64, bias_mant = 2560 : i64, du = 4095 : i64, dv = 0 : i64, refractory = 63 : i64, vth_mant = 128 : i64}
// CHECK-SAME: saturated = 1 : i64, v_scale_bound = "bias", v_scale_log2 = 13 : i64
// CHECK: snn.projection @w from @x to @n weights dense<192> : tensor<1x1xi16> weight_exp -1
snn.network @bias_bound inputs [@x] outputs [@n] {
  snn.population @x size 1 model input
  // expected-warning @+1 {{snn-quantize: population @n: 1 value(s) saturated (refractory: 1)}}
  snn.population @n size 1 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64, bias = 4.000000e+01 : f64, refractory = 100 : i64}
  snn.projection @w from @x to @n weights dense<7.500000e-01> : tensor<1x1xf32>
}

// -----

// Without a threshold (the neuron never spikes: no vth_mant) the largest row sum of
// |W| bounds the scale instead: 0.75 * 2^k <= 2^20 gives k = 20. Then 0.5 * 2^(20 - 6 - e)
// <= 255 gives e = 6 and m = w * 2^8.
// CHECK-LABEL: snn.network @no_threshold
// CHECK: fixed_params {du = 4095 : i64, dv = 2048 : i64}
// CHECK-SAME: v_scale_bound = "row_sum", v_scale_log2 = 20 : i64
// CHECK-NOT: v_threshold_rel_error
// CHECK: weights dense<{{\[}}[128, 64], [32, 0]]> : tensor<2x2xi16> weight_exp 6
snn.network @no_threshold inputs [@x] outputs [@n] {
  snn.population @x size 2 model input
  snn.population @n size 2 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 5.000000e-01 : f64}
  snn.projection @w from @x to @n weights dense<[[5.000000e-01, 2.500000e-01], [1.250000e-01, 0.000000e+00]]> : tensor<2x2xf32>
}
