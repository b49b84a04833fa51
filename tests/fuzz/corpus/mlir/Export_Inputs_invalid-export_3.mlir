snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model cuba_lif params {decay_u = 0.5 : f64, decay_v = 0.0 : f64, v_threshold = 1.0 : f64}
}
