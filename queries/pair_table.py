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

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter
from typing import Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from graph.dates import date_end
from graph.schema import SCHEMA
from queries.backend import Backend, citations, cite
from queries.kept import kept_with
from queries.links import LINK_COLUMNS
from queries.names import concrete_label
from queries.ordered import frame_order
from queries.packed import unpacked
from queries.scoring import KIND_ORDER, Pair, group_pairs, holds_at, row_window

__all__ = ["BY_NAMES", "KIND_BITS", "PairTable", "held_pairs", "pair_table"]

#: one bit per kind of link, to select the pairs joined a given way
KIND_BITS = {kind: 1 << i for i, kind in enumerate(KIND_ORDER)}
#: the column ranking the pairs by enterprise, school, then their ids: the tail of
#: both questions' sort keys, worked out once per table instead of on every answer
BY_NAMES = "pairOrder"
_NAME_KEYS = ("enterprise", "school", "enterpriseId", "schoolId")
A_ID, B_ID = LINK_COLUMNS.index("aId"), LINK_COLUMNS.index("bId")


@dataclass(frozen=True)
class PairTable:
    """One row per pair, in the order the pairs were first seen.

    Columns: ``enterprise``, ``school``, ``schoolKind``, ``kinds``,
    ``depthLevel``, ``via``, ``since``, ``latest``, ``sources`` (citations),
    ``enterpriseId``, ``schoolId``, and for selecting, scoring and sorting:
    ``kindBits``, ``kindCount``, ``sourceCount``, ``inRegion``, ``inIndustry``
    and :data:`BY_NAMES`.
    """

    frame: pd.DataFrame
    codes: npt.NDArray[np.int64]
    """Each row's pair as a number, the same in every table of one read: comparing
    two dates' tables compares these (:func:`numpy.isin`), not pairs of texts."""
    newest: str
    """The newest date on any pair ('' when none is dated)."""


def pair_table(raw: pd.DataFrame, as_of: str | None, backend: Backend) -> PairTable:
    """The pairs of packed link evidence as they held at the end of ``as_of`` (None: all).

    Kept with ``raw``: the read belongs to one backend and one graph
    revision, so the citations worked out here are the backend's own.
    Tables of the last few dates asked are kept.
    """
    end = date_end(as_of) if as_of else None
    numbers = kept_with(raw, "pair numbers", lambda: _numbers(raw))
    return kept_with(
        raw, ("pair table", end), lambda: _table(held_pairs(raw, as_of), numbers, backend)
    )


def held_pairs(raw: pd.DataFrame, as_of: str | None) -> dict[tuple[str, str], Pair]:
    """The pairs of packed link evidence as they held at the end of ``as_of`` (None: all).

    When each piece of evidence began and ended (:func:`row_window`) is
    worked out once per read and kept with it: ``changes`` asks for two
    dates, and the national read has 650,000 rows.
    """
    evidence = unpacked(raw)
    if not as_of:
        return group_pairs(evidence)
    end = date_end(as_of)
    windows = kept_with(raw, "windows", lambda: [row_window(r) for r in evidence])
    held = zip(evidence, windows, strict=True)
    return group_pairs(r for r, (began, until) in held if holds_at(began, until, end))


def _table(
    pairs: dict[tuple[str, str], Pair], numbers: dict[tuple[str, str], int], backend: Backend
) -> PairTable:
    """The table of ``pairs``, column by column (``map`` costs half a comprehension per value).

    ``numbers`` are the read's pair numbers (:func:`_numbers`).
    """
    found = list(pairs.values())
    titles = cite(backend, set().union(*(p.sources for p in found)))
    school_kind = {p.b: _kind_short(tuple(p.b_labels)) for p in found}

    def column(name: str) -> list[Any]:
        return list(map(attrgetter(name), found))

    def ints(values: Iterable[int]) -> npt.NDArray[np.int64]:
        return np.fromiter(values, np.int64, len(found))

    texts = {
        "enterprise": column("a_name"),
        "school": column("b_name"),
        "schoolKind": [school_kind[b] for b in column("b")],
        "kinds": [p.kinds_text() for p in found],
        "via": [p.via_text() for p in found],
        "since": column("since"),
        "latest": column("latest"),
        "sources": [citations(p.sources, titles) for p in found],
        "enterpriseId": column("a"),
        "schoolId": column("b"),
    }
    frame = pd.DataFrame(
        {
            # pandas' text dtype, stated: an empty table's text columns are text too
            **{name: pd.array(values, dtype="str") for name, values in texts.items()},
            "depthLevel": ints(map(attrgetter("depth"), found)),
            "kindBits": ints(_bits(frozenset(p.kinds)) for p in found),
            "kindCount": ints(len(p.kinds) for p in found),
            "sourceCount": ints(len(p.sources) for p in found),
            "inRegion": np.fromiter(map(attrgetter("in_region"), found), bool, len(found)),
            "inIndustry": np.fromiter(map(attrgetter("in_industry"), found), bool, len(found)),
        }
    )
    rank = np.empty(len(frame), np.int64)
    rank[frame_order(frame, _NAME_KEYS)] = np.arange(len(frame))
    frame[BY_NAMES] = rank
    newest = max(map(attrgetter("latest"), found), default="")
    codes = np.fromiter(map(numbers.__getitem__, pairs), np.int64, len(pairs))
    return PairTable(frame, codes, newest)


def _numbers(raw: pd.DataFrame) -> dict[tuple[str, str], int]:
    """Every pair of the read, numbered in the order the evidence names them.

    Worked out from the read alone, so the numbers are the same whenever
    they are worked out again.
    """
    pairs = dict.fromkeys((row[A_ID], row[B_ID]) for row in unpacked(raw))
    return {pair: i for i, pair in enumerate(pairs)}


@lru_cache(maxsize=256)
def _bits(kinds: frozenset[str]) -> int:
    return sum(KIND_BITS[k] for k in kinds)


@lru_cache(maxsize=64)
def _kind_short(labels: tuple[str, ...]) -> str:
    """中职 or 高校: a few label sets recur over every pair, named once each."""
    return SCHEMA.label(concrete_label(labels)).short
