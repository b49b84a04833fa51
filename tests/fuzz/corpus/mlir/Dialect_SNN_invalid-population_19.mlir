snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model sigma_delta fixed_params {vth = 1, alpha_q = 100}
}
