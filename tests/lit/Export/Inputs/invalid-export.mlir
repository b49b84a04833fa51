snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  // expected-error @+1 {{'snn.population' op has model 'linear'; NIR export takes spiking networks only (input and cuba_lif populations)}}
  snn.population @y size 1 model linear
}

// -----

snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  // expected-error @+1 {{is quantized (fixed_params); NIR export takes the float network, before snn-quantize}}
  snn.population @y size 1 model cuba_lif params {decay_u = 1.0 : f64, decay_v = 0.5 : f64, v_threshold = 1.0 : f64} fixed_params {du = 4095, dv = 2048, vth_mant = 10}
}

// -----

// expected-error @+1 {{population 'y' is an IF neuron with a bias but no incoming projection to carry it (NIR's IF has no v_leak)}}
snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model cuba_lif params {bias = dense<1.0> : tensor<1xf32>, decay_u = 1.0 : f64, decay_v = 0.0 : f64, v_threshold = 1.0 : f64}
}

// -----

snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  // expected-error @+1 {{has decay_u = 0.5 and decay_v = 0; NIR has no neuron with an infinite time constant other than IF (decay_u = 1, decay_v = 0, with a threshold)}}
  snn.population @y size 1 model cuba_lif params {decay_u = 0.5 : f64, decay_v = 0.0 : f64, v_threshold = 1.0 : f64}
}

// -----

snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  // expected-error @+1 {{has a refractory period, which NIR cannot express}}
  snn.population @y size 1 model cuba_lif params {decay_u = 1.0 : f64, decay_v = 0.5 : f64, v_threshold = 1.0 : f64, refractory = 2 : i64}
}

// -----

snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model cuba_lif params {decay_u = 1.0 : f64, decay_v = 0.5 : f64, v_threshold = 1.0 : f64}
  // expected-error @+1 {{has synaptic delays, which gyrus does not export}}
  snn.projection @w from @x to @y weights dense<1.0> : tensor<1x1xf32> delays 2 : i64
}

// -----

snn.network @n inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model cuba_lif params {decay_u = 1.0 : f64, decay_v = 0.5 : f64, v_threshold = 1.0 : f64}
  // expected-error @+1 {{has integer weights; NIR export takes the float network, before snn-quantize}}
  snn.projection @w from @x to @y weights dense<3> : tensor<1x1xi8> weight_exp 0
}

// -----

// expected-error @+1 {{--export-nir needs exactly one snn.network, found 0}}
module {
}
