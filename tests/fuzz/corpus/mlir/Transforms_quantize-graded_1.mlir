snn.network @sd inputs [@x] outputs [@s] {
  snn.population @x size 2 model input
  snn.population @s size 2 model sigma_delta params {v_threshold = 5.000000e-01 : f64, bias = -1.250000e-01 : f64}
  snn.projection @w from @x to @s weights dense<[[7.500000e-01, 5.000000e-01], [2.500000e-01, 1.250000e-01]]> : tensor<2x2xf32>
}
