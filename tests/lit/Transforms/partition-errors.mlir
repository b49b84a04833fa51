// snn-partition's errors: a network that fits the chip's compartments but not its
// cores (each core holds one population), located on the population the mapping
// library names; an unknown strategy; a missing target.
// RUN: gyrus-opt %s --split-input-file --verify-diagnostics --snn-partition="target=%S/Inputs/tiny.json"
// RUN: not gyrus-opt %s --split-input-file --snn-partition="target=%S/Inputs/tiny.json strategy=greedy" 2>&1 | FileCheck %s --check-prefix=STRATEGY
// RUN: not gyrus-opt %s --split-input-file --snn-partition 2>&1 | FileCheck %s --check-prefix=TARGET

// STRATEGY: error: snn-partition: unknown partition strategy 'greedy' (spatial, linear, random, hilbert, metis, anneal)
// TARGET: error: snn-partition needs a target

// Seven populations of 3 neurons: 21 of the 24 compartments, but 7 of the 6 cores.
snn.network @wide inputs [@x] outputs [@a] {
  snn.population @x size 1 model input
  // expected-error @+1 {{snn-partition: the network needs 7 cores, 1 more than the 6 of target 'tiny'}}
  snn.population @a size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @b size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @c size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @d size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @e size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @f size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
  snn.population @g size 3 model linear fixed_params {sigma_frac_bits = 0 : i64}
}
