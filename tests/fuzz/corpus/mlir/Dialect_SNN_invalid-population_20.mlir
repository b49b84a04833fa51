snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model linear positions dense<0.0> : tensor<2x3xf32>
}
