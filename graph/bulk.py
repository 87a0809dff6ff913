"""Pausing Python's cycle collector while a bulk step builds many objects.

Reading a table, building the graph and loading a store each create millions
of small dicts, lists and records that stay alive; answering a question on a
loaded graph builds tens of thousands of rows beside them. CPython's cycle collector
runs every few hundred allocations and, as the heap grows, walks everything
alive again and again: it took about half the time to build a graph from
records, and more than half the time of the whole-graph questions at 14,000
organisations. These steps make no reference cycles that must be reclaimed before
they end (reference counting still frees everything else at once), so the
collector is paused for the step and resumes its usual schedule after.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector inside the block; restore its previous state after.

    Also a decorator: ``@collector_paused()`` runs a whole function paused.

    Nested blocks leave it paused until the outermost one ends, and a block
    entered while the collector was already off (by the caller) leaves it off.
    What the block made is walked once by the next collection, which frees
    any cycle it left (an open file held by a half-read table's traceback)
    as promptly as without the pause.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
