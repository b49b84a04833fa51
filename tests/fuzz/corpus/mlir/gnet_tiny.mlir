module {
  snn.network @tiny inputs [@input] outputs [@output] attributes {gyrus.grid_height = 2 : i64, gyrus.grid_width = 2 : i64, gyrus.provenance = "{\22regularizer\22:\22bimt\22,\22seed\22:3}", gyrus.readout = "sigmoid", gyrus.sigma_rec = 5.000000e-02 : f64, gyrus.source_hash = "sha256:de7be8340ae8e9d65436920c685d9971188fbb0bb475396fd9c084e514fc2c45"} {
    snn.population @input size 2 model input positions dense_resource<input_positions> : tensor<2x2xf32>
    snn.population @hidden size 4 model leaky_sigma_delta params {alpha = 2.500000e-01 : f64, bias = dense_resource<hidden_bias> : tensor<4xf32>} positions dense_resource<hidden_positions> : tensor<4x2xf32>
    snn.population @output size 1 model linear params {bias = dense_resource<output_bias> : tensor<1xf32>} positions dense_resource<output_positions> : tensor<1x2xf32>
    snn.projection @w_in from @input to @hidden weights dense_resource<w_in> : tensor<4x2xf32>
    snn.projection @w_rec from @hidden to @hidden weights dense_resource<w_rec> : tensor<4x4xf32>
    snn.projection @w_out from @hidden to @output weights dense_resource<w_out> : tensor<1x4xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      input_positions: "0x04000000000080BF00000000000080BF0000803F",
      hidden_bias: "0x040000000000003F000080BE000000000000803F",
      hidden_positions: "0x0400000000000000000000000000803F00000000000000000000803F0000803F0000803F",
      output_bias: "0x040000000000003E",
      output_positions: "0x04000000000000400000003F",
      w_in: "0x040000000000003E0000803E0000C03E0000003F0000203F0000403F0000603F0000803F",
      w_rec: "0x040000000000E0BE0000C0BE0000A0BE000080BE000040BE000000BE000080BD000000000000803D0000003E0000403E0000803E0000A03E0000C03E0000E03E0000003F",
      w_out: "0x040000000000803F000000C000004040000080C0"
    }
  }
#-}
