"""Batch runs over many pairs (manifest, per-pair runner, summary); only cluster.py imports Dask."""
