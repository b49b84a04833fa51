snn.network @n inputs [@p] outputs [] {
  snn.population @p size 4 model input params {bias = 1.0}
}
