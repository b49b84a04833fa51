// The population verifier: sizes, neuron models, parameter names, types, shapes and
// ranges, positions.
// RUN: gyrus-opt %s -split-input-file -verify-diagnostics

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{attribute 'size' failed to satisfy constraint: 64-bit signless integer attribute whose value is positive}}
  snn.population @p size 0 model linear
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+2 {{expected ::gyrus::snn::NeuronModel to be one of: input, cuba_lif, sigma_delta, leaky_sigma_delta, linear}}
  // expected-error @+2 {{failed to parse SNN_NeuronModelAttr parameter 'value'}}
  snn.population @p size 4 model lif
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params: model 'leaky_sigma_delta' has no parameter 'tau' (it takes alpha, v_threshold, bias)}}
  snn.population @p size 4 model leaky_sigma_delta params {alpha = 0.2, tau = 5.0}
}

// -----

snn.network @n inputs [@p] outputs [] {
  // expected-error @+1 {{params: model 'input' has no parameter 'bias' (it takes none)}}
  snn.population @p size 4 model input params {bias = 1.0}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params: model 'cuba_lif' needs parameter 'decay_u'}}
  snn.population @p size 4 model cuba_lif params {decay_v = 0.1, v_threshold = 1.0}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params: model 'leaky_sigma_delta' needs parameter 'alpha'}}
  snn.population @p size 4 model leaky_sigma_delta
}

// -----

// A decay is the fraction lost per step: a negative time constant would make it
// negative, one below a step over 1.
snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.decay_u = 1.5 is out of range [0, 1]}}
  snn.population @p size 4 model cuba_lif params {decay_u = 1.5, decay_v = 0.1, v_threshold = 1.0}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.decay_v = -0.1 is out of range [0, 1]}}
  snn.population @p size 4 model cuba_lif params {decay_u = 0.5, decay_v = -0.1, v_threshold = 1.0}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.alpha = 0 is out of range (0, 1]}}
  snn.population @p size 4 model leaky_sigma_delta params {alpha = 0.0}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.v_threshold = -1 is out of range [0, inf)}}
  snn.population @p size 4 model sigma_delta params {v_threshold = -1.0}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.alpha must be finite}}
  snn.population @p size 4 model leaky_sigma_delta params {alpha = 0x7FF8000000000000 : f64}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.alpha must be a float, not 1 : i64}}
  snn.population @p size 4 model leaky_sigma_delta params {alpha = 1}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.refractory must be an integer, not 2.000000e+00 : f64}}
  snn.population @p size 4 model cuba_lif
      params {decay_u = 0.5, decay_v = 0.1, v_threshold = 1.0, refractory = 2.0}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.alpha must be a scalar: the model sets it once per population}}
  snn.population @p size 2 model leaky_sigma_delta params {alpha = dense<[0.1, 0.2]> : tensor<2xf32>}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.bias has shape [3] but the population has 2 neurons (expected [2])}}
  snn.population @p size 2 model linear params {bias = dense<[0.1, 0.2, 0.3]> : tensor<3xf32>}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.bias must have element type f32 or f64, not 'i32'}}
  snn.population @p size 2 model linear params {bias = dense<[1, 2]> : tensor<2xi32>}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{fixed_params.bias_mant[1] = 5000 is out of range [-4096, 4095]}}
  snn.population @p size 2 model cuba_lif params {decay_u = 0.5, decay_v = 0.1, v_threshold = 1.0}
      fixed_params {du = 2048, dv = 409, vth_mant = 100, bias_mant = dense<[0, 5000]> : tensor<2xi16>}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{fixed_params.du = 4096 is out of range [0, 4095]}}
  snn.population @p size 2 model cuba_lif params {decay_u = 0.5, decay_v = 0.1, v_threshold = 1.0}
      fixed_params {du = 4096, dv = 409, vth_mant = 100}
}

// -----

snn.network @n inputs [] outputs [] {
  // Lava's state_exp is a 3-bit field.
  // expected-error @+1 {{fixed_params.state_exp = 8 is out of range [0, 7]}}
  snn.population @p size 2 model sigma_delta fixed_params {vth = 1, state_exp = 8}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{fixed_params: model 'sigma_delta' has no parameter 'alpha_q' (it takes vth, bias, state_exp)}}
  snn.population @p size 2 model sigma_delta fixed_params {vth = 1, alpha_q = 100}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{positions have shape [2, 3] but the population has 2 neurons (expected [2, 2])}}
  snn.population @p size 2 model linear positions dense<0.0> : tensor<2x3xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{positions must have element type f32 or f64, not 'i64'}}
  snn.population @p size 2 model linear positions dense<0> : tensor<2x2xi64>
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{position of neuron 1 is not finite}}
  snn.population @p size 2 model linear positions dense<[[0.0, 0.0], [0x7F800000, 1.0]]> : tensor<2x2xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{params.bias: resource blob 'short' holds 4 bytes, which do not match 'tensor<4xf32>'}}
  snn.population @p size 4 model linear params {bias = dense_resource<short> : tensor<4xf32>}
}
{-#
  dialect_resources: {
    builtin: {
      short: "0x040000000000003F"
    }
  }
#-}

// -----

// expected-error @+1 {{'snn.population' op expects parent op 'snn.network'}}
snn.population @orphan size 2 model linear
