"""Whole-graph answers shipped as one row: a list of value lists.

The neo4j driver spends tens of microseconds on every record it receives,
whatever the record holds: at 100k on this machine 14,000 one-string records
took 0.7 s to arrive, the same 14,000 strings collected into one record
0.04 s. So a question that reads thousands of rows returns them *packed*:
its Cypher ends in ``RETURN collect([...]) AS rows`` (one record), its
networkx function returns the same one-row frame, and its post-processing
unpacks the lists into dicts named by the question's raw columns.

Reading those rows from an in-memory graph costs a second or more at scale,
so :func:`per_revision` keeps each graph's rows until the graph changes
(``KnowledgeGraph.revision``, bumped by every add).

>>> raw = pack([("a", 1), ("b", 2)])
>>> unpack(raw, ("name", "n"))
[{'name': 'a', 'n': 1}, {'name': 'b', 'n': 2}]
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Sequence
from typing import Any

import pandas as pd

from graph.knowledge_graph import KnowledgeGraph

__all__ = ["COLUMN", "collect", "pack", "per_revision", "unpack", "unpacked"]

COLUMN = "rows"


def collect(*expressions: str) -> str:
    """The Cypher that packs ``expressions`` (one list per matched row) into one record."""
    return f"collect([{', '.join(expressions)}]) AS {COLUMN}"


def pack(values: Iterable[Sequence[Any]]) -> pd.DataFrame:
    """The one-row frame the Cypher of :func:`collect` returns, from value tuples."""
    return pd.DataFrame({COLUMN: [[list(v) for v in values]]})


def unpacked(raw: pd.DataFrame) -> list[list[Any]]:
    """The value lists of every packed row, in order (an empty frame has none)."""
    if COLUMN not in raw.columns:
        return []
    return [values for part in raw[COLUMN].tolist() for values in part or ()]


def unpack(raw: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    """Each packed value list as a dict keyed by ``columns``."""
    return [dict(zip(columns, values, strict=True)) for values in unpacked(raw)]


Reader = Callable[[KnowledgeGraph], pd.DataFrame]


def per_revision(read: Reader) -> Callable[..., pd.DataFrame]:
    """``read(kg)``, kept for each graph until its revision changes (parameters ignored).

    For networkx functions that read the whole graph whatever the
    parameters (the question filters afterwards). Keyed on ``id(kg)`` with a
    weak reference, since a KnowledgeGraph compares by content and is not
    hashable; the rows go when the graph does. Callers must not change the
    frame they get.
    """
    kept: dict[int, tuple[weakref.ref[KnowledgeGraph], int, pd.DataFrame]] = {}

    @functools.wraps(read)
    def cached(kg: KnowledgeGraph, **_: Any) -> pd.DataFrame:
        key = id(kg)
        found = kept.get(key)
        if found is None or found[0]() is not kg or found[1] != kg.revision:
            gone = weakref.ref(kg, lambda _: kept.pop(key, None))
            found = kept[key] = (gone, kg.revision, read(kg))
        return found[2]

    return cached
