snn.network @n inputs [@x] outputs [@x] {
  snn.population @x size 2 model input
}
