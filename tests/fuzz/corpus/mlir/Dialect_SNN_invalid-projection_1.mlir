snn.network @n inputs [@x] outputs [] {
  snn.population @x size 3 model input
  snn.population @h size 2 model linear
  snn.projection @w from @h to @x weights dense<0.0> : tensor<3x2xf32>
}
