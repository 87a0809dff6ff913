"""The enterprise–school pairs of a link read as columns, kept with the read.

``connections`` and ``changes`` both group link evidence into pairs
(:func:`queries.scoring.group_pairs`) and show the same things about each.
Over the whole graph that is 532,850 pairs at 136,000 organisations, and
every pass over half a million Python objects costs a tenth of a second, so
the pairs of a read are turned into one table once per date: their names,
kinds, intermediaries, depth, dates, citations and counts. The national
link read is kept until the graph changes (:mod:`queries.kept`), and its
tables are kept with it (:func:`queries.kept.kept_with`), so ``connections``
asked again, with any kind or depth, or ``changes`` at a date already seen,
only selects rows, scores them and sorts them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

import numpy as np
import pandas as pd

from graph.dates import date_end
from graph.schema import SCHEMA
from queries.backend import Backend, cite
from queries.kept import kept_with
from queries.names import concrete_label
from queries.scoring import KIND_ORDER, Pair, held_pairs

__all__ = ["PairTable", "pair_table"]

#: one bit per kind of link, to select the pairs joined a given way
KIND_BITS = {kind: 1 << i for i, kind in enumerate(KIND_ORDER)}


@dataclass(frozen=True)
class PairTable:
    """One row per pair, in the order the pairs were first seen.

    Columns: ``enterprise``, ``school``, ``schoolKind``, ``kinds``,
    ``depthLevel``, ``via``, ``since``, ``latest``, ``sources`` (citations),
    ``enterpriseId``, ``schoolId``, and for selecting and scoring:
    ``kindBits``, ``kindCount``, ``sourceCount``, ``inRegion``, ``inIndustry``.
    """

    frame: pd.DataFrame
    rows: dict[tuple[str, str], int]
    """(enterprise id, school id) → its row, for comparing the tables of two dates."""
    newest: str
    """The newest date on any pair ('' when none is dated)."""


def pair_table(raw: pd.DataFrame, as_of: str | None, backend: Backend) -> PairTable:
    """The pairs of packed link evidence as they held at the end of ``as_of`` (None: all).

    Kept with ``raw``: the read belongs to one backend and one graph
    revision, so the citations worked out here are the backend's own.
    The last four dates asked are kept.
    """
    end = date_end(as_of) if as_of else None
    return kept_with(raw, ("pair table", end), lambda: _table(held_pairs(raw, as_of), backend))


def _table(pairs: dict[tuple[str, str], Pair], backend: Backend) -> PairTable:
    found = list(pairs.values())
    titles = cite(backend, set().union(*(p.sources for p in found)))
    school_kind = {p.b: _kind_short(tuple(p.b_labels)) for p in found}

    def column(name: str) -> list[Any]:
        return list(map(attrgetter(name), found))

    def counts(values: Any) -> np.ndarray[Any, np.dtype[np.int64]]:
        return np.fromiter(values, np.int64, len(found))

    frame = pd.DataFrame(
        {
            "enterprise": column("a_name"),
            "school": column("b_name"),
            "schoolKind": [school_kind[b] for b in column("b")],
            "kinds": [p.kinds_text() for p in found],
            "depthLevel": counts(map(attrgetter("depth"), found)),
            "via": [p.via_text() for p in found],
            "since": column("since"),
            "latest": column("latest"),
            "sources": [p.sources_text(titles) for p in found],
            "enterpriseId": column("a"),
            "schoolId": column("b"),
            "kindBits": counts(_bits(frozenset(p.kinds)) for p in found),
            "kindCount": counts(len(p.kinds) for p in found),
            "sourceCount": counts(len(p.sources) for p in found),
            "inRegion": np.fromiter(map(attrgetter("in_region"), found), bool, len(found)),
            "inIndustry": np.fromiter(map(attrgetter("in_industry"), found), bool, len(found)),
        }
    )
    newest = max(map(attrgetter("latest"), found), default="")
    return PairTable(frame, {key: i for i, key in enumerate(pairs)}, newest)


@lru_cache(maxsize=256)
def _bits(kinds: frozenset[str]) -> int:
    return sum(KIND_BITS[k] for k in kinds)


@lru_cache(maxsize=64)
def _kind_short(labels: tuple[str, ...]) -> str:
    """中职 or 高校: a few label sets recur over every pair, named once each."""
    return SCHEMA.label(concrete_label(labels)).short
