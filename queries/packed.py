"""Whole-graph answers shipped as one row: a list of value lists.

The neo4j driver spends tens of microseconds on every record it receives,
whatever the record holds: at 100k on this machine 14,000 one-string records
took 0.7 s to arrive, the same 14,000 strings collected into one record
0.04 s. So a question that reads thousands of rows returns them *packed*:
its Cypher ends in ``RETURN collect([...]) AS rows`` (one record), its
networkx function returns the same one-row frame, and its post-processing
unpacks the lists into dicts named by the question's raw columns.

Reading those rows from an in-memory graph costs a second or more at scale,
so they are kept until the graph changes (:func:`queries.kept.per_revision`).

>>> raw = pack([("a", 1), ("b", 2)])
>>> unpack(raw, ("name", "n"))
[{'name': 'a', 'n': 1}, {'name': 'b', 'n': 2}]
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd

__all__ = ["COLUMN", "collect", "pack", "unpack", "unpacked"]

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
