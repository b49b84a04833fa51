snn.network @half2 inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear
  snn.projection @w from @x to @y weights dense<1> : tensor<1x1xi8> weight_exp 0
}
