snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear fixed_params {sigma_frac_bits = 0 : i64}
}
