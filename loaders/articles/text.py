"""Sentence splitting and date reading for Chinese news prose.

Offsets are kept throughout because every extracted fact must point back at
the sentence it came from.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SENT_RE = re.compile(r"[^。!?!?;;\n]+[。!?!?;;]*[”’」』)]?")
_FULL_DATE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
_MONTH_DAY = re.compile(r"(?<![\d年])(\d{1,2})月(\d{1,2})日")
_DAY_ONLY = re.compile(r"(?<![\d月年])(\d{1,2})日(?:上午|下午|晚上|晚|早上)?[,,]")
_ISO = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Sentence:
    """A sentence of the body with its character offsets."""

    text: str
    start: int
    end: int


def split_sentences(body: str) -> list[Sentence]:
    """Split at full stops, question/exclamation marks, semicolons and newlines."""
    out: list[Sentence] = []
    for m in _SENT_RE.finditer(body):
        raw = m.group(0)
        lead = len(raw) - len(raw.lstrip())
        text = raw.strip()
        if text:
            start = m.start() + lead
            out.append(Sentence(text, start, start + len(text)))
    return out


def resolve_date(text: str, published: str | None) -> str | None:
    """The first date stated in `text`, as ISO when a year can be fixed.

    A month-day without a year takes the publication year, stepping back a
    year when that would put the event after publication (a December event
    reported in January).  Without a publication date it stays as written.
    """
    m = _FULL_DATE.search(text)
    if m:
        y, mo, d = (int(g) for g in m.groups())
        return f"{y:04d}-{mo:02d}-{d:02d}"
    pub = _ISO.match(published or "")
    m = _MONTH_DAY.search(text)
    if m:
        mo, d = int(m.group(1)), int(m.group(2))
        if not pub:
            return m.group(0)
        py, pm, pd = (int(g) for g in pub.groups())
        year = py - 1 if (mo, d) > (pm, pd) else py
        return f"{year:04d}-{mo:02d}-{d:02d}"
    m = _DAY_ONLY.search(text)
    if m and pub:
        d = int(m.group(1))
        py, pm, pd = (int(g) for g in pub.groups())
        if d > pd:
            py, pm = (py - 1, 12) if pm == 1 else (py, pm - 1)
        return f"{py:04d}-{pm:02d}-{d:02d}"
    return None


def redate(date: str | None, sentence: str, published: str) -> str | None:
    """An event's date again, after its article's publication date was corrected.

    A date the sentence states in full, or one a reviewer changed to another
    day, is kept; one whose year came from the old publication date (or that
    had none) is worked out again from the sentence.

    >>> redate("11月10日", "11月10日上午,大会召开", "2023-11-15")
    '2023-11-10'
    >>> redate("2024-11-10", "11月10日上午,大会召开", "2023-11-15")
    '2023-11-10'
    >>> redate("2024-11-12", "11月10日上午,大会召开", "2023-11-15")
    '2024-11-12'
    """
    stated = resolve_date(sentence, None)
    if stated and _ISO.fullmatch(stated):
        return date or stated
    again = resolve_date(sentence, published)
    if not again or not date or not _ISO.fullmatch(date) or date[-2:] == again[-2:]:
        return again or date
    return date
