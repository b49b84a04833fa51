snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model cuba_lif params {decay_u = 0.5, decay_v = 0.1, v_threshold = 1.0}
      fixed_params {du = 2048, dv = 409, vth_mant = 100, bias_mant = dense<[0, 5000]> : tensor<2xi16>}
}
