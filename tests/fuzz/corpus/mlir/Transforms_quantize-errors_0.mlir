snn.network @ratio inputs [@x] outputs [@n] {
  snn.population @x size 1 model input
  snn.population @n size 1 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64}
  snn.projection @w from @x to @n weights dense<1.000000e+06> : tensor<1x1xf32>
}
