snn.network @n inputs [@w] outputs [] {
  snn.population @h size 2 model linear
  snn.projection @w from @h to @h weights dense<0.0> : tensor<2x2xf32>
}
