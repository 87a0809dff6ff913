"""When a report was published, read from the lines around it.

Month-day dates in a report (11月10日上午) only get a year from the
publication date, so a missed dateline leaves every event undated and the
timeline, ``changes``, ``as_of`` and recency blind to the article.  Chinese
news and government sites write the dateline in a handful of ways, all seen
in saved pages:

    日期:2023-11-10 来源:蓝媒教育              发布时间：2024-03-05 10:21 来源：…
    发布日期：2024年3月5日                     时间：2024-03-05
    来源：绍兴日报 2024年3月5日                 2024-03-05 10:21:33 来源: …
    来源:广州市交通运输职业学校,发布时间2020-12-02。

A page that states no date at all (the seed report's 日期: is empty) often
still lists the site's newest articles under it, with their dates; the
newest of those is the latest the report can have been published, so it is
offered as an estimate, and said to be one.
"""

from __future__ import annotations

import re

__all__ = ["dateline_date", "is_dateline", "listing_date", "parse_published", "valid_date"]

_DATE = r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?"
_TIME = r"(?:\s*\d{1,2}[:\uff1a]\d{2}(?:[:\uff1a]\d{2})?)?"
# A keyword that announces the publication date, at a line start or after a
# separator, so that "活动时间：…" inside a sentence is not taken for one.
_KEYED = re.compile(
    r"(?:^|[\s,\uff0c;\uff1b|\uff5c\u3001])(?:发布|发表|更新|发稿|上传|录入|编辑)?(?:时间|日期)\s*[:\uff1a]?\s*"
    + _DATE
)
# 来源：绍兴日报 2024年3月5日 — the publisher first, then the date.
_SOURCE_THEN_DATE = re.compile(r"^(?:信息)?来源\s*[:\uff1a][^\d\n]{0,40}?" + _DATE)
# 2024-03-05 10:21:33 来源: … — a leading date, then furniture or nothing.
_LEADING = re.compile(
    r"^" + _DATE + _TIME + r"\s*(?:$|[|\uff5c]|(?:信息)?来源|作者|编辑|责任编辑|浏览|点击|字号)"
)
_EMPTY_DATELINE = re.compile(
    r"^(?:发布|更新)?(?:日期|时间)\s*[:\uff1a]|^(?:信息|文章|新闻)?来源\s*[:\uff1a]"
)
_ANY_DATE = re.compile(_DATE)
# A line is furniture, not prose, when it is short and has no sentence end.
_SENTENCE_END = "\u3002!?\uff01\uff1f;\uff1b\u2026"


def _iso(match: re.Match[str]) -> str | None:
    y, mo, d = (int(g) for g in match.groups()[:3])
    return valid_date(y, mo, d)


def valid_date(year: int, month: int, day: int) -> str | None:
    """ISO text for a real calendar date, None for 2024-02-30 and the like.

    >>> valid_date(2024, 3, 5), valid_date(2023, 2, 29)
    ('2024-03-05', None)
    """
    import datetime

    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return None


def dateline_date(line: str) -> str | None:
    """The publication date a dateline states, as ISO, or None.

    >>> dateline_date("发布时间：2024-03-05 10:21 来源：绍兴市教育局")
    '2024-03-05'
    >>> dateline_date("来源：绍兴日报 2024年3月5日")
    '2024-03-05'
    >>> dateline_date("2024年3月5日,绍兴中专与企业签约。") is None
    True
    """
    text = line.strip()
    for pattern in (_KEYED, _SOURCE_THEN_DATE, _LEADING):
        m = pattern.search(text)
        if m:
            return _iso(m)
    return None


def is_dateline(line: str) -> bool:
    """Whether a line is only a dateline: page furniture, never a title or prose.

    >>> is_dateline("来源：绍兴日报 2024年3月5日"), is_dateline("日期: 来源:蓝媒教育")
    (True, True)
    >>> is_dateline("来源:广州市交通运输职业学校,发布时间2020-12-02。")
    False
    """
    text = line.strip()
    if not text or len(text) > 80 or any(c in text for c in _SENTENCE_END):
        return False
    if dateline_date(text):
        return True
    # An empty dateline, or a bare source line, is furniture all the same.
    return bool(_EMPTY_DATELINE.match(text)) and len(text) <= 60


def listing_date(lines: list[str]) -> str | None:
    """The newest full date in the page's own article lists (相关阅读, 最新文章).

    Only lines cut off as furniture are read; an estimate of when the
    report was published at the latest, for a page that states no date.

    >>> listing_date(["相关阅读", "2023年11月15日,随着…", "11月14日,记者…"])
    '2023-11-15'
    """
    found = [iso for line in lines for m in _ANY_DATE.finditer(line) if (iso := _iso(m))]
    return max(found) if found else None


def parse_published(value: str) -> str:
    """A publication date given by hand (``--published``, a review CSV), checked.

    Raises ValueError saying what is wrong; callers add where it was given.

    >>> parse_published(" 2023-11-10 ")
    '2023-11-10'
    >>> parse_published("2023-11-31")
    Traceback (most recent call last):
    ...
    ValueError: '2023-11-31' is not a date; write it as YYYY-MM-DD, e.g. 2023-11-10
    """
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    iso = valid_date(*(int(g) for g in m.groups())) if m else None
    if iso is None:
        raise ValueError(f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2023-11-10")
    return iso
