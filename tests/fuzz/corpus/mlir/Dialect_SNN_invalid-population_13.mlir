snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model leaky_sigma_delta params {alpha = dense<[0.1, 0.2]> : tensor<2xf32>}
}
