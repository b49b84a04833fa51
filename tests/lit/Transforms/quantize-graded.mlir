// snn-quantize of the graded models: state unit 2^-F (F = frac-bits, 12 by default),
// each projection's weight_exp the smallest in [-24, 7] whose mantissas hold its
// largest weight, and sigma_frac_bits = -(smallest weight_exp) so that sigma sums
// exactly (docs/quantization.md).
// RUN: gyrus-opt %s --split-input-file --verify-diagnostics --snn-quantize="target=mini" | FileCheck %s
// RUN: gyrus-opt %s --split-input-file --pass-pipeline='builtin.module(snn.network(snn-quantize{target=mini frac-bits=8}))' 2> /dev/null | FileCheck %s --check-prefix=F8

// @w_in mixes signs (|m| <= 127): 2 * 2^-e <= 127 gives e = -5, m = w * 32.
// @w_rec has one sign (|m| <= 255): 0.002 * 2^-e <= 255 gives e = -16, m = w * 65536
// (0.001 -> 66, 0.002 -> 131). So @h keeps sigma_frac_bits = 16.
// alpha_q = round(0.2 * 4096) = 819, vth = round(0.01 * 4096) = 41, bias = b * 4096.
// CHECK-LABEL: snn.network @rnn
// CHECK-SAME: gyrus.frac_bits = 12 : i64
// CHECK: snn.population @h size 2 model leaky_sigma_delta
// CHECK-SAME: fixed_params {alpha_q = 819 : i64, bias = dense<[2048, -1024]> : tensor<2xi32>, sigma_frac_bits = 16 : i64, vth = 41 : i64}
// CHECK-SAME: gyrus.quantization = {alpha_rel_error = {{.*}}, bias_max_abs_error = 0.000000e+00 : f64, bias_rel_rms = 0.000000e+00 : f64, saturated = 0 : i64, v_threshold_rel_error = {{.*}}}
// @w_out: 3 * 2^-e <= 127 gives e = -5, so @y keeps 5 fraction bits; bias 0.125 * 4096.
// CHECK: snn.population @y size 1 model linear
// CHECK-SAME: fixed_params {bias = dense<512> : tensor<1xi32>, sigma_frac_bits = 5 : i64}
// CHECK: snn.projection @w_in from @x to @h weights dense<{{\[}}[48, -16], [8, 64]]> : tensor<2x2xi8> weight_exp -5
// CHECK: snn.projection @w_rec from @h to @h weights dense<{{\[}}[0, 66], [131, 0]]> : tensor<2x2xi16> weight_exp -16
// CHECK-SAME: saturated = 0 : i64, weight_exp = -16 : i32
// CHECK: snn.projection @w_out from @h to @y weights dense<{{\[}}[96, -32]]> : tensor<1x2xi8> weight_exp -5
// With F = 8 only the state unit changes: weights do not depend on it.
// F8: gyrus.frac_bits = 8 : i64
// F8: fixed_params {alpha_q = 819 : i64, bias = dense<[128, -64]> : tensor<2xi32>, sigma_frac_bits = 16 : i64, vth = 3 : i64}
// F8: fixed_params {bias = dense<32> : tensor<1xi32>, sigma_frac_bits = 5 : i64}
// F8: weights dense<{{\[}}[48, -16], [8, 64]]> : tensor<2x2xi8> weight_exp -5
snn.network @rnn inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  snn.population @h size 2 model leaky_sigma_delta params {alpha = 2.000000e-01 : f64, v_threshold = 1.000000e-02 : f64, bias = dense<[5.000000e-01, -2.500000e-01]> : tensor<2xf32>}
  snn.population @y size 1 model linear params {bias = dense<1.250000e-01> : tensor<1xf32>}
  snn.projection @w_in from @x to @h weights dense<[[1.500000e+00, -5.000000e-01], [2.500000e-01, 2.000000e+00]]> : tensor<2x2xf32>
  snn.projection @w_rec from @h to @h weights dense<[[0.000000e+00, 1.000000e-03], [2.000000e-03, 0.000000e+00]]> : tensor<2x2xf32>
  snn.projection @w_out from @h to @y weights dense<[[3.000000e+00, -1.000000e+00]]> : tensor<1x2xf32>
}

// -----

// sigma_delta (Lava PySigmaDeltaModelFixed): vth and bias in units of 2^-F, state_exp 0.
// 0.75 * 2^-e <= 255 gives e = -8; m = w * 256.
// CHECK-LABEL: snn.network @sd
// CHECK: snn.population @s size 2 model sigma_delta
// CHECK-SAME: fixed_params {bias = -512 : i64, state_exp = 0 : i64, vth = 2048 : i64}
// CHECK: snn.projection @w from @x to @s weights dense<{{\[}}[192, 128], [64, 32]]> : tensor<2x2xi16> weight_exp -8
snn.network @sd inputs [@x] outputs [@s] {
  snn.population @x size 2 model input
  snn.population @s size 2 model sigma_delta params {v_threshold = 5.000000e-01 : f64, bias = -1.250000e-01 : f64}
  snn.projection @w from @x to @s weights dense<[[7.500000e-01, 5.000000e-01], [2.500000e-01, 1.250000e-01]]> : tensor<2x2xf32>
}

// -----

// CSR weights stay CSR, resource blobs stay resource blobs (named after the input's,
// plus _q). Mixed signs, largest 1: e = -6, m = w * 64 = [32, -16, 64]; i8 blobs have
// alignment 1. An all-zero projection gets weight_exp 0 and does not widen sigma.
// CHECK-LABEL: snn.network @csr
// CHECK: snn.population @lin size 3 model linear fixed_params {sigma_frac_bits = 6 : i64}
// CHECK: snn.projection @inline from @x to @lin weights dense<[32, -16, 64]> : tensor<3xi8> indptr dense<[0, 1, 1, 3]> : tensor<4xi32> indices dense<[1, 0, 1]> : tensor<3xi32> weight_exp -6
// CHECK: snn.projection @blob from @x to @lin weights dense_resource<w_csr_q> : tensor<3xi8> indptr dense<[0, 1, 1, 3]> : tensor<4xi32> indices dense<[1, 0, 1]> : tensor<3xi32> weight_exp -6
// CHECK: snn.projection @zero from @x to @lin weights dense<0> : tensor<3x2xi16> weight_exp 0
// CHECK-SAME: rel_rms = 0.000000e+00 : f64
// CHECK: w_csr_q: "0x0100000020F040"
snn.network @csr inputs [@x] outputs [@lin] {
  snn.population @x size 2 model input
  snn.population @lin size 3 model linear
  snn.projection @inline from @x to @lin weights dense<[5.000000e-01, -2.500000e-01, 1.000000e+00]> : tensor<3xf32>
      indptr dense<[0, 1, 1, 3]> : tensor<4xi32> indices dense<[1, 0, 1]> : tensor<3xi32>
  snn.projection @blob from @x to @lin weights dense_resource<w_csr> : tensor<3xf32>
      indptr dense<[0, 1, 1, 3]> : tensor<4xi32> indices dense<[1, 0, 1]> : tensor<3xi32>
  snn.projection @zero from @x to @lin weights dense<0.000000e+00> : tensor<3x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w_csr: "0x040000000000003F000080BE0000803F"
    }
  }
#-}

// -----

// Saturation: a mixed-sign weight of 20000 needs 20000 / 2^7 = 156 > 127 even at the
// largest exponent, and a bias of 5000 needs 5000 * 4096 > 2^23 - 1.
// CHECK-LABEL: snn.network @saturate
// CHECK: fixed_params {bias = 8388607 : i64, sigma_frac_bits = 0 : i64}
// CHECK-SAME: saturated = 1 : i64
// CHECK: weights dense<{{\[}}[127, -1]]> : tensor<1x2xi8> weight_exp 7
// CHECK-SAME: saturated = 1 : i64, weight_exp = 7 : i32
snn.network @saturate inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  // expected-warning @+1 {{snn-quantize: population @y: 1 value(s) saturated (bias: 1)}}
  snn.population @y size 1 model linear params {bias = 5.000000e+03 : f64}
  // expected-warning @+1 {{snn-quantize: projection @big: 1 weight(s) saturated at ±127 with weight_exp = 7, the largest allowed}}
  snn.projection @big from @x to @y weights dense<[[2.000000e+04, -1.000000e+02]]> : tensor<1x2xf32>
}
