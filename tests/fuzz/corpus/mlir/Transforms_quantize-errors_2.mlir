snn.network @half inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.projection @w from @x to @y weights dense<1.000000e+00> : tensor<1x1xf32>
}
