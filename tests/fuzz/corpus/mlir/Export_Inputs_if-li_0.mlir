snn.network @if_li inputs [@x] outputs [@o] {
  snn.population @x size 2 model input
  snn.population @h size 2 model cuba_lif params {bias = dense<[0.5, -0.25]> : tensor<2xf32>, decay_u = 1.0 : f64, decay_v = 0.0 : f64, v_threshold = 2.0 : f64}
  snn.population @o size 1 model cuba_lif params {decay_u = 1.0 : f64, decay_v = 0.5 : f64}
  snn.projection @w_in from @x to @h weights dense<[[1.0, 2.0], [3.0, 4.0]]> : tensor<2x2xf32>
  snn.projection @w_out from @h to @o weights dense<[[0.5, -0.5]]> : tensor<1x2xf32>
}
