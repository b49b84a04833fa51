snn.network @elided inputs [@x] outputs [@y] {
  snn.population @x size 1 model input
  snn.population @y size 1 model linear
  snn.projection @w from @x to @y weights dense_resource<__elided__> : tensor<1x1xf32>
}
