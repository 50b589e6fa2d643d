"""One pipeline for what the site makes from content files (diagrams drawn to PNG, images
re-encoded): each file from the cache when the same bytes were made before, the rest made in
worker processes within time and memory limits (``wrapup.media.workers``), straight into the
cache, so that the build never holds every output at once. Each kind of media says only how
(a ``Recipe``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from wrapup.media.workers import run_parallel

Output = TypeVar("Output")  # what a file becomes, for the site


@dataclass(frozen=True)
class Recipe(Generic[Output]):
    verb: str  # "rendering", "processing": what an overrun says took too long
    key: Callable[[bytes], str]  # the cache key of a file's bytes
    cached: Callable[[str], Output | None]  # the output kept under a key, if it is whole
    job: Callable[[Path, str], Any]  # what a worker is sent for a file and its key (picklable)
    worker: Callable[[Any], Any]  # module level (workers import it); returns plain values or a problem
    finish: Callable[[str, Any], Output]  # a worker's result as an output, in the build's process
    refuse: Callable[[bytes], str | None] = lambda data: None  # a reason to make nothing, checked first


@dataclass(frozen=True)
class Made(Generic[Output]):
    outputs: dict[str, Output]
    problems: dict[str, str]  # file -> why it was not made
    made: int
    cached: int


def make_all(inputs: dict[str, Path], recipe: Recipe[Output], workers: int, seconds: float) -> Made[Output]:
    """The output of every file of ``inputs`` (by name), or the problem that stopped it."""
    outputs: dict[str, Output] = {}
    problems: dict[str, str] = {}
    jobs: dict[str, Any] = {}
    keys: dict[str, str] = {}
    for name, path in inputs.items():
        data = path.read_bytes()
        if (reason := recipe.refuse(data)) is not None:  # before the cache: a limit lowered since still applies
            problems[name] = reason
            continue
        keys[name] = recipe.key(data)
        found = recipe.cached(keys[name])
        if found is None:
            jobs[name] = recipe.job(path, keys[name])
        else:
            outputs[name] = found
    cached = len(outputs)
    overrun = f"{recipe.verb} took longer than {seconds:.0f} s and was stopped"
    for name, outcome in run_parallel(recipe.worker, jobs, workers, seconds, overrun).items():
        if isinstance(outcome, str):
            problems[name] = outcome
        else:
            outputs[name] = recipe.finish(keys[name], outcome)
    return Made(outputs, problems, made=len(outputs) - cached, cached=cached)
