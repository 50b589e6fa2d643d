"""Run CPU-bound work on all cores, each item within a time and a memory limit.

Used for Markdown trials, diagram renders and image derivatives, all of untrusted content.
Items run in worker processes (forked from a single-threaded build, spawned from a threaded
``mkdocs serve``), each limited to ``WORKER_MEMORY_BYTES`` of address space. An item that overruns its time gets
the caller's ``timed_out`` message as its result, its pool is terminated, and the remaining
items run in a fresh pool. An exception in an item comes back as a string (its type and
message): raised in the worker, an exception the parent cannot unpickle would leave the pool
waiting for a result that never comes.
"""

from __future__ import annotations

import functools
import multiprocessing
import threading
from collections.abc import Callable
from typing import Any

# A diagram or a photo is drawn in well under 1 GB; a worker that wants more is stopped
# (MemoryError, or the item times out) instead of taking the machine's memory.
WORKER_MEMORY_BYTES = 3 * 1024**3


def _limit_memory(limit: int) -> None:
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    except (ImportError, ValueError, OSError):  # not on this platform, or a lower hard limit already
        pass


def _start_method() -> str:
    """``fork`` when this process runs a single thread (``mkdocs build``): a worker starts in
    milliseconds with the modules already loaded. ``spawn`` otherwise (``mkdocs serve`` runs a
    server thread, and a fork would copy locks that thread holds)."""
    if threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods():
        return "fork"
    return "spawn"


def _guarded(function: Callable[[Any], Any], value: Any) -> Any:
    try:
        return function(value)
    except BaseException as exc:
        return f"it failed ({type(exc).__name__}: {str(exc)[:160]})"


def run_parallel(
    function: Callable[[Any], Any],
    inputs: dict[str, Any],
    workers: int,
    seconds: float | dict[str, float],
    timed_out: str,
) -> dict[str, Any]:
    """``{name: function(value)}``, or ``timed_out`` for an item that took longer than its
    ``seconds`` (one number for all, or one per name).

    ``function`` must be importable by name (a module-level function) and return plain values.
    """
    results: dict[str, Any] = {}
    pending = dict(inputs)
    context = multiprocessing.get_context(_start_method())
    guarded = functools.partial(_guarded, function)
    while pending:
        pool = context.Pool(
            processes=max(1, min(workers, len(pending))), initializer=_limit_memory, initargs=(WORKER_MEMORY_BYTES,)
        )
        try:
            jobs = {name: pool.apply_async(guarded, (value,)) for name, value in pending.items()}
            for name, job in jobs.items():
                limit = seconds[name] if isinstance(seconds, dict) else seconds
                try:
                    results[name] = job.get(timeout=limit)
                except multiprocessing.TimeoutError:
                    results[name] = timed_out
                    del pending[name]
                    break  # the stuck worker dies with the pool; the rest run again
                except Exception as exc:  # the result could not be read back: never a stalled build
                    results[name] = f"it failed ({type(exc).__name__})"
                del pending[name]
        finally:
            pool.terminate()
            pool.join()
    return results
