snn.network @net inputs [@x] outputs [@y] attributes {gyrus.frac_bits = 12 : i64, gyrus.partition = {cores = 3 : i64, min_cores = 0 : i64, seed = 0 : i64, strategy = "spatial", target = "tiny"}, gyrus.source_hash = "sha256:00"} {
  snn.population @x size 2 model input
  snn.population @h size 6 model leaky_sigma_delta params {alpha = 2.500000e-01 : f64} fixed_params {alpha_q = 1024 : i64, bias = dense<[1, 2, 3, 4, 5, 6]> : tensor<6xi32>, sigma_frac_bits = 8 : i64, vth = 0 : i64} positions dense<[[0.0, 0.0], [1.0, 0.0], [2.0, 0.0], [0.0, 1.0], [1.0, 1.0], [2.0, 1.0]]> : tensor<6x2xf32> {gyrus.cores = dense<[0, 0, 0, 1, 1, 1]> : tensor<6xi32>}
  snn.population @y size 1 model linear params {} fixed_params {sigma_frac_bits = 6 : i64} {gyrus.cores = dense<2> : tensor<1xi32>}
  snn.projection @w_in from @x to @h weights dense<[[10, 0], [0, 20], [30, 0], [0, 0], [40, 50], [0, 60]]> : tensor<6x2xi8> weight_exp -6
  snn.projection @w_rec from @h to @h weights dense<[3, -4, 5]> : tensor<3xi8> indptr dense<[0, 1, 1, 2, 2, 3, 3]> : tensor<7xi32> indices dense<[5, 0, 1]> : tensor<3xi32> weight_exp -8 delays dense<[0, 2, 1]> : tensor<3xi32>
  snn.projection @w_out from @h to @y weights dense<[[1, 0, 2, 0, 3, 0]]> : tensor<1x6xi8> weight_exp -6
}
