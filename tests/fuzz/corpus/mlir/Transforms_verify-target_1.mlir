snn.network @too_big inputs [@x] outputs [@b] {
  snn.population @x size 5000 model input
  snn.population @a size 600 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64}
  snn.population @b size 500 model linear
}
