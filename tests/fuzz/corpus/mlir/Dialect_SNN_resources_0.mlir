snn.network @net inputs [@x] outputs [@h] {
  snn.population @x size 3 model input
  snn.population @h size 2 model sigma_delta params {bias = dense_resource<h_bias> : tensor<2xf32>}
      positions dense_resource<h_pos> : tensor<2x2xf32>
  snn.projection @w_in from @x to @h weights dense_resource<w_in> : tensor<2x3xf32>
  snn.projection @w_q from @x to @h weights dense_resource<w_q> : tensor<3xi8>
      indptr dense_resource<w_q_indptr> : tensor<3xi32>
      indices dense_resource<w_q_indices> : tensor<3xi32> weight_exp 2
}

{-#
  dialect_resources: {
    builtin: {
      h_bias: "0x040000000000003F000000BF",
      h_pos: "0x0400000000000000000000000000803F00000000",
      w_in: "0x040000000000803F0000004000004040000080400000A0400000C040",
      w_q: "0x0100000005FA07",
      w_q_indptr: "0x04000000000000000200000003000000",
      w_q_indices: "0x04000000000000000100000002000000"
    }
  }
#-}
