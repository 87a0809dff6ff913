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

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from graph.dates import date_end
from queries.ladder import rung

__all__ = [
    "KIND_ORDER",
    "KIND_ZH",
    "Pair",
    "group_pairs",
    "holds_at",
    "row_start",
    "row_window",
    "strength",
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


@dataclass
class Pair:
    """Everything known about one pair after grouping its evidence rows."""

    a: str
    b: str
    a_name: str
    b_name: str
    b_labels: list[str]
    kinds: set[str] = field(default_factory=set)
    via: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    sources: set[str] = field(default_factory=set)
    starts: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    depth: int = 0
    in_region: bool = False
    in_industry: bool = False

    @property
    def since(self) -> str:
        return min(self.starts) if self.starts else ""

    @property
    def latest(self) -> str:
        return max(self.dates) if self.dates else ""

    def kinds_text(self) -> str:
        return "、".join(k for k in KIND_ORDER if k in self.kinds)

    def via_text(self) -> str:
        return "；".join(
            f"{k}: {'、'.join(sorted(self.via[k]))}" for k in KIND_ORDER if k in self.kinds
        )


def _dates(row: dict[str, Any]) -> list[str]:
    return [str(d) for d in row.get("dates") or () if d]


def row_start(row: dict[str, Any]) -> str | None:
    """When one piece of evidence came to be: the latest date among its edges."""
    found = _dates(row)
    return max(found) if found else None


def valid_as_of(row: dict[str, Any], as_of: str | None) -> bool:
    """Whether the evidence existed and had not ended at the end of ``as_of``.

    >>> valid_as_of({"dates": ["2023-11-10"], "untils": [None]}, "2023")
    True
    >>> valid_as_of({"dates": ["2023-11-10"], "untils": ["2024-06"]}, "2024-12")
    False
    """
    if as_of is None:
        return True
    start, until = row_window(row)
    return holds_at(start, until, date_end(as_of))


def row_window(row: dict[str, Any]) -> tuple[str | None, str | None]:
    """When one piece of evidence began (:func:`row_start`) and the end of its first ``until``.

    Worked out once per row, a window answers :func:`holds_at` for any
    number of dates (``changes`` asks for two).
    """
    untils = [date_end(str(u)) for u in row.get("untils") or () if u]
    return row_start(row), min(untils) if untils else None


def holds_at(start: str | None, until: str | None, end: str) -> bool:
    """Whether evidence with this window held at ``end`` (a :func:`date_end` text)."""
    return (start is None or start <= end) and (until is None or until >= end)


_LADDER_KINDS = frozenset({"stated", "project"})


def row_depth(row: dict[str, Any]) -> int:
    """The rung one piece of evidence reaches (co-presence kinds are 0)."""
    if row["kind"] in _LADDER_KINDS:
        return rung(row.get("viaKind"), row.get("via"))
    return 0


def group_pairs(rows: Iterable[dict[str, Any]]) -> dict[tuple[str, str], Pair]:
    """Evidence rows → one :class:`Pair` per (aId, bId).

    One pass with local lookups: the whole-graph answers group tens of
    thousands of rows, so the per-row work is kept to what each row adds.
    """
    pairs: dict[tuple[str, str], Pair] = {}
    get = pairs.get
    for row in rows:
        key = (row["aId"], row["bId"])
        pair = get(key)
        if pair is None:
            pair = pairs[key] = Pair(key[0], key[1], row["a"], row["b"], list(row["bLabels"]))
        kind = row["kind"]
        pair.kinds.add(kind)
        pair.via[kind].add(str(row["via"]))
        sources = row.get("sources")
        if sources:
            pair.sources.update(sources)
        raw_dates = row.get("dates")
        if raw_dates:
            dates = [str(d) for d in raw_dates if d]
            if dates:
                pair.starts.append(max(dates))  # as row_start
                pair.dates.extend(dates)
        if kind in _LADDER_KINDS:
            depth = row_depth(row)
            if depth > pair.depth:
                pair.depth = depth
        if not pair.in_region and row.get("inRegion", True):
            pair.in_region = True
        if not pair.in_industry and row.get("inIndustry", True):
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
    ...          dates=["2023-11-10"], depth=3)
    >>> strength(p, "2023-11-10")
    50.7
    """
    depth = min(pair.depth, TOP_RUNG) / TOP_RUNG
    breadth = min(len(pair.kinds), BREADTH_FULL) / BREADTH_FULL
    recency = 0.0
    latest = pair.latest
    if latest and reference:
        age = max(0.0, years(reference) - years(latest))
        recency = max(0.0, 1.0 - age / RECENCY_YEARS)
    sources = min(len(pair.sources), SOURCES_FULL) / SOURCES_FULL
    total = (
        WEIGHTS["depth"] * depth
        + WEIGHTS["breadth"] * breadth
        + WEIGHTS["recency"] * recency
        + WEIGHTS["sources"] * sources
    )
    return round(total, 1)
