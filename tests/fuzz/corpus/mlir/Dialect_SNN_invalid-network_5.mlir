snn.network @n inputs [@x, @x] outputs [] {
  snn.population @x size 2 model input
}
