snn.network @n inputs [] outputs [] {
  snn.population @p size 4 model linear params {bias = dense_resource<short> : tensor<4xf32>}
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000003F"
    }
  }
#-}
