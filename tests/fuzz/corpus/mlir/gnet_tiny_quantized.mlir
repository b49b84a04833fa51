module {
  snn.network @tiny inputs [@input] outputs [@output] attributes {gyrus.frac_bits = 12 : i64, gyrus.grid_height = 2 : i64, gyrus.grid_width = 2 : i64, gyrus.provenance = "{\22regularizer\22:\22bimt\22,\22seed\22:3}", gyrus.readout = "sigmoid", gyrus.sigma_rec = 5.000000e-02 : f64, gyrus.source_hash = "sha256:de7be8340ae8e9d65436920c685d9971188fbb0bb475396fd9c084e514fc2c45"} {
    snn.population @input size 2 model input positions dense_resource<input_positions> : tensor<2x2xf32>
    snn.population @hidden size 4 model leaky_sigma_delta params {alpha = 2.500000e-01 : f64, bias = dense_resource<hidden_bias> : tensor<4xf32>} fixed_params {alpha_q = 1024 : i64, bias = dense_resource<hidden_bias_q> : tensor<4xi32>, sigma_frac_bits = 7 : i64, vth = 0 : i64} positions dense_resource<hidden_positions> : tensor<4x2xf32> {gyrus.quantization = {alpha_rel_error = 0.000000e+00 : f64, bias_max_abs_error = 0.000000e+00 : f64, bias_rel_rms = 0.000000e+00 : f64, saturated = 0 : i64, v_threshold_rel_error = 0.000000e+00 : f64}}
    snn.population @output size 1 model linear params {bias = dense_resource<output_bias> : tensor<1xf32>} fixed_params {bias = dense_resource<output_bias_q> : tensor<1xi32>, sigma_frac_bits = 4 : i64} positions dense_resource<output_positions> : tensor<1x2xf32> {gyrus.quantization = {bias_max_abs_error = 0.000000e+00 : f64, bias_rel_rms = 0.000000e+00 : f64, saturated = 0 : i64}}
    snn.projection @w_in from @input to @hidden weights dense_resource<w_in_q> : tensor<4x2xi16> weight_exp -7 {gyrus.quantization = {max_abs_error = 0.000000e+00 : f64, rel_rms = 0.000000e+00 : f64, saturated = 0 : i64, weight_exp = -7 : i32}}
    snn.projection @w_rec from @hidden to @hidden weights dense_resource<w_rec_q> : tensor<4x4xi8> weight_exp -7 {gyrus.quantization = {max_abs_error = 0.000000e+00 : f64, rel_rms = 0.000000e+00 : f64, saturated = 0 : i64, weight_exp = -7 : i32}}
    snn.projection @w_out from @hidden to @output weights dense_resource<w_out_q> : tensor<1x4xi8> weight_exp -4 {gyrus.quantization = {max_abs_error = 0.000000e+00 : f64, rel_rms = 0.000000e+00 : f64, saturated = 0 : i64, weight_exp = -4 : i32}}
  }
}

{-#
  dialect_resources: {
    builtin: {
      input_positions: "0x04000000000080BF00000000000080BF0000803F",
      hidden_bias: "0x040000000000003F000080BE000000000000803F",
      hidden_bias_q: "0x040000000008000000FCFFFF0000000000100000",
      hidden_positions: "0x0400000000000000000000000000803F00000000000000000000803F0000803F0000803F",
      output_bias: "0x040000000000003E",
      output_bias_q: "0x0400000000020000",
      output_positions: "0x04000000000000400000003F",
      w_in_q: "0x0200000010002000300040005000600070008000",
      w_rec_q: "0x01000000C8D0D8E0E8F0F8000810182028303840",
      w_out_q: "0x0100000010E030C0"
    }
  }
#-}
