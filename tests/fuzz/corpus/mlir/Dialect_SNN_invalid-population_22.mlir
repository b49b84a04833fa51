snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model linear positions dense<[[0.0, 0.0], [0x7F800000, 1.0]]> : tensor<2x2xf32>
}
