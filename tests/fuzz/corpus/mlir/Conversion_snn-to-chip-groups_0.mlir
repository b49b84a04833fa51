snn.network @alternating inputs [@x] outputs [@n] attributes {gyrus.partition = {cores = 2 : i64, target = "mini"}} {
  snn.population @x size 1 model input
  snn.population @n size 4 model cuba_lif params {decay_u = 0.1 : f64, decay_v = 0.1 : f64} fixed_params {bias_exp = 1 : i64, bias_mant = dense<[7, 8, 9, 10]> : tensor<4xi16>, du = 100 : i64, dv = 200 : i64, vth_mant = 50 : i64} {gyrus.cores = dense<[0, 1, 0, 1]> : tensor<4xi32>}
  snn.projection @w from @x to @n weights dense<5> : tensor<4x1xi8> weight_exp 0 delays 3 : i64
}
