// snn-quantize leaves quantized IR as it is: a second run prints the same IR.
// RUN: gyrus-opt %S/quantize-graded.mlir --split-input-file --snn-quantize="target=mini" -o %t.once 2> /dev/null
// RUN: gyrus-opt %t.once --split-input-file --snn-quantize="target=mini" -o %t.twice
// RUN: diff %t.once %t.twice
// RUN: gyrus-opt %S/quantize-cuba-lif.mlir --split-input-file --snn-quantize="target=mini" 2> /dev/null | gyrus-opt --split-input-file --snn-quantize="target=mini frac-bits=8" | FileCheck %s
// CHECK: gyrus.frac_bits = 12 : i64
// CHECK: fixed_params {bias_exp = 7 : i64, bias_mant = dense<[2048, -4096]> : tensor<2xi16>, du = 2047 : i64
// CHECK: weights dense<{{\[}}[64, 128], [0, 41]]> : tensor<2x2xi16> weight_exp 2
