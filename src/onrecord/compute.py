"""How the process multiplies matrices: thinc's products through numpy's BLAS, on one thread.

spaCy's layers multiply through thinc's ``NumpyOps``, which calls blis by default. On the
machines onrecord is measured on (2-core AMD EPYC virtual machines) blis runs a 2800 x 288 by
288 x 288 product at 22 GFLOPS and numpy's OpenBLAS at 88: the tok2vec layers, the larger part
of both the parse and the learned model, took twice as long as they need to. thinc offers the
switch itself (``NumpyOps(use_blis=False)`` hands ``gemm`` to ``numpy.dot``); the pipelines are
loaded under it (``numpy_blas``), so every layer they build keeps it. The transition parsers'
per-state product still goes through blis: spaCy calls it directly.

The switch changes float rounding (another summation order), not the model: on PolNeAR dev
and train the records are compared in the commit that made it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def numpy_blas() -> Iterator[None]:
    """Models built inside this block (``spacy.load``) multiply through numpy's BLAS."""
    from thinc.api import use_ops

    with use_ops("numpy", use_blis=False):
        yield


def one_blas_thread() -> None:
    """Keep numpy's BLAS (OpenBLAS) to one thread for the rest of the process.

    spaCy's products are many and small (a batch of paragraphs by 288), and so are the choice's
    (a few hundred candidates by 576): a second BLAS thread waiting for work cost more than it
    gave (on PolNeAR dev, with other jobs on the machine, 4 s more CPU and 3 s more wall time),
    and bare spaCy, the benchmark's comparison, multiplies on one thread. Called by the command
    line, not by the library: a Python program that imports onrecord keeps its own numpy
    settings. Call it once numpy is loaded: only loaded libraries are limited.
    """
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")


__all__ = ["numpy_blas", "one_blas_thread"]
