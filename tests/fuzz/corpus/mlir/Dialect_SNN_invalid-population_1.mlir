snn.network @n inputs [] outputs [] {
  snn.population @p size 4 model lif
}
