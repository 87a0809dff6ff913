"""What a question derives from a whole in-memory graph, kept until the graph changes.

Reading every node of a graph of 136,000 organisations (the rows of a
whole-graph question, the index of names) costs a second or more, and an
analyst asks several questions of the same graph. Every add bumps
``KnowledgeGraph.revision``, so a result is reused while the graph and its
revision are the ones it was made from.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

from graph.knowledge_graph import KnowledgeGraph

__all__ = ["per_revision"]

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
