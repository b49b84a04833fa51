snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  snn.projection @w from @h to @h weights dense_resource<w> : tensor<2x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000003F000000BF"
    }
  }
#-}
