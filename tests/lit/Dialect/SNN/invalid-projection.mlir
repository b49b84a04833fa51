// The projection verifier: references, weight shapes and types, CSR structure,
// quantization exponents and delays.
// RUN: gyrus-opt %s -split-input-file -verify-diagnostics

snn.network @n inputs [@x] outputs [] {
  snn.population @x size 3 model input
  snn.population @h size 2 model linear
  // expected-error @+1 {{weights have shape [3, 2] but target @h has 2 neurons and source @x has 3 (expected [2, 3])}}
  snn.projection @w from @x to @h weights dense<0.0> : tensor<3x2xf32>
}

// -----

snn.network @n inputs [@x] outputs [] {
  snn.population @x size 3 model input
  snn.population @h size 2 model linear
  // expected-error @+1 {{target @x is an input population, which only the host drives}}
  snn.projection @w from @h to @x weights dense<0.0> : tensor<3x2xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{source @nowhere is not a population of this network}}
  snn.projection @w from @nowhere to @h weights dense<0.0> : tensor<2x2xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{target @v is not a population of this network}}
  snn.projection @w from @h to @v weights dense<0.0> : tensor<2x2xf32>
  snn.projection @v from @h to @h weights dense<0.0> : tensor<2x2xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{integer (quantized) weights need a weight_exp}}
  snn.projection @w from @h to @h weights dense<1> : tensor<2x2xi8>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{float weights must not have a weight_exp}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2x2xf32> weight_exp 2
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{weights must have element type f32 or f64, not 'f16'}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2x2xf16>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{weights must be a dense<...> or dense_resource<...> array}}
  snn.projection @w from @h to @h weights sparse<[[0, 0]], [1.0]> : tensor<2x2xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{dense weights must be two-dimensional [target, source]}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<4xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{sparse weights need both indptr and indices}}
  "snn.projection"() <{sym_name = "w", source = @h, target = @h, weights = dense<1.0> : tensor<1xf32>, indptr = dense<[0, 0, 1]> : tensor<3xi32>}> : () -> ()
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{indices has 1 entries but weights has 2}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[0, 1, 2]> : tensor<3xi32> indices dense<[0]> : tensor<1xi32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{indices must have element type i8, i16, i32 or i64, not 'f32'}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[0, 1, 2]> : tensor<3xi32> indices dense<[0.0, 1.0]> : tensor<2xf32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{indptr has 4 entries, expected 3 (rows + 1) (target @h has 2 neurons)}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[0, 1, 2, 2]> : tensor<4xi32> indices dense<[0, 1]> : tensor<2xi32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{indptr decreases at entry 2}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[0, 2, 1]> : tensor<3xi32> indices dense<[0, 1]> : tensor<2xi32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{indptr ends at 1 but there are 2 entries}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[0, 1, 1]> : tensor<3xi32> indices dense<[0, 1]> : tensor<2xi32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{indptr[0] = 1, expected 0}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[1, 1, 2]> : tensor<3xi32> indices dense<[0, 1]> : tensor<2xi32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{indices[1] = 2 is not a neuron of source @h (size 2)}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2xf32>
      indptr dense<[0, 1, 2]> : tensor<3xi32> indices dense<[0, 2]> : tensor<2xi32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{delays must be non-negative, not -1}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2x2xf32> delays -1 : i64
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{delays[3] = -2 is negative}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2x2xf32>
      delays dense<[[0, 1], [1, -2]]> : tensor<2x2xi8>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{delays have shape [4] but weights have shape [2, 2]}}
  snn.projection @w from @h to @h weights dense<1.0> : tensor<2x2xf32> delays dense<1> : tensor<4xi32>
}

// -----

snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  // expected-error @+1 {{weights: resource blob 'w' holds 8 bytes, which do not match 'tensor<2x2xf32>'}}
  snn.projection @w from @h to @h weights dense_resource<w> : tensor<2x2xf32>
}
{-#
  dialect_resources: {
    builtin: {
      w: "0x040000000000003F000000BF"
    }
  }
#-}
