snn.network @lif inputs [@x] outputs [@lif] {
  snn.population @x size 2 model input
  snn.population @lif size 2 model cuba_lif params {decay_u = 5.000000e-01 : f64, decay_v = 2.500000e-01 : f64, v_threshold = 1.000000e+00 : f64, bias = dense<[2.500000e-01, -5.000000e-01]> : tensor<2xf32>, refractory = 2 : i64}
  snn.projection @single from @x to @lif weights dense<[[1.562500e-02, 3.125000e-02], [0.000000e+00, 0.00999999977]]> : tensor<2x2xf32>
  snn.projection @mixed from @x to @lif weights dense<[[1.562500e-02, -3.125000e-02], [0.000000e+00, 0.000000e+00]]> : tensor<2x2xf32>
}
