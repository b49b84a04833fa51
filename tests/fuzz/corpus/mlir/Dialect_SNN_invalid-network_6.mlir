snn.network @n inputs [] outputs [] {
  builtin.module {}
}
