"""Benchmarks and soak tests. Run from the repository root: `python -m bench.soak --help`."""
