"""Benchmarks (not part of the library; PyTorch is a benchmark-only dependency: benchmarks/requirements.txt)."""
