snn.network @n inputs [] outputs [] {
}
