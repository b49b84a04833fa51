snn.network @rnn inputs [@x] outputs [@y] attributes {gyrus.seed = 7 : i64} {
  snn.population @x size 3 model input
  snn.population @h size 2 model leaky_sigma_delta
      params {alpha = 0.2, bias = dense<[0.1, -0.2]> : tensor<2xf32>}
      positions dense<[[0.0, 1.0], [2.0, 3.0]]> : tensor<2x2xf32>
  snn.population @y size 2 model linear
  snn.projection @w_in from @x to @h weights dense<0.5> : tensor<2x3xf32>
  snn.projection @w_rec from @h to @h weights dense<[[1, 2], [3, 4]]> : tensor<2x2xi8>
      weight_exp -3 delays dense<[[0, 1], [2, 3]]> : tensor<2x2xi32>
  snn.projection @w_out from @h to @y weights dense<[1.5, -2.5]> : tensor<2xf64>
      indptr dense<[0, 1, 2]> : tensor<3xi64> indices dense<[1, 0]> : tensor<2xi16> delays 2 : i64
}

snn.network @quantized inputs [@in] outputs [@lif, @sd] {
  snn.population @in size 1 model input
  snn.population @lif size 2 model cuba_lif
      params {decay_u = 0.1, decay_v = 0.05, v_threshold = 1.0, bias = 0.5, refractory = 2}
      fixed_params {du = 409, dv = 205, vth_mant = 128, bias_mant = dense<[8, -8]> : tensor<2xi16>,
                    bias_exp = 3, refractory = 2}
  snn.population @sd size 1 model sigma_delta params {v_threshold = 0.1}
      fixed_params {vth = 6, state_exp = 6}
  snn.population @lsd size 1 model leaky_sigma_delta params {alpha = 1.0}
      fixed_params {alpha_q = 4096, vth = 0, bias = dense<-3> : tensor<1xi32>}
  snn.projection @a from @in to @lif weights dense<[[100], [-100]]> : tensor<2x1xi8> weight_exp 0
  snn.projection @b from @lif to @sd weights dense<[[3, 4]]> : tensor<1x2xi16> weight_exp 1
  snn.projection @c from @sd to @lsd weights dense<[[7]]> : tensor<1x1xi32> weight_exp -7
}
