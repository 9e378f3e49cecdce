"""The local runner: shards analyzed in this process (``workers=1``) or in N worker processes.

Each worker process loads the spaCy model once (in its initializer) and then
analyzes whole shards; results come back as Arrow tables, in completion order.

The ingesting process is in charge of its workers: they ignore SIGINT (a
Ctrl-C reaches the whole foreground process group; the ingesting process
decides how to stop), and when the run ends early (a stop, a full disk, any
error) the workers are killed rather than waited for, as their shards would
be thrown away anyway. A worker that dies on its own (killed, out of memory)
ends the run with ``WorkerDied`` (E407).
"""

from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool

from onrecord.batch.shard import ShardResult, analyze_shard
from onrecord.ingest import RawArticle
from onrecord.options import DEFAULT_OPTIONS, Options
from onrecord.store.errors import WorkerDied


def _start_worker(options: Options) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    from onrecord.compute import one_blas_thread
    from onrecord.nlp import pipeline_for

    pipeline_for(options)
    one_blas_thread()  # one process of several: a BLAS thread per core would oversubscribe them


def _kill_workers(pool: ProcessPoolExecutor) -> None:
    # ``_processes`` is private but present in every CPython with ProcessPoolExecutor (3.14 adds kill_workers()).
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.is_alive():
            process.kill()


class LocalRunner:
    """Run ``analyze_shard`` over shards with ``workers`` processes (1: in this process)."""

    def __init__(self, workers: int = 1, options: Options = DEFAULT_OPTIONS):
        self.workers = max(1, workers)
        self.options = options

    def run(self, shards: Iterable[tuple[str, list[RawArticle]]]) -> Iterator[ShardResult]:
        if self.workers == 1:
            for name, raws in shards:
                yield analyze_shard(name, raws, self.options)
            return
        context = multiprocessing.get_context("spawn")  # no inherited DuckDB handles or threads
        pool = ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_start_worker, initargs=(self.options,)
        )
        try:
            try:
                yield from self._run_pool(pool, shards)
            except BrokenProcessPool as exc:  # from submit() or result(), whichever noticed first
                raise WorkerDied(
                    "local worker process",
                    "died while analyzing (killed, or out of memory?); the shards it was working on are not stored",
                ) from exc
        except BaseException:  # a stop, an error, or the consumer closing this generator
            _kill_workers(pool)
            raise
        finally:
            pool.shutdown(wait=True, cancel_futures=True)

    def _run_pool(self, pool: ProcessPoolExecutor, shards) -> Iterator[ShardResult]:
        pending: set[Future] = set()
        source = iter(shards)
        exhausted = False
        while True:
            while not exhausted and len(pending) < 2 * self.workers:
                try:
                    name, raws = next(source)
                except StopIteration:
                    exhausted = True
                    break
                pending.add(pool.submit(analyze_shard, name, raws, self.options))
            if not pending:
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
