snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  snn.projection @w from @h to @v weights dense<0.0> : tensor<2x2xf32>
  snn.projection @v from @h to @h weights dense<0.0> : tensor<2x2xf32>
}
