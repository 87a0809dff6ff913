"""Partial dates: ``2023``, ``2023-11`` or ``2023-11-10``.

Sources often give only a year or a month. Storing the partial ISO string
keeps that precision honest, and such strings sort and compare correctly as
text, so queries need no date library.
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re

__all__ = ["EARLIEST_YEAR", "date_end", "implausible_year", "is_partial_date", "parse_partial_date"]

#: Partnerships in this field are recorded from 1900 on; an earlier year in a
#: sheet is a typo (1023 for 2023), as is one more than a year ahead.
EARLIEST_YEAR = 1900

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_LOOSE = re.compile(
    r"^\s*(\d{4})\s*(?:[-/.年]\s*(\d{1,2})\s*(?:[-/.月]\s*(\d{1,2})\s*日?)?\s*月?)?\s*(?:年度|年)?\s*$"
)
#: A time of day after a full date (a spreadsheet's date-time, a log's stamp):
#: the day is what the graph keeps.
_TIME = re.compile(r"(?<=[\d日])(?:T|\s+)(?:[01]?\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d{1,6})?)?\s*$")


@functools.lru_cache(maxsize=1 << 16)
def parse_partial_date(text: str) -> str:
    """Turn an analyst's date into a partial ISO date, or raise ValueError.

    Cached: a table's dates repeat (ten years hold under 4,000 days), and
    every date cell is parsed twice, once when the cell is checked and once
    when its record is built.

    >>> [parse_partial_date(s) for s in ("2023年11月10日", "2023/11/1", "2023.11", "2023年")]
    ['2023-11-10', '2023-11-01', '2023-11', '2023']
    >>> [parse_partial_date(s) for s in ("2023-11-10 10:30", "2023-11-10 10:30:00", "2023年度")]
    ['2023-11-10', '2023-11-10', '2023']
    >>> parse_partial_date("2023-02-30")
    Traceback (most recent call last):
    ...
    ValueError: '2023-02-30' is not a real date (2023 February has 28 days)
    """
    day_time = _TIME.search(str(text))
    date_part = str(text)[: day_time.start()] if day_time else str(text)
    match = _LOOSE.match(date_part)
    if match and day_time and match.group(3) is None:
        match = None  # a time belongs to a day: "2023-11 10:30" is not a date
    if not match:
        raise ValueError(
            f"{text!r} is not a date; write 2023, 2023-11, 2023-11-10 or 2023年11月10日"
        )
    year, month, day = match.groups()
    y = int(year)
    if y == 0:  # 0000 is a placeholder for "unknown", never a real year
        raise ValueError(f"{text!r} is not a real date (there is no year 0)")
    if month is None:
        return f"{y:04d}"
    m = int(month)
    if not 1 <= m <= 12:
        raise ValueError(f"{text!r} is not a real date (month {m})")
    if day is None:
        return f"{y:04d}-{m:02d}"
    d = int(day)
    last = calendar.monthrange(y, m)[1]
    if not 1 <= d <= last:
        raise ValueError(
            f"{text!r} is not a real date ({y} {calendar.month_name[m]} has {last} days)"
        )
    return f"{y:04d}-{m:02d}-{d:02d}"


def implausible_year(date: str, *, future: bool = False) -> str | None:
    """What is wrong with a parsed date's year for a table cell, or None.

    Kept apart from :func:`parse_partial_date`, which queries and articles
    share: an article may look ahead (到2035年) and a question may ask "as
    of" any year, but a date cell in a sheet before 1900 or after next year
    is a typo. ``future=True`` is for the end of an agreement (``until``),
    which may lie years ahead: only its lower bound is checked.

    >>> implausible_year("2023-11-10") is None, implausible_year("1023-11-10")[:22]
    (True, 'a year from 1900 to 20')
    >>> implausible_year("2031-12", future=True) is None, implausible_year("1031", future=True)
    (True, 'a year from 1900 on')
    """
    year = int(date[:4])
    if future:
        return None if year >= EARLIEST_YEAR else f"a year from {EARLIEST_YEAR} on"
    latest = dt.date.today().year + 1
    if EARLIEST_YEAR <= year <= latest:
        return None
    return f"a year from {EARLIEST_YEAR} to {latest}"


def is_partial_date(value: object) -> bool:
    """True for strings already in partial ISO form."""
    return isinstance(value, str) and bool(_ISO.match(value))


def date_end(value: str) -> str:
    """The last day a partial date covers, for 'as of' comparisons.

    >>> date_end("2023"), date_end("2024-02"), date_end("2023-11-10")
    ('2023-12-31', '2024-02-29', '2023-11-10')
    """
    parts = value.split("-")
    if len(parts) == 1:
        return f"{parts[0]}-12-31"
    if len(parts) == 2:
        last = calendar.monthrange(int(parts[0]), int(parts[1]))[1]
        return f"{parts[0]}-{parts[1]}-{last:02d}"
    return value
