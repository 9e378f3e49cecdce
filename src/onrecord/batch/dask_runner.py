"""The Dask runner: the same shards on an existing ``dask.distributed`` cluster.

Each worker loads the model once (``LoadModel`` worker plugin; the pipeline is
also cached per process). A task analyzes one shard and writes it as Parquet
under ``shard_dir``, which must be a folder the workers and this process
share; this process then loads each finished shard into DuckDB and deletes
it. A worker killed mid-task loses nothing: the scheduler reruns its task
elsewhere, the shard folder appears once (atomic rename), and loading skips
articles already in the database. Shard folders left by an interrupted run
are loaded first by the next run. A shard folder that cannot be written
(read-only, no permission, disk full), here or on a worker, ends the run
with ``NotWritable`` (E405) or ``DiskFull`` (E404) naming the folder.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable, Iterator
from pathlib import Path

from distributed import Client, WorkerPlugin, as_completed

from onrecord.batch.shard import ShardResult, read_parquet_shard, run_shard_to_parquet
from onrecord.ingest import RawArticle
from onrecord.options import DEFAULT_OPTIONS, Options
from onrecord.store.errors import from_os_error, is_write_fault


class LoadModel(WorkerPlugin):
    """Loads the spaCy pipeline when a worker starts (or joins), once per worker process."""

    name = "onrecord-load-model"

    def __init__(self, spacy_model: str):
        self.spacy_model = spacy_model

    def setup(self, worker) -> None:
        from onrecord.compute import one_blas_thread
        from onrecord.nlp import pipeline_for

        pipeline_for(Options(spacy_model=self.spacy_model))
        one_blas_thread()  # workers share the cluster's cores: a BLAS thread per core each would oversubscribe them


class DaskRunner:
    def __init__(
        self, address: str, shard_dir: str | Path, options: Options = DEFAULT_OPTIONS, in_flight: int | None = None
    ):
        self.address = address
        self.shard_dir = Path(shard_dir)
        self.options = options
        self.in_flight = in_flight

    def leftover(self) -> Iterator[ShardResult]:
        """Complete shard folders an earlier, interrupted run did not load."""
        if not self.shard_dir.is_dir():
            return
        for path in sorted(self.shard_dir.glob("shard-*")):
            if path.is_dir():
                yield read_parquet_shard(path)

    def done_with(self, result: ShardResult) -> None:
        """Called once ``result`` is in the database: its Parquet folder can go."""
        if result.path:
            shutil.rmtree(result.path, ignore_errors=True)

    def run(self, shards: Iterable[tuple[str, list[RawArticle]]]) -> Iterator[ShardResult]:
        try:
            self.shard_dir.mkdir(parents=True, exist_ok=True)
            probe = self.shard_dir / f".probe-{os.getpid()}"
            probe.touch()  # fail here, naming the folder, rather than in every task
            probe.unlink()
        except OSError as exc:
            raise from_os_error(str(self.shard_dir), exc, "cannot be used as the shard folder") from exc
        shard_dir = str(self.shard_dir.resolve())
        with Client(self.address, timeout="30s") as client:
            client.register_plugin(LoadModel(self.options.spacy_model))
            limit = self.in_flight or 2 * max(1, sum(client.nthreads().values()))
            queue = as_completed()
            in_flight = 0
            source = iter(shards)
            exhausted = False

            def submit_more() -> None:
                nonlocal in_flight, exhausted
                while not exhausted and in_flight < limit:
                    try:
                        name, raws = next(source)
                    except StopIteration:
                        exhausted = True
                        return
                    future = client.submit(
                        run_shard_to_parquet, name, raws, self.options, shard_dir, key=f"onrecord-{name}", retries=2
                    )
                    queue.add(future)
                    in_flight += 1

            submit_more()
            while in_flight:
                future = next(queue)
                in_flight -= 1
                try:
                    path = future.result()
                except OSError as exc:
                    if not is_write_fault(exc):  # e.g. the scheduler went away: not the folder's fault
                        raise
                    # Raised by the task on a worker: the shard folder is full or read-only there.
                    raise from_os_error(str(self.shard_dir), exc, "cannot be used as the shard folder") from exc
                future.release()
                yield read_parquet_shard(path)
                submit_more()
