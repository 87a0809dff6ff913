"""The depth ladder: how deep a school–enterprise link goes, from a project's kind.

The rungs live in ``queries/ladder.yaml`` so analysts can refine them
without touching code. :func:`rung` is the only place a kind becomes a
level; both backends call it on the same text.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

import yaml

from graph.errors import SchemaError
from graph.text import match_key

__all__ = ["LADDER_PATH", "Rung", "ladder", "rung", "rung_name"]

LADDER_PATH = Path(__file__).with_name("ladder.yaml")


@dataclass(frozen=True)
class Rung:
    """One level of the ladder with its display names and keywords."""

    level: int
    zh: str
    en: str
    keywords: tuple[str, ...]


@cache
def ladder() -> tuple[tuple[Rung, ...], int]:
    """The rungs (lowest first) and the level of an unmatched kind."""
    raw = yaml.safe_load(LADDER_PATH.read_text(encoding="utf-8"))
    try:
        rungs = tuple(
            Rung(int(r["level"]), str(r["zh"]), str(r["en"]), tuple(map(str, r["keywords"])))
            for r in raw["rungs"]
        )
        unmatched = int(raw["unmatched"])
    except (KeyError, TypeError, ValueError) as exc:
        raise SchemaError(
            f"{LADDER_PATH}: each rung needs level, zh, en, keywords ({exc})"
        ) from exc
    return rungs, unmatched


@cache
def _keywords() -> tuple[tuple[str, int], ...]:
    rungs, _ = ladder()
    pairs = [(match_key(k), r.level) for r in rungs for k in r.keywords]
    return tuple(sorted(pairs, key=lambda p: (-len(p[0]), -p[1])))


def rung(*texts: str | None) -> int:
    """The ladder level of a project kind (or agreement text, or name).

    The first text with a matching keyword decides (longest keyword wins);
    when none matches, the level of an unmatched kind.

    >>> rung("订单班"), rung("共育项目"), rung("产业学院"), rung("创新工作站"), rung("联谊")
    (2, 3, 4, 5, 1)
    >>> rung(None, "王苗庆创新工作站揭牌")
    5
    """
    for text in texts:
        level = _level(text or "")
        if level is not None:
            return level
    return ladder()[1]


@lru_cache(maxsize=1 << 16)
def _level(text: str) -> int | None:
    """The level the longest keyword in ``text`` names, None when none matches.

    Cached: a large answer asks about the same project kinds and agreement
    texts over and over, and folding the text is the costly part.
    """
    key = match_key(text)
    if key:
        for keyword, level in _keywords():
            if keyword in key:
                return level
    return None


def rung_name(level: int) -> str:
    """``4 产业学院、实训基地 industry colleges and training bases``; 0 is co-presence.

    >>> rung_name(0)
    '0 同处联盟/活动/人员 co-presence only'
    """
    if level == 0:
        return "0 同处联盟/活动/人员 co-presence only"
    for r in ladder()[0]:
        if r.level == level:
            return f"{r.level} {r.zh} {r.en}"
    return str(level)
