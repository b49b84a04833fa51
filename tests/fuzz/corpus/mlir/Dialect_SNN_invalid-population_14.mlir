snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model linear params {bias = dense<[0.1, 0.2, 0.3]> : tensor<3xf32>}
}
