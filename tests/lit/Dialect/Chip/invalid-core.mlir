// The core verifier and its ops: per-core limits of the target (compartments, input
// and output axons, synapse memory bits, weight and delay bits), supported models,
// neuron parameters, synapse blocks and axon tables.
// RUN: gyrus-opt %s -split-input-file -verify-diagnostics

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{uses 70 compartments, over the limit of 64 of target 'mini' by 6}}
  chip.core 0 {
    chip.compartments first 0 count 60 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.compartments first 60 count 10 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 60
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{compartment groups [0, 10) and [5, 15) overlap}}
  chip.core 0 {
    chip.compartments first 0 count 10 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.compartments first 5 count 10 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 10
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    // expected-error @+1 {{target 'mini' does not support model 'sigma_delta'}}
    chip.compartments first 0 count 10 model sigma_delta params {vth = 1} population "h" offset 0
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>] {
  chip.core 0 {
    // expected-error @+1 {{model 'input' runs on the host, not in compartments}}
    chip.compartments first 0 count 10 model input params {} population "h" offset 0
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    // expected-error @+1 {{params: model 'cuba_lif' needs parameter 'dv'}}
    chip.compartments first 0 count 10 model cuba_lif params {du = 1, vth_mant = 1} population "h" offset 0
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    // expected-error @+1 {{params.bias_mant has shape [3] but the population has 2 neurons (expected [2])}}
    chip.compartments first 0 count 2 model cuba_lif params {du = 1, dv = 1, vth_mant = 1, bias_mant = dense<0> : tensor<3xi16>} population "h" offset 0
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{uses 260 input axons, over the limit of 256 of target 'mini' by 4}}
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.synapses first_axon 250 num_axons 10 weight_exp 0
        indptr dense<0> : tensor<11xi32> compartments dense<> : tensor<0xi32> weights dense<> : tensor<0xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{synapse blocks over input axons [0, 1) and [0, 1) overlap}}
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8>
    chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{compartments[0] = 1 is not a compartment of core 0 (it has 1)}}
    chip.synapses first_axon 0 num_axons 1 weight_exp 0
        indptr dense<[0, 1]> : tensor<2xi32> compartments dense<1> : tensor<1xi32> weights dense<1> : tensor<1xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 64, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // Ten 8-bit weights of one axon, index bits 0: 10 * 8 + 10 = 90 bits, two words.
  // expected-error @+1 {{uses 128 bits of synapse memory, over the limit of 64 of target 'mini' by 64}}
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.synapses first_axon 0 num_axons 1 weight_exp 0
        indptr dense<[0, 10]> : tensor<2xi32> compartments dense<0> : tensor<10xi32> weights dense<1> : tensor<10xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{weights[1] = -256 does not fit the target's 8 weight bits (|w| <= 255)}}
    chip.synapses first_axon 0 num_axons 1 weight_exp 0
        indptr dense<[0, 2]> : tensor<2xi32> compartments dense<0> : tensor<2xi32> weights dense<[255, -256]> : tensor<2xi16>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{delays[0] = 1 does not fit the target's 0 delay bits (0 to 0)}}
    chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8> delays dense<1> : tensor<1xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{indptr has 2 entries, expected 3 (rows + 1)}}
    chip.synapses first_axon 0 num_axons 2 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{compartments has 2 entries but weights has 1}}
    chip.synapses first_axon 0 num_axons 1 weight_exp 0
        indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<2xi32> weights dense<1> : tensor<1xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.axons indptr dense<[0, 0]> : tensor<2xi32> cores dense<> : tensor<0xi32> axons dense<> : tensor<0xi32>
    // expected-error @+1 {{is the core's second axon table; a core has one}}
    chip.axons indptr dense<[0, 0]> : tensor<2xi32> cores dense<> : tensor<0xi32> axons dense<> : tensor<0xi32>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 2 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{has 1 rows but core 0 has 2 compartments}}
    chip.axons indptr dense<[0, 0]> : tensor<2xi32> cores dense<> : tensor<0xi32> axons dense<> : tensor<0xi32>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{row 0 sends to core 1 twice; one packet per destination core reaches all its synapses}}
    chip.axons indptr dense<[0, 2]> : tensor<2xi32> cores dense<[1, 1]> : tensor<2xi32> axons dense<[0, 1]> : tensor<2xi32>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 1, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  // expected-error @+1 {{uses 2 output axons, over the limit of 1 of target 'mini' by 1}}
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8>
    chip.axons indptr dense<[0, 2]> : tensor<2xi32> cores dense<[0, 1]> : tensor<2xi32> axons dense<[0, 0]> : tensor<2xi32>
  }
  chip.core 1 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{entry 0 sends to core 7, which the chip does not have}}
    chip.axons indptr dense<[0, 1]> : tensor<2xi32> cores dense<7> : tensor<1xi32> axons dense<0> : tensor<1xi32>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{entry 0 sends to input axon 1 of core 1, which has 1 input axons}}
    chip.axons indptr dense<[0, 1]> : tensor<2xi32> cores dense<1> : tensor<1xi32> axons dense<1> : tensor<1xi32>
  }
  chip.core 1 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    chip.synapses first_axon 0 num_axons 1 weight_exp 0 indptr dense<[0, 1]> : tensor<2xi32> compartments dense<0> : tensor<1xi32> weights dense<1> : tensor<1xi8>
  }
}

// -----

chip.chip @c target "mini" mesh <cols = 2, rows = 2, cores_per_tile = 1, chips = 1>
    limits <compartments = 64, in_axons = 256, out_axons = 256, synapse_bits = 65536, weight_bits = 8, delay_bits = 0>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>, #snn<model linear>] {
  chip.core 0 {
    chip.compartments first 0 count 1 model cuba_lif params {du = 1, dv = 1, vth_mant = 1} population "h" offset 0
    // expected-error @+1 {{cores[0] = -1 is negative}}
    chip.axons indptr dense<[0, 1]> : tensor<2xi32> cores dense<-1> : tensor<1xi32> axons dense<0> : tensor<1xi32>
  }
}
