snn.network @one_too_big inputs [] outputs [@h] {
  snn.population @h size 2000 model linear
}
