"""Printing DataFrames for people (Chinese aligned) and for programs (CSV, JSON, XLSX).

Terminal width is measured with wcwidth, since a Chinese character takes two
columns; pandas' own alignment gets mixed Chinese and Latin text wrong.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd
from wcwidth import wcswidth

__all__ = ["FORMATS", "counted", "format_frame", "format_table", "write_frame"]

FORMATS = ("table", "csv", "json", "xlsx")
# Spreadsheet programs run a cell that starts with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def counted(n: int, one: str, many: str = "") -> str:
    """``n`` things in English, singular for one: ``1 row``, ``12 rows``, ``2 people``.

    >>> counted(1, "row"), counted(1200, "row"), counted(2, "person", "people")
    ('1 row', '1,200 rows', '2 people')
    """
    return f"{n:,} {one if n == 1 else many or one + 's'}"


def _width(text: str) -> int:
    width = wcswidth(text)
    return width if width >= 0 else len(text)


def _fit(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    out, used = "", 0
    for char in text:
        w = max(_width(char), 0)
        if used + w > limit - 1:
            break
        out, used = out + char, used + w
    return out + "…"


def format_table(frame: pd.DataFrame, max_cell: int = 48) -> str:
    """A plain-text table whose columns line up with Chinese text."""
    if frame.empty:
        return "(no rows)"
    headers = [str(c) for c in frame.columns]
    rows = [
        [_fit("" if pd.isna(v) else str(v), max_cell) for v in r]
        for r in frame.itertuples(index=False)
    ]
    widths = [max(_width(h), *(_width(r[i]) for r in rows)) for i, h in enumerate(headers)]

    def line(cells: list[str]) -> str:
        return "  ".join(c + " " * (w - _width(c)) for c, w in zip(cells, widths, strict=True))

    rule = "  ".join("─" * w for w in widths)
    return "\n".join([line(headers), rule, *(line(r) for r in rows)]).rstrip()


def _neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix formula-like text cells with ' so spreadsheets show them as text."""

    def fix(value: object) -> object:
        if isinstance(value, str) and value.startswith(_FORMULA_START):
            return "'" + value
        return value

    # Text is str-typed in pandas 3 (object before): check both.
    def text(col: pd.Series) -> bool:
        return col.dtype == object or isinstance(col.dtype, pd.StringDtype)

    return frame.apply(lambda col: col.map(fix) if text(col) else col)


def format_frame(frame: pd.DataFrame, fmt: str) -> str:
    """Render as table, csv or json text."""
    if fmt == "table":
        return format_table(frame)
    if fmt == "csv":
        buffer = io.StringIO()
        # CRLF line ends (RFC 4180), so a value holding a bare CR is quoted
        # instead of splitting its row in two.
        _neutralise(frame).to_csv(buffer, index=False, lineterminator="\r\n")
        return buffer.getvalue()
    if fmt == "json":
        # pandas converts the values (NaN to null, numpy numbers, dates) but
        # escapes every "/" ("协议\/备忘录", "http:\/\/…"); the standard
        # library writes the same records as plain UTF-8.
        records = json.loads(frame.to_json(orient="records", force_ascii=False))
        return json.dumps(records, ensure_ascii=False, indent=2)
    raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_frame(frame: pd.DataFrame, fmt: str, path: Path) -> Path:
    """Write to a file; xlsx needs a file, the text formats are written as UTF-8."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "xlsx":
        _neutralise(frame).to_excel(path, index=False, engine="openpyxl")
    else:
        encoding = "utf-8-sig" if fmt == "csv" else "utf-8"  # BOM: Excel opens Chinese CSV right
        path.write_text(format_frame(frame, fmt), encoding=encoding)
    return path
