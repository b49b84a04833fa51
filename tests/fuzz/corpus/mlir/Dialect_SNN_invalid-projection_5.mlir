snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2x2xf32> weight_exp 2
}
