snn.network @fits inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  snn.population @h size 400 model leaky_sigma_delta params {alpha = 2.000000e-01 : f64}
  snn.population @y size 3 model linear
  snn.projection @w_in from @x to @h weights dense<1.000000e-01> : tensor<400x2xf32> delays 63 : i64
  snn.projection @w_out from @h to @y weights dense<[1, -127, 0]> : tensor<3xi8>
      indptr dense<[0, 1, 2, 3]> : tensor<4xi32> indices dense<[0, 1, 2]> : tensor<3xi32>
      weight_exp -24
}
