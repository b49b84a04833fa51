snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  snn.population @h size 3 model linear
}
