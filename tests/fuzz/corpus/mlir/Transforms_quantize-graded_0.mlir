snn.network @rnn inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  snn.population @h size 2 model leaky_sigma_delta params {alpha = 2.000000e-01 : f64, v_threshold = 1.000000e-02 : f64, bias = dense<[5.000000e-01, -2.500000e-01]> : tensor<2xf32>}
  snn.population @y size 1 model linear params {bias = dense<1.250000e-01> : tensor<1xf32>}
  snn.projection @w_in from @x to @h weights dense<[[1.500000e+00, -5.000000e-01], [2.500000e-01, 2.000000e+00]]> : tensor<2x2xf32>
  snn.projection @w_rec from @h to @h weights dense<[[0.000000e+00, 1.000000e-03], [2.000000e-03, 0.000000e+00]]> : tensor<2x2xf32>
  snn.projection @w_out from @h to @y weights dense<[[3.000000e+00, -1.000000e+00]]> : tensor<1x2xf32>
}
