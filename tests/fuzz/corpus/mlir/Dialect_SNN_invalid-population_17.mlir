snn.network @n inputs [] outputs [] {
  snn.population @p size 2 model cuba_lif params {decay_u = 0.5, decay_v = 0.1, v_threshold = 1.0}
      fixed_params {du = 4096, dv = 409, vth_mant = 100}
}
