"""Turning link evidence into pairs: depth, dates, strength. Shared by both backends.

Strength (0–100) adds four documented parts, so an analyst can say why one
link outranks another:

* depth, 40 points: the deepest rung reached (see ``queries/ladder.yaml``),
  as a share of the top rung 6;
* breadth, 20 points: how many kinds of link join the pair (stated, project,
  person, alliance, event), as a share of 5;
* recency, 20 points: full when the newest dated evidence is no older than
  the reference date (``as_of``, else the newest date in the answer), falling
  linearly to nothing at ten years; undated links get none;
* sources, 20 points: independent sources, full at three.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd

from graph.dates import date_end
from graph.schema import SCHEMA
from queries.ladder import rung
from queries.links import LINK_COLUMNS

if TYPE_CHECKING:
    from queries.backend import Backend

__all__ = [
    "AS_OF_HELP",
    "AS_OF_NOTE",
    "KIND_ORDER",
    "KIND_ZH",
    "LADDER_KINDS",
    "TYPED_KINDS",
    "Pair",
    "group_pairs",
    "held_at",
    "holds_at",
    "known_from",
    "row_start",
    "row_window",
    "scores",
    "source_dates",
    "valid_as_of",
    "via_words",
    "years",
]

KIND_ORDER = ("stated", "direct", "project", "person", "alliance", "event")
KIND_ZH = {
    "stated": "明确合作",
    "direct": "直接关系",
    "project": "共同项目",
    "person": "共同人员",
    "alliance": "同一联盟",
    "event": "同一活动",
}
WEIGHTS = {"depth": 40.0, "breadth": 20.0, "recency": 20.0, "sources": 20.0}
TOP_RUNG, BREADTH_FULL, SOURCES_FULL, RECENCY_YEARS = 6, 5, 3, 10.0


@dataclass(slots=True)
class Pair:
    """Everything known about one pair after grouping its evidence rows.

    ``since`` and ``latest`` are kept as they go rather than from lists of
    every date: a national answer groups hundreds of thousands of rows.
    """

    a: str
    b: str
    a_name: str
    b_name: str
    b_labels: list[str]
    kinds: set[str] = field(default_factory=set)
    via: dict[str, set[str]] = field(default_factory=dict)
    sources: set[str] = field(default_factory=set)
    since: str = ""
    """When the earliest piece of evidence came to be (:func:`row_start`)."""
    latest: str = ""
    """The newest date on any evidence."""
    depth: int = 0
    in_region: bool = False
    in_industry: bool = False

    def kinds_text(self) -> str:
        """Its kinds of link, strongest first: ``stated、project``."""
        return _kinds_text(frozenset(self.kinds))

    def via_text(self) -> str:
        """The intermediaries of each kind, strongest kind first: ``project: 订单班、实训基地``."""
        return "；".join(
            f"{k}: {'、'.join(via_words(k, v) for v in sorted(self.via[k]))}"
            for k in KIND_ORDER
            if k in self.kinds
        )


#: the kinds of link whose intermediary may be a relationship type: a stated link
#: without an agreement's title, and a direct one (see queries/links.py)
TYPED_KINDS = ("stated", "direct")


@lru_cache(maxsize=1024)
def via_words(kind: str, via: str) -> str:
    """An intermediary as an analyst reads it: a relationship type by the schema's names.

    >>> via_words("direct", "MEMBER_OF"), via_words("project", "王苗庆创新工作站")
    ('成员 member of', '王苗庆创新工作站')
    """
    rel = SCHEMA.relationships.get(via) if kind in TYPED_KINDS else None
    return f"{rel.zh} {rel.en}" if rel is not None else via


@lru_cache(maxsize=256)
def _kinds_text(kinds: frozenset[str]) -> str:
    """Kinds strongest first: a few dozen sets recur over every pair of a large answer."""
    return "、".join(k for k in KIND_ORDER if k in kinds)


#: what ``as_of`` selects, for every question that takes it (see :func:`valid_as_of`)
AS_OF_HELP = (
    "only links that held at the end of this date; a link with no date of its own counts "
    "from its earliest dated source, and one with no dated source either at any date"
)
#: the same for an analyst reading ``iekg query --list``
AS_OF_NOTE = (
    "At a date (as_of, or changes' start and end), a link with no date of its own is "
    "taken to hold from the date of the earliest source reporting it: one first reported "
    "in 2024 is not listed as of 2020. A link with no dated source either counts at any "
    "date, as nothing says when it began. The dates shown (since, latest) are stated ones only."
)

#: positions of the evidence fields read one by one (:func:`group_pairs` unpacks whole rows)
SOURCES, DATES, UNTILS = (LINK_COLUMNS.index(c) for c in ("sources", "dates", "untils"))

Evidence = Sequence[Any]
"""One raw link row: its values in :data:`LINK_COLUMNS` order (a packed row as it is)."""


def row_start(row: Evidence) -> str | None:
    """When one piece of evidence came to be: the latest date among its edges.

    >>> row_start(["e", "E", "s", "S", [], "project", "p", "P", "订单班", [],
    ...            ["2021", None, "2023-11-10"], [None, None], True, True])
    '2023-11-10'
    """
    found = [str(d) for d in row[DATES] or () if d]
    return max(found) if found else None


def source_dates(backend: Backend, ids: Iterable[str]) -> dict[str, str]:
    """The date of each dated source among ``ids``, asked of the backend once per source.

    Undated sources, and ids the graph does not hold, are left out.
    """
    found = backend.sources(dict.fromkeys(ids))
    return {sid: str(data["date"]) for sid, data in found.items() if data.get("date")}


def known_from(sources: Iterable[str] | None, dates: Mapping[str, str]) -> str | None:
    """The earliest date among ``sources`` (``dates`` from :func:`source_dates`), None if
    none is dated: evidence with no date of its own is known from then on.

    >>> known_from(["a", "b", "c"], {"a": "2024-03", "b": "2019"})
    '2019'
    """
    found = [dates[s] for s in sources or () if s in dates]
    return min(found) if found else None


def valid_as_of(row: Evidence, as_of: str | None, dates: Mapping[str, str]) -> bool:
    """Whether the evidence existed and had not ended at the end of ``as_of``.

    Evidence with no date of its own existed from its earliest dated source
    on (``dates``: :func:`source_dates` of its sources): a link first
    reported in 2024 is not known to have held in 2019. With no dated
    source either, nothing says when it began, and it counts at any date.
    """
    if as_of is None:
        return True
    start, until = row_window(row)
    if start is None:
        start = known_from(row[SOURCES], dates)
    return holds_at(start, until, date_end(as_of))


def held_at(rows: Iterable[Evidence], as_of: str | None, backend: Backend) -> list[Evidence]:
    """The evidence rows that held at the end of ``as_of`` (:func:`valid_as_of`; None: all).

    Only the sources of undated rows are looked up, each once.
    """
    rows = list(rows)
    if as_of is None:
        return rows
    undated = (r[SOURCES] or () for r in rows if row_start(r) is None)
    dates = source_dates(backend, (s for sources in undated for s in sources))
    return [r for r in rows if valid_as_of(r, as_of, dates)]


def row_window(row: Evidence) -> tuple[str | None, str | None]:
    """When one piece of evidence began (:func:`row_start`) and the end of its first ``until``."""
    untils = [date_end(str(u)) for u in row[UNTILS] or () if u]
    return row_start(row), min(untils) if untils else None


def holds_at(start: str | None, until: str | None, end: str) -> bool:
    """Whether evidence with this window held at ``end`` (a :func:`date_end` text)."""
    return (start is None or start <= end) and (until is None or until >= end)


#: kinds whose intermediary has a rung on the ladder (the others are co-presence)
LADDER_KINDS = frozenset({"stated", "project"})


def group_pairs(rows: Iterable[Evidence]) -> dict[tuple[str, str], Pair]:
    """Evidence rows (value lists in :data:`LINK_COLUMNS` order) → one :class:`Pair` per pair.

    One pass over the packed rows as they arrive, with local lookups: the
    national answers group hundreds of thousands of rows, and turning each
    into a dict first cost as much as the grouping.
    """
    pairs: dict[tuple[str, str], Pair] = {}
    get = pairs.get
    depths: dict[tuple[Any, Any], int] = {}
    for row in rows:
        # One unpacking instead of a dozen subscripts (the order is LINK_COLUMNS').
        (a, a_name, b, b_name, b_labels, kind, _, via, via_kind, sources, raw_dates, _,
         in_region, in_industry) = row  # fmt: skip
        key = (a, b)
        pair = get(key)
        if pair is None:
            pair = pairs[key] = Pair(a, b, a_name, b_name, b_labels)
        pair.kinds.add(kind)
        vias = pair.via.get(kind)
        if vias is None:
            vias = pair.via[kind] = set()
        vias.add(str(via))
        if sources:
            pair.sources.update(sources)
        if raw_dates:
            dates = [str(d) for d in raw_dates if d]
            if dates:
                start = max(dates)  # as row_start
                if not pair.since or start < pair.since:
                    pair.since = start
                if start > pair.latest:
                    pair.latest = start
        if kind in LADDER_KINDS:
            depth = depths.get((via_kind, via))
            if depth is None:
                depth = depths[via_kind, via] = rung(via_kind, via)
            if depth > pair.depth:
                pair.depth = depth
        if in_region:
            pair.in_region = True
        if in_industry:
            pair.in_industry = True
    return pairs


@lru_cache(maxsize=1 << 14)
def years(date: str) -> float:
    """A partial date as a fractional year, for recency.

    >>> years("2023"), round(years("2023-07-01"), 3)
    (2023.0, 2023.5)
    """
    parts = [int(p) for p in date.split("-")]
    year = parts[0] + (parts[1] - 1) / 12 if len(parts) > 1 else float(parts[0])
    return year + (parts[2] - 1) / 365 if len(parts) > 2 else year


def scores(
    depth: npt.ArrayLike,
    kinds: npt.ArrayLike,
    sources: npt.ArrayLike,
    latest: Sequence[str] | npt.ArrayLike,
    reference: str | None,
) -> list[float]:
    """Strengths from each pair's depth, number of kinds and of sources, and newest date.

    The arithmetic is done on numpy arrays, with the same float operations
    in the same order as one pair at a time, so the totals are the same to
    the last bit, and rounded as Python's ``round(total, 1)`` rounds (see
    :func:`_round_tenths`). A national answer scores 500,000 pairs, which one
    at a time took a second.

    >>> scores([3], [1], [1], ["2023-11-10"], "2023-11-10")
    [50.7]
    """
    depth = np.asarray(depth, np.float64)
    if not len(depth):
        return []
    recency = np.zeros(len(depth))
    if reference:
        now = years(reference)
        codes, dates = pd.factorize(np.asarray(latest, dtype=object))
        when = np.array([years(d) if d else np.nan for d in dates.tolist()] + [np.nan])
        age = np.maximum(0.0, now - when[codes])  # undated (NaN) stays NaN, and scores 0
        recency = np.nan_to_num(np.maximum(0.0, 1.0 - age / RECENCY_YEARS), nan=0.0)
    total = (
        WEIGHTS["depth"] * (np.minimum(depth, TOP_RUNG) / TOP_RUNG)
        + WEIGHTS["breadth"]
        * (np.minimum(np.asarray(kinds, np.float64), BREADTH_FULL) / BREADTH_FULL)
        + WEIGHTS["recency"] * recency
        + WEIGHTS["sources"]
        * (np.minimum(np.asarray(sources, np.float64), SOURCES_FULL) / SOURCES_FULL)
    )
    return _round_tenths(total)


def _round_tenths(values: npt.NDArray[np.float64]) -> list[float]:
    """``[round(v, 1) for v in values]``, in numpy but for values near a half tenth.

    Away from a half, the nearest whole number of tenths is the same however
    it is found, and ``k / 10`` is the float Python's round returns; within
    a hair of a half, numpy's ``x * 10`` may tip the other way, so those few
    are rounded by Python.

    >>> _round_tenths(np.array([0.25, 0.35, 2.675, 50.66666, 72.0]))
    [0.2, 0.3, 2.7, 50.7, 72.0]
    """
    scaled = values * 10
    out = (np.rint(scaled) / 10).tolist()
    for i in np.flatnonzero(np.abs(scaled - np.floor(scaled) - 0.5) < 1e-6).tolist():
        out[i] = round(float(values[i]), 1)
    return out
