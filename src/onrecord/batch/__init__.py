"""Batch analysis for the corpus: one per-shard function, two runners.

``LocalRunner(workers)`` runs ``analyze_shard`` in this process or in N
worker processes; ``DaskRunner(address, shard_dir)`` runs it on an existing
Dask cluster, each task leaving a Parquet shard. ``ingest`` drives either one
and writes the results to the DuckDB store. The Dask runner is imported only
when asked for (``onrecord.batch.dask_runner``), so Dask stays optional at run time.
"""

from onrecord.batch.ingest import DEFAULT_SHARD_SIZE, IngestSummary, estimate_total, ingest
from onrecord.batch.local import LocalRunner
from onrecord.batch.shard import ShardResult, analyze_shard, read_parquet_shard, run_shard_to_parquet

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "IngestSummary",
    "LocalRunner",
    "ShardResult",
    "analyze_shard",
    "estimate_total",
    "ingest",
    "read_parquet_shard",
    "run_shard_to_parquet",
]
