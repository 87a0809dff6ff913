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

What a step keeps (a graph of three million dicts and lists at 100,000
relationships) would then be walked by the collector's first pass, again
when it moves up a generation, and once more in the oldest one: 0.3 s
after each build or load at that size, on top of the step. A step that ends
normally therefore hands what it made straight to the oldest generation, as
those passes would have; the next full collection still walks it, once.
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
    When the block ends normally, every object the collector tracks moves
    to its oldest generation (:func:`_promote_young`). When it raises, what it
    made is walked by the next collection instead, which frees any cycle it
    left (an open file held by a half-read table's traceback) as promptly as
    without the pause.

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
    except BaseException:
        if was_enabled:
            gc.enable()
        raise
    if was_enabled:
        _promote_young()
        gc.enable()


def _promote_young() -> None:
    """Move the young generations' objects to the oldest one, without walking them.

    ``gc.freeze()`` moves every tracked object to the permanent generation
    and ``gc.unfreeze()`` moves that generation to the oldest one: two list
    splices, whatever the number of objects. Nothing stays frozen. When the
    program froze objects itself (a server before it forks), they are left
    where it put them and nothing is moved.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
