"""Experiments on top of the library: `make demo` (demo.py), `empathic ablate` (ablation/), `empathic bench` (bench/)."""
