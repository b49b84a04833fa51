snn.network @n inputs [] outputs [] {
  snn.population @p size 4 model leaky_sigma_delta params {alpha = 0.0}
}
