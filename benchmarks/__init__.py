"""Benchmarks: measured figures for the budgets in PRODUCT.md. Not tests; run `python -m benchmarks`."""
