snn.network @n inputs [] outputs [] {
  snn.population @p size 4 model leaky_sigma_delta params {alpha = 0x7FF8000000000000 : f64}
}
