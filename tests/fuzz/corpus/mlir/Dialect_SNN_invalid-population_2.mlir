snn.network @n inputs [] outputs [] {
  snn.population @p size 4 model leaky_sigma_delta params {alpha = 0.2, tau = 5.0}
}
