"""RUN BESIDE: one function in a forked child process while this one goes on.

Why: a province build spends a minute writing download files and another
rendering pages, each on one core. Forked after the data are in memory, the
child shares them page by page (copy-on-write) instead of reading them again,
and only its small result comes back through a pipe. Where fork does not
exist (Windows, macOS' default), the function simply runs first.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from multiprocessing.connection import Connection
from typing import TypeVar

T = TypeVar("T")


class BackgroundError(Exception):
    """The child failed; the message is its traceback or how it ended."""


@contextmanager
def beside(function: Callable[..., T], *args: object) -> Iterator[Callable[[], T]]:
    """Start `function(*args)` in a child; yield a callable that waits for its
    result (raising BackgroundError if it failed). Leaving the block stops a
    child whose result was never asked for."""
    if "fork" not in multiprocessing.get_all_start_methods():
        value = function(*args)
        yield lambda: value
        return
    for stream in (sys.stdout, sys.stderr):
        stream.flush()  # or the child would print the parent's buffered lines again
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(function, args, sending), daemon=True)
    child.start()
    sending.close()
    outcome: list[tuple[bool, object]] = []

    def result() -> T:
        if not outcome:
            try:
                outcome.append(receiving.recv())
            except EOFError:
                child.join()
                outcome.append((False, f"child process ended without a result (exit code {child.exitcode}; "
                                       "a negative code is the signal, e.g. -9 when memory ran out)"))
            child.join()
        succeeded, value = outcome[0]
        if not succeeded:
            raise BackgroundError(value)
        return value  # type: ignore[return-value]

    try:
        yield result
    finally:
        if child.is_alive() and not outcome:
            child.terminate()
        child.join()
        receiving.close()


def _run(function: Callable[..., object], args: tuple, sending: Connection) -> None:
    try:
        sending.send((True, function(*args)))
    except BaseException:  # noqa: BLE001 - every failure goes back to the parent, as text
        sending.send((False, traceback.format_exc()))
    finally:
        sending.close()
