snn.network @bias_bound inputs [@x] outputs [@n] {
  snn.population @x size 1 model input
  snn.population @n size 1 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64, bias = 4.000000e+01 : f64, refractory = 100 : i64}
  snn.projection @w from @x to @n weights dense<7.500000e-01> : tensor<1x1xf32>
}
