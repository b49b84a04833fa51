snn.network @n inputs [] outputs [] {
  snn.population @x size 2 model input
}
