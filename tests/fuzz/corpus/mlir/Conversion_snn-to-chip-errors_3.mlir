snn.network @n inputs [@x] outputs [@z] attributes {gyrus.partition = {cores = 2 : i64, target = "mini"}} {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64} {gyrus.cores = dense<0> : tensor<1xi32>}
  snn.population @z size 1 model linear fixed_params {sigma_frac_bits = 0 : i64} {gyrus.cores = dense<1> : tensor<1xi32>}
  snn.projection @w from @y to @z weights dense<1> : tensor<1x1xi8> weight_exp 0
}
