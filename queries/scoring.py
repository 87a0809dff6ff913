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

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.dates import date_end
from queries.ladder import rung
from queries.links import LINK_COLUMNS

__all__ = [
    "KIND_ORDER",
    "KIND_ZH",
    "Pair",
    "group_pairs",
    "holds_at",
    "row_start",
    "row_window",
    "strength",
    "strengths",
    "valid_as_of",
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
        return _kinds_text(frozenset(self.kinds))

    def via_text(self) -> str:
        return "；".join(
            f"{k}: {'、'.join(sorted(self.via[k]))}" for k in KIND_ORDER if k in self.kinds
        )


@lru_cache(maxsize=256)
def _kinds_text(kinds: frozenset[str]) -> str:
    """Kinds strongest first: a few dozen sets recur over every pair of a large answer."""
    return "、".join(k for k in KIND_ORDER if k in kinds)


#: positions of the evidence fields read one by one (:func:`group_pairs` unpacks whole rows)
KIND, VIA, VIA_KIND, DATES, UNTILS = (
    LINK_COLUMNS.index(c) for c in ("kind", "via", "viaKind", "dates", "untils")
)

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


def valid_as_of(row: Evidence, as_of: str | None) -> bool:
    """Whether the evidence existed and had not ended at the end of ``as_of``."""
    if as_of is None:
        return True
    start, until = row_window(row)
    return holds_at(start, until, date_end(as_of))


def row_window(row: Evidence) -> tuple[str | None, str | None]:
    """When one piece of evidence began (:func:`row_start`) and the end of its first ``until``.

    Worked out once per row, a window answers :func:`holds_at` for any
    number of dates (``changes`` asks for two).
    """
    untils = [date_end(str(u)) for u in row[UNTILS] or () if u]
    return row_start(row), min(untils) if untils else None


def holds_at(start: str | None, until: str | None, end: str) -> bool:
    """Whether evidence with this window held at ``end`` (a :func:`date_end` text)."""
    return (start is None or start <= end) and (until is None or until >= end)


_LADDER_KINDS = frozenset({"stated", "project"})


def row_depth(row: Evidence) -> int:
    """The rung one piece of evidence reaches (co-presence kinds are 0)."""
    if row[KIND] in _LADDER_KINDS:
        return rung(row[VIA_KIND], row[VIA])
    return 0


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
        if kind in _LADDER_KINDS:
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


def strength(pair: Pair, reference: str | None) -> float:
    """The 0–100 strength of a pair (see the module notes), rounded to 0.1.

    >>> p = Pair("e", "s", "E", "S", [], kinds={"project"}, sources={"x"},
    ...          latest="2023-11-10", depth=3)
    >>> strength(p, "2023-11-10")
    50.7
    """
    return strengths([pair], reference)[0]


def strengths(pairs: Iterable[Pair], reference: str | None) -> list[float]:
    """:func:`strength` of each pair, with the reference date's year worked out once."""
    now = years(reference) if reference else None
    w_depth, w_breadth = WEIGHTS["depth"], WEIGHTS["breadth"]
    w_recency, w_sources = WEIGHTS["recency"], WEIGHTS["sources"]
    out = []
    for pair in pairs:
        recency = 0.0
        latest = pair.latest
        if latest and now is not None:
            age = max(0.0, now - years(latest))
            recency = max(0.0, 1.0 - age / RECENCY_YEARS)
        total = (
            w_depth * (min(pair.depth, TOP_RUNG) / TOP_RUNG)
            + w_breadth * (min(len(pair.kinds), BREADTH_FULL) / BREADTH_FULL)
            + w_recency * recency
            + w_sources * (min(len(pair.sources), SOURCES_FULL) / SOURCES_FULL)
        )
        out.append(round(total, 1))
    return out
