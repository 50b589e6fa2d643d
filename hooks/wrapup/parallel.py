"""Run CPU-bound work on all cores, each item within a time limit.

Used for diagram renders and image derivatives. Items run in ``spawn``-ed worker processes
(never a fork of a threaded ``mkdocs serve``); an item that overruns its time is reported as
timed out, its pool is terminated, and the remaining items run in a fresh pool.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

TIMED_OUT = object()


def run_parallel(function: Callable[[Any], Any], inputs: dict[str, Any], workers: int, seconds: float) -> dict[str, Any]:
    """``{name: function(value)}``, or ``TIMED_OUT`` for an item that took longer than ``seconds``.

    ``function`` must be importable by name (a module-level function) and return plain values.
    """
    results: dict[str, Any] = {}
    pending = dict(inputs)
    context = multiprocessing.get_context("spawn")
    while pending:
        pool = context.Pool(processes=max(1, min(workers, len(pending))))
        try:
            jobs = {name: pool.apply_async(function, (value,)) for name, value in pending.items()}
            for name, job in jobs.items():
                try:
                    results[name] = job.get(timeout=seconds)
                except multiprocessing.TimeoutError:
                    results[name] = TIMED_OUT
                    del pending[name]
                    break  # the stuck worker dies with the pool; the rest run again
                del pending[name]
        finally:
            pool.terminate()
            pool.join()
    return results
