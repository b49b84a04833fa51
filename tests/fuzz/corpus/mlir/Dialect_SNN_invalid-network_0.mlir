snn.network @n inputs [@h] outputs [] {
  snn.population @h size 2 model linear
}
