// The chip verifier: target attributes, core ids and coordinates, and what spans
// cores (I/O maps, routes).
// RUN: gyrus-opt %s -split-input-file -verify-diagnostics

// Attribute verifiers.
// expected-error @+1 {{mesh cols must be at least 1, not 0}}
chip.chip @c target "mini" mesh <cols = 0, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
}

// -----

// expected-error @+2 {{weight_bits must be in [1, 31], not 40}}
chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 40, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
}

// -----

// expected-error @+3 {{min_index_bits must be in [0, 63], not -1}}
chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = -1>
    models [#snn<model cuba_lif>, #snn<model linear>] {
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{coord x must be at least 0, not -1}}
  chip.core 0 at <chip = 0, x = -1, y = 0, core = 0> {}
}

// -----

// expected-error @+1 {{target supports no neuron model}}
chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [] {

}

// -----

// expected-error @+1 {{'input' is not a neuron model a core runs; the host drives inputs}}
chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model input>] {

}

// -----

// expected-error @+1 {{models lists 'linear' twice}}
chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model linear>, #snn<model linear>] {

}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{cannot be in a 'chip.chip', which holds only chip.core, chip.route, chip.input and chip.output}}
  builtin.module {}
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {}
  // expected-error @+1 {{id 0 is already used by another core}}
  chip.core 0 {}
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{coordinate #chip.coord<chip = 0, x = 2, y = 0, core = 0> is outside the mesh #chip.mesh<cols = 2, rows = 2, cores_per_tile = 1, chips = 1>}}
  chip.core 0 at <chip = 0, x = 2, y = 0, core = 0> {}
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 1, y = 1, core = 0> {}
  // expected-error @+1 {{is placed at #chip.coord<chip = 0, x = 1, y = 1, core = 0>, where core 0 already is}}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
}

// -----

// expected-error @+1 {{has 2 cores but the mesh #chip.mesh<cols = 1, rows = 1, cores_per_tile = 1, chips = 1> holds 1}}
chip.chip @c target "mini" mesh <cols = 1, rows = 1, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {}
  chip.core 1 {}
}

// -----

// expected-error @+1 {{'chip.core' op expects parent op 'chip.chip'}}
chip.core 0 {}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8>
  }
  chip.input "in" size 1 indptr dense<[0, 1]> : tensor<2xi32> cores dense<0> : tensor<1xi32> axons dense<0> : tensor<1xi32>
  // expected-error @+1 {{input 'in' is mapped twice}}
  chip.input "in" size 1 indptr dense<[0, 1]> : tensor<2xi32> cores dense<0> : tensor<1xi32> axons dense<0> : tensor<1xi32>
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
  }
  // expected-error @+1 {{entry 0 sends to input axon 0 of core 0, which has 0 input axons}}
  chip.input "in" size 1 indptr dense<[0, 1]> : tensor<2xi32> cores dense<0> : tensor<1xi32> axons dense<0> : tensor<1xi32>
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{indptr has 2 entries, expected 3 (rows + 1)}}
  chip.input "in" size 2 indptr dense<[0, 1]> : tensor<2xi32> cores dense<0> : tensor<1xi32> axons dense<0> : tensor<1xi32>
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
  }
  // expected-error @+1 {{neuron 1 is compartment 1 of core 0, which does not exist}}
  chip.output "out" size 2 cores dense<0> : tensor<2xi32> compartments dense<[0, 1]> : tensor<2xi32>
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{compartments has 1 entries but size is 2}}
  chip.output "out" size 2 cores dense<0> : tensor<2xi32> compartments dense<0> : tensor<1xi32>
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  // expected-error @+1 {{path must be (chip, x, y) triples, at least one; it has 4 numbers}}
  chip.route from 0 to 1 path [0, 0, 0, 1]
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  // expected-error @+1 {{hop 1 (0, 1, 1) is not a neighbour of the router before it}}
  chip.route from 0 to 1 path [0, 0, 0, 0, 1, 1]
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  // expected-error @+1 {{hop 1 (0, 0, 2) is outside the 1 chip(s) of 2x2 tiles}}
  chip.route from 0 to 1 path [0, 0, 0, 0, 0, 2]
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  // expected-error @+1 {{path does not end at the router of dest core 1 (0, 1, 1)}}
  chip.route from 0 to 1 path [0, 0, 0, 0, 1, 0]
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  // expected-error @+1 {{path does not start at the router of source core 0 (0, 0, 0)}}
  chip.route from 0 to 1 path [0, 0, 1, 0, 1, 1]
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  // expected-error @+1 {{dest core 2 is not placed yet}}
  chip.route from 0 to 2 path [0, 0, 0]
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  // expected-error @+1 {{source core 9 does not exist}}
  chip.route from 9 to 1 path [0, 0, 0]
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {}
  chip.core 1 at <chip = 0, x = 1, y = 1, core = 0> {}
  chip.core 2 {}
  chip.route from 0 to 1 path [0, 0, 0, 0, 1, 0, 0, 1, 1]
  // expected-error @+1 {{is the second route from core 0 to core 1}}
  chip.route from 0 to 1 path [0, 0, 0, 0, 0, 1, 0, 1, 1]
}
