snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[0, 1, 2]> : tensor<3xi32> indices dense<[0.0, 1.0]> : tensor<2xf32>
}
