snn.network @n inputs [] outputs [] {
  snn.population @p size 4 model cuba_lif params {decay_u = 1.5, decay_v = 0.1, v_threshold = 1.0}
}
