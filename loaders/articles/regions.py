"""Chinese place names, for anchoring organisation names at their start.

Most organisation names open with a place (大连工业大学, 黑龙江省促进…学会,
准格尔旗人民政府).  jieba's tags for places are unreliable (大连 is tagged an
adverb, 开封 a verb, 武进区 a person), so the extractor also checks a list of
administrative divisions: a name may start at a listed place even when the
next word looks like a verb.  The list is data (regions.txt), not a list of
organisations, so it holds for any province.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

REGIONS_PATH = Path(__file__).resolve().parent / "regions.txt"


@cache
def regions() -> dict[str, str]:
    """Place name → level (province / city / county), including short forms."""
    out: dict[str, str] = {}
    for line in REGIONS_PATH.read_text(encoding="utf-8").splitlines():
        if not line or line.startswith("#"):
            continue
        name, level = line.split("\t")
        out.setdefault(name, level)
    return out


@cache
def _lengths() -> tuple[int, ...]:
    return tuple(sorted({len(n) for n in regions()}, reverse=True))


def region_ending_at(text: str, end: int) -> int:
    """Start of the longest listed place that ends at `end` in `text` (-1 if none)."""
    names = regions()
    for size in _lengths():
        start = end - size
        if start >= 0 and text[start:end] in names:
            return start
    return -1


def region_starting_at(text: str, start: int) -> int:
    """End of the longest listed place that starts at `start` in `text` (-1 if none)."""
    names = regions()
    for size in _lengths():
        end = start + size
        if end <= len(text) and text[start:end] in names:
            return end
    return -1


def is_region(word: str) -> bool:
    """Whether `word` is a listed place (full or short form)."""
    return word in regions()
