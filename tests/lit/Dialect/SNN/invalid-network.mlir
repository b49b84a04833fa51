// The network verifier: what the body may hold, and the inputs and outputs lists.
// RUN: gyrus-opt %s -split-input-file -verify-diagnostics

// expected-error @+1 {{input @h has model 'linear'; network inputs must have model 'input'}}
snn.network @n inputs [@h] outputs [] {
  snn.population @h size 2 model linear
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{has model 'input' but is not listed in the network's inputs}}
  snn.population @x size 2 model input
}

// -----

// expected-error @+1 {{output @x is an input population; an output must compute something}}
snn.network @n inputs [@x] outputs [@x] {
  snn.population @x size 2 model input
}

// -----

// expected-error @+1 {{outputs entry @missing is not a population of this network}}
snn.network @n inputs [] outputs [@missing] {
  snn.population @h size 2 model linear
}

// -----

// expected-error @+1 {{inputs entry @w is not a population of this network}}
snn.network @n inputs [@w] outputs [] {
  snn.population @h size 2 model linear
  snn.projection @w from @h to @h weights dense<0.0> : tensor<2x2xf32>
}

// -----

// expected-error @+1 {{inputs lists @x twice}}
snn.network @n inputs [@x, @x] outputs [] {
  snn.population @x size 2 model input
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-error @+1 {{cannot be in an 'snn.network', which holds only snn.population and snn.projection}}
  builtin.module {}
}

// -----

snn.network @n inputs [] outputs [] {
  // expected-note @+1 {{see existing symbol definition here}}
  snn.population @h size 2 model linear
  // expected-error @+1 {{redefinition of symbol named 'h'}}
  snn.population @h size 3 model linear
}
