"""Measured figures, each beside a bare baseline timed in the same run (`python -m benchmarks`)."""
