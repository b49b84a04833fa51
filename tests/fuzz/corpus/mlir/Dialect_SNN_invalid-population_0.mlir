snn.network @n inputs [] outputs [] {
  snn.population @p size 0 model linear
}
