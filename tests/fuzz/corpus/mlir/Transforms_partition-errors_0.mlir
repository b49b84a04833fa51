snn.network @wide inputs [@x] outputs [@a] {
  snn.population @x size 1 model input
  snn.population @a size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @b size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @c size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @d size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @e size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @f size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @g size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
}
