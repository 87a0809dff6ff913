"""What a question reads of the whole graph, kept until the graph changes.

Reading every node of a graph of 136,000 organisations (the rows of a
whole-graph question, the index of names) costs a second or more, and an
analyst asks several questions of the same graph. In memory, every add
bumps ``KnowledgeGraph.revision`` (:func:`per_revision`); on Neo4j, every
committed write moves the database's bookmark (:class:`KeptReads`). Either
way a result is reused only while the graph is in the state it was read in.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from graph.knowledge_graph import KnowledgeGraph

__all__ = ["KeptReads", "kept_with", "per_revision"]

T = TypeVar("T")


def per_revision(read: Callable[[KnowledgeGraph], T]) -> Callable[..., T]:
    """``read(kg)``, kept for each graph until its revision changes (parameters ignored).

    For functions that read the whole graph whatever the parameters (the
    question filters afterwards). Keyed on ``id(kg)`` with a weak reference,
    since a KnowledgeGraph compares by content and is not hashable; the
    result goes when the graph does. Callers must not change what they get.

    >>> calls = []
    >>> @per_revision
    ... def count(kg):
    ...     calls.append(1)
    ...     return len(kg)
    >>> kg = KnowledgeGraph()
    >>> count(kg), count(kg), len(calls)
    (0, 0, 1)
    """
    kept: dict[int, tuple[weakref.ref[KnowledgeGraph], int, T]] = {}

    @functools.wraps(read)
    def cached(kg: KnowledgeGraph, **_: Any) -> T:
        key = id(kg)
        found = kept.get(key)
        if found is None or found[0]() is not kg or found[1] != kg.revision:
            gone = weakref.ref(kg, lambda _: kept.pop(key, None))
            found = kept[key] = (gone, kg.revision, read(kg))
        return found[2]

    return cached


class KeptReads:
    """Reads of a database, each kept with the revision it was made at; the latest ``size``.

    The Neo4j counterpart of :func:`per_revision`: the key names the
    database and the exact query (read with no filter set), the revision is the
    database's committed state (:meth:`graph.neo4j_store.Neo4jStore.revision`),
    so a kept read is handed back only while it is still what the query
    would return. A national read is hundreds of megabytes, hence the bound.

    >>> reads, calls = KeptReads(size=1), []
    >>> read = lambda: calls.append(1) or len(calls)
    >>> reads.get("q", "r1", read), reads.get("q", "r1", read), reads.get("q", "r2", read)
    (1, 1, 2)
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self._kept: dict[Hashable, tuple[Hashable, Any]] = {}

    def peek(self, key: Hashable, revision: Callable[[], Hashable]) -> Any | None:
        """The read kept for ``key`` if it was made at ``revision()``, else None (nothing is read).

        ``revision`` is asked only when a read is kept: on Neo4j it is a round trip.

        >>> reads = KeptReads(size=2)
        >>> reads.get("q", "r1", lambda: "rows"), reads.peek("q", lambda: "r1")
        ('rows', 'rows')
        >>> reads.peek("q", lambda: "r2"), reads.peek("other", lambda: 1 / 0)
        (None, None)
        """
        found = self._kept.get(key)
        return found[1] if found is not None and found[0] == revision() else None

    def get(self, key: Hashable, revision: Hashable, read: Callable[[], T]) -> T:
        """What ``read()`` returned for ``key`` at ``revision``, reading again when it moved."""
        found = self._kept.pop(key, None)
        if found is None or found[0] != revision:
            found = None  # the stale read goes before the new one is made
            found = (revision, read())
        self._kept[key] = found  # most recent last
        for stale in list(self._kept)[: -self.size]:
            del self._kept[stale]
        return found[1]  # type: ignore[no-any-return]


#: id(owner) -> (weak reference to the owner, what was derived from it by key, oldest first)
_DERIVED: dict[int, tuple[weakref.ref[Any], dict[Hashable, Any]]] = {}


def kept_with(owner: Any, key: Hashable, derive: Callable[[], T], *, size: int = 6) -> T:
    """``derive()``, kept as long as ``owner`` lives: the last ``size`` keys per owner.

    For what a question works out from a kept whole-graph read (the pairs
    grouped from the national link evidence, at each date asked): it is
    reused while the read is, and goes when the read does, so it can never
    outlive a change to the graph. Callers must not change what they get.

    >>> import pandas as pd
    >>> read, calls = pd.DataFrame({"x": [1, 2]}), []
    >>> total = lambda: calls.append(1) or int(read.x.sum())
    >>> kept_with(read, "total", total), kept_with(read, "total", total), len(calls)
    (3, 3, 1)
    """
    ident = id(owner)
    found = _DERIVED.get(ident)
    if found is None or found[0]() is not owner:
        found = _DERIVED[ident] = (weakref.ref(owner, lambda _: _DERIVED.pop(ident, None)), {})
    derived = found[1]
    if key in derived:
        derived[key] = derived.pop(key)  # most recent last
    else:
        derived[key] = derive()
        for stale in list(derived)[:-size]:
            del derived[stale]
    return derived[key]  # type: ignore[no-any-return]
