snn.network @n inputs [@x] outputs [@y] attributes {gyrus.partition = {cores = 1 : i64, target = "mini"}} {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 4 : i64} {gyrus.cores = dense<0> : tensor<1xi32>}
  snn.projection @a from @x to @y weights dense<1> : tensor<1x1xi8> weight_exp 0
  snn.projection @b from @x to @y weights dense<1> : tensor<1x1xi8> weight_exp -2
}
