// A core that uses exactly every per-core limit of its target verifies; lowering any
// limit by one fails, naming the resource and the excess.
// RUN: gyrus-opt %s | FileCheck %s
// RUN: sed 's/synapse_bits = 1216/synapse_bits = 1215/' %s | not gyrus-opt 2>&1 | FileCheck %s --check-prefix=BITS
// RUN: sed 's/compartments = 4,/compartments = 3,/' %s | not gyrus-opt 2>&1 | FileCheck %s --check-prefix=COMPARTMENTS
// RUN: sed 's/in_axons = 2,/in_axons = 1,/' %s | not gyrus-opt 2>&1 | FileCheck %s --check-prefix=IN
// RUN: sed 's/out_axons = 2,/out_axons = 1,/' %s | not gyrus-opt 2>&1 | FileCheck %s --check-prefix=OUT
// RUN: sed 's/weight_bits = 8,/weight_bits = 7,/' %s | not gyrus-opt 2>&1 | FileCheck %s --check-prefix=WEIGHT
// RUN: sed 's/delay_bits = 2>/delay_bits = 1>/' %s | not gyrus-opt 2>&1 | FileCheck %s --check-prefix=DELAY

// BITS: uses 1216 bits of synapse memory, over the limit of 1215 of target 'tiny' by 1
// COMPARTMENTS: uses 4 compartments, over the limit of 3 of target 'tiny' by 1
// IN: uses 2 input axons, over the limit of 1 of target 'tiny' by 1
// OUT: uses 2 output axons, over the limit of 1 of target 'tiny' by 1
// WEIGHT: weights[0] = -255 does not fit the target's 7 weight bits (|w| <= 127)
// DELAY: delays[0] = 3 does not fit the target's 1 delay bits (0 to 1)

// Synapse memory, counted as nengo-loihi does: compartment indices up to 3 need 2
// bits, raised to the 6-bit minimum; a synapse is 8 weight + 2 delay + 6 index = 16
// bits. Axon 0 has 65 synapses: a group of 64 (64 * 16 + 10 = 1034 bits, 17 words of
// 64) and a group of 1 (16 + 10 = 26 bits, 1 word), 1152 bits. Axon 1 has one
// synapse, 64 bits. 1216 in all.

// CHECK-LABEL: chip.chip @full
chip.chip @full target "tiny" mesh <cols = 1, rows = 1, cores_per_tile = 1, chips = 1>
    limits <compartments = 4, in_axons = 2, out_axons = 2, synapse_bits = 1216,
            weight_bits = 8, delay_bits = 2>
    encoding <word_bits = 64, group_size = 64, group_header_bits = 10, min_index_bits = 6>
    models [#snn<model cuba_lif>] {
  // CHECK: chip.core 0 at <chip = 0, x = 0, y = 0, core = 0>
  chip.core 0 at <chip = 0, x = 0, y = 0, core = 0> {
    chip.compartments first 0 count 4 model cuba_lif params {du = 4095, dv = 0, vth_mant = 131071}
        population "h" offset 0
    chip.synapses first_axon 0 num_axons 2 weight_exp 0
        indptr dense<[0, 65, 66]> : tensor<3xi32> compartments dense<3> : tensor<66xi32>
        weights dense<-255> : tensor<66xi16> delays dense<3> : tensor<66xi8>
    chip.axons indptr dense<[0, 1, 2, 2, 2]> : tensor<5xi32> cores dense<0> : tensor<2xi32>
        axons dense<[0, 1]> : tensor<2xi32>
  }
}
