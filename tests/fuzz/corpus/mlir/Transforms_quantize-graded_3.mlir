snn.network @saturate inputs [@x] outputs [@y] {
  snn.population @x size 2 model input
  snn.population @y size 1 model linear params {bias = 5.000000e+03 : f64}
  snn.projection @big from @x to @y weights dense<[[2.000000e+04, -1.000000e+02]]> : tensor<1x2xf32>
}
