"""Benchmarks of csm-radar: parsing, embedding, end-to-end scaling.

Run ``python -m benchmarks --help``. Results go to ``benchmarks/out/`` (JSON)
and are summarised in ``benchmarks/RESULTS.md`` by hand after a full run.
"""
