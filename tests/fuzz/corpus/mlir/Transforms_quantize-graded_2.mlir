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
