snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model linear params {bias = dense<[1, 2]> : tensor<2xi32>}
}
