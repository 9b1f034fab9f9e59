"""`empathic bench`: throughput benchmarks (train, generate) and the machine they ran on."""
