snn.network @n inputs [] outputs [] {
  snn.population @h size 2 model linear
  "snn.projection"() <{sym_name = "w", source = @h, target = @h, weights = dense<1.0> : tensor<1xf32>, indptr = dense<[0, 0, 1]> : tensor<3xi32>}> : () -> ()
}
