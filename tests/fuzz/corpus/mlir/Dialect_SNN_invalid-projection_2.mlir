snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  snn.projection @w from @nowhere to @h weights dense<0.0> : tensor<2x2xf32>
}
