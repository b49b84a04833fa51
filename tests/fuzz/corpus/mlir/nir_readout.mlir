module {
  snn.network @nir_readout inputs [@in] outputs [@cli, @out2] attributes {gyrus.nir_dt = 1.250000e-01 : f64, gyrus.nir_version = "0.2.0", gyrus.source_hash = "sha256:fb4dbd785de03ab8dac98cb08f80f1390cfa0a7ed052e56fa57fea226de4c399"} {
    snn.population @in size 2 model input
    snn.population @lif size 2 model cuba_lif params {bias = dense_resource<lif_bias> : tensor<2xf32>, decay_u = 1.000000e+00 : f64, decay_v = 1.250000e-01 : f64, v_threshold = 1.000000e+00 : f64}
    snn.population @cli size 1 model cuba_lif params {decay_u = 5.000000e-01 : f64, decay_v = 2.500000e-01 : f64}
    snn.population @out2 size 1 model linear params {bias = dense_resource<out2_bias> : tensor<1xf32>}
    snn.projection @w1 from @in to @lif weights dense_resource<w1> : tensor<2x2xf32>
    snn.projection @rec from @lif to @lif weights dense_resource<rec> : tensor<2x2xf32>
    snn.projection @lif_to_cli from @lif to @cli weights dense_resource<lif_to_cli> : tensor<1x2xf32>
    snn.projection @ro from @lif to @out2 weights dense_resource<ro> : tensor<1x2xf32>
  }
}

{-#
  dialect_resources: {
    builtin: {
      lif_bias: "0x040000000000003F0000803F",
      out2_bias: "0x040000000000803E",
      w1: "0x040000000000003E0000803E0000403F0000803F",
      rec: "0x0400000000000000000000BE000080BE00000000",
      lif_to_cli: "0x040000000000803F0000803F",
      ro: "0x040000000000803F000080BF"
    }
  }
#-}
