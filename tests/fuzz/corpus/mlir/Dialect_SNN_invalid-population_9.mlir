snn.network @n inputs [] outputs [] {
  snn.population @p size 4 model sigma_delta params {v_threshold = -1.0}
}
