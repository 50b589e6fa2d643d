"""Run CPU-bound work on all cores, each item within a time limit.

Used for diagram renders and image derivatives. Items run in ``spawn``-ed worker processes
(never a fork of a threaded ``mkdocs serve``); an item that overruns its time gets the
caller's ``timed_out`` message as its result (workers report failures as strings too), its
pool is terminated, and the remaining items run in a fresh pool.
"""

from __future__ import annotations

import multiprocessing
from collections.abc import Callable
from typing import Any

def run_parallel(function: Callable[[Any], Any], inputs: dict[str, Any], workers: int, seconds: float,
                 timed_out: str) -> dict[str, Any]:
    """``{name: function(value)}``, or ``timed_out`` for an item that took longer than ``seconds``.

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
                    results[name] = timed_out
                    del pending[name]
                    break  # the stuck worker dies with the pool; the rest run again
                del pending[name]
        finally:
            pool.terminate()
            pool.join()
    return results
