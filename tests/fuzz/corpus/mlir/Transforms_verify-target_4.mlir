snn.network @mantissas inputs [@x] outputs [@y, @lif] {
  snn.population @x size 2 model input
  snn.population @y size 1 model linear
  snn.population @lif size 1 model cuba_lif params {decay_u = 1.000000e+00 : f64, decay_v = 0.000000e+00 : f64, v_threshold = 1.000000e+00 : f64}
  snn.projection @single from @x to @y weights dense<[[255, 3]]> : tensor<1x2xi16> weight_exp 0
  snn.projection @mixed from @x to @y weights dense<[[200, -3]]> : tensor<1x2xi16> weight_exp 0
  snn.projection @negative from @x to @y weights dense<[[-1, -256]]> : tensor<1x2xi16> weight_exp 0
  snn.projection @exp from @x to @lif weights dense<[[1, 2]]> : tensor<1x2xi8> weight_exp -8
}
