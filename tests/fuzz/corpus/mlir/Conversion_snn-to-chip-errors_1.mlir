snn.network @n inputs [@x] outputs [@y] attributes {gyrus.partition = {cores = 1 : i64, target = "loihi2"}} {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64} {gyrus.cores = dense<0> : tensor<1xi32>}
}
