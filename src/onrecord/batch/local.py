"""The local runner: shards analyzed in this process (``workers=1``) or in N worker processes.

Each worker process loads the spaCy model once (in its initializer) and then
analyzes whole shards; results come back as Arrow tables, in completion order.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

from onrecord.batch.shard import ShardResult, analyze_shard
from onrecord.ingest import RawArticle
from onrecord.options import DEFAULT_OPTIONS, Options


def _load_model(options: Options) -> None:
    from onrecord.nlp import load_pipeline

    load_pipeline(options.spacy_model)


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
        with ProcessPoolExecutor(
            self.workers, mp_context=context, initializer=_load_model, initargs=(self.options,)
        ) as pool:
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
