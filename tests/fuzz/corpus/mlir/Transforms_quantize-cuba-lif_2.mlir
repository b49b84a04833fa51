snn.network @no_threshold inputs [@x] outputs [@n] {
  snn.population @x size 2 model input
  snn.population @n size 2 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 5.000000e-01 : f64}
  snn.projection @w from @x to @n weights dense<[[5.000000e-01, 2.500000e-01], [1.250000e-01, 0.000000e+00]]> : tensor<2x2xf32>
}
