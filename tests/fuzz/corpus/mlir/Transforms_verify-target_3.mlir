snn.network @delays inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  snn.population @y size 2 model linear
  snn.projection @uniform from @x to @y weights dense<1.000000e+00> : tensor<2x2xf32> delays 64 : i64
  snn.projection @per_synapse from @x to @y weights dense<1.000000e+00> : tensor<2x2xf32>
      delays dense<[[0, 63], [1, 100]]> : tensor<2x2xi64>
}
