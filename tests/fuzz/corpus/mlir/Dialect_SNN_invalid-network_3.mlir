snn.network @n inputs [] outputs [@missing] {
  snn.population @h size 2 model linear
}
