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

A graph built or loaded (three million dicts and lists at 100,000
relationships) lives as long as the session, yet after the pause the
collector's young pass walked all of it, its middle pass walked it again,
and a full pass once more: 0.3 s after each build or load at that size. So
those steps, and reading the records a graph is built from, hand what they
made straight to the oldest generation (``collector_paused(keep=True)``),
where only full passes walk it.
"""

from __future__ import annotations

import contextlib
import gc
import sys
import sysconfig
from collections.abc import Iterator

__all__ = ["collector_paused"]

#: Where ``gc.freeze()`` and ``gc.unfreeze()`` splice the collector's generation
#: lists (CPython 3.11-3.13 with the GIL). The free-threaded builds walk the
#: whole heap for each instead, and 3.14's incremental collector has other
#: generations: there a kept step's objects are left to the collector.
CAN_PROMOTE = (
    sys.implementation.name == "cpython"
    and sys.version_info < (3, 14)
    and not sysconfig.get_config_var("Py_GIL_DISABLED")
)


@contextlib.contextmanager
def collector_paused(*, keep: bool = False) -> Iterator[None]:
    """Pause the cycle collector inside the block; restore its previous state after.

    Also a decorator: ``@collector_paused()`` runs a whole function paused.

    Nested blocks leave it paused until the outermost one ends, and a block
    entered while the collector was already off (by the caller) leaves it off.
    What the block made is walked once by the next collection, which frees
    any cycle it left (an open file held by a half-read table's traceback)
    as promptly as without the pause.

    ``keep=True`` is for a step whose objects live on (building or loading a
    graph, reading the records a graph is built from). When it is the
    outermost block and ends normally, every object the collector tracks
    moves to its oldest generation (:func:`_promote`); the program's own
    young garbage is collected as the block starts, so none of it is moved
    with them.

    >>> with collector_paused():
    ...     gc.isenabled()
    False
    >>> gc.isenabled()
    True
    """
    was_enabled = gc.isenabled()
    promote = keep and was_enabled and CAN_PROMOTE
    if promote:
        gc.collect(1)
    gc.disable()
    try:
        yield
    except BaseException:
        if was_enabled:
            gc.enable()
        raise
    if promote:
        _promote()
    if was_enabled:
        gc.enable()


def _promote() -> None:
    """Move the young generations' objects to the oldest one, without walking them.

    ``gc.freeze()`` splices every generation's list onto the permanent one
    and ``gc.unfreeze()`` splices that onto the oldest: a few list splices,
    whatever the number of objects, and nothing stays frozen. The young
    generations' counts start again from zero. When the program froze
    objects itself (a server before it forks), they are left where it put
    them and nothing is moved.
    """
    if gc.get_freeze_count() == 0:
        gc.freeze()
        gc.unfreeze()
