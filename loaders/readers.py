"""Reading a sheet from CSV, XLSX or JSON as numbered rows of text cells.

Spreadsheets made by people are not tidy: a title row above the header,
blank rows between blocks, a school name merged down over the rows of its
partners, dates typed as Excel dates. This module hides all of that behind
one :class:`Table`: a header, and rows numbered as the analyst sees them
(spreadsheet row numbers for CSV and XLSX, the n-th object for JSON), so
every later error can point at the exact row.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path
from typing import Any

from tqdm import tqdm

from graph.errors import LoadError
from graph.text import match_key
from loaders.encoding import first_bad_line, open_text

__all__ = ["TABLE_SUFFIXES", "Table", "cell_text", "list_sheets", "read_table"]

TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".json", ".jsonl")
#: Rows looked at when searching for the header below title rows.
HEADER_SEARCH_ROWS = 20
Row = tuple[int, list[str]]
_SURROGATE = re.compile("[\ud800-\udfff]")


@dataclass
class Table:
    """One sheet: where it is, its header, and its numbered data rows.

    ``rows`` is a one-shot iterator of ``(row number, cells)``; blank rows
    are already dropped and every cell is text (``""`` when empty).
    """

    path: Path
    sheet: str | None
    header: list[str]
    header_row: int
    rows: Iterator[Row]
    encoding: str | None = None
    #: (row number, 0-based column) -> formula, for workbook cells holding a
    #: formula whose value was never saved: they read as empty, yet are not.
    formulas: dict[tuple[int, int], str] = field(default_factory=dict)

    @property
    def where(self) -> str:
        """How errors name this sheet: ``file.csv`` or ``book.xlsx[sheet]``."""
        return f"{self.path}[{self.sheet}]" if self.sheet else str(self.path)

    def too_wide(self, row_no: int, cells: list[str]) -> LoadError | None:
        """An error for a row with filled cells beyond the header, else None.

        Its cells are most likely shifted by an unquoted comma in a name, so
        every cell after it is in the wrong column; reading the row would
        drop the last ones silently (or blame the wrong column).
        Trailing empty cells (``a,b,,``) are harmless and allowed.
        """
        width = len(self.header)
        if len(cells) <= width or not any(cells[width:]):
            return None
        used = max(i for i, c in enumerate(cells) if c) + 1
        return LoadError(
            self.where,
            f"{used} cells where the header has {width} "
            f"(beyond it: {', '.join(repr(c) for c in cells[width:used])})",
            row=row_no,
            hint="a comma inside a cell splits it in two: put that cell in double quotes, "
            "or write the name without the comma",
        )

    def progress(self, desc: str | None = None) -> Iterator[Row]:
        """The rows with a progress bar on a terminal (silent otherwise)."""
        return iter(
            tqdm(
                self.rows,
                desc=desc or self.path.name,
                unit=" rows",
                file=sys.stderr,
                disable=None,
                leave=False,
                mininterval=0.5,
            )
        )


def cell_text(value: Any) -> str:
    """A cell as text: Excel dates as ISO dates, whole floats without ``.0``.

    >>> cell_text(dt.datetime(2023, 11, 10)), cell_text(91330600.0), cell_text(None)
    ('2023-11-10', '91330600', '')
    """
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | tuple):
        return ";".join(cell_text(v) for v in value)
    return str(value).strip()


def list_sheets(path: Path) -> list[str]:
    """Sheet names of a workbook or a JSON object of sheets; ``[]`` for one-sheet files."""
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return list(_workbook(path).sheetnames)
    if suffix == ".json":
        data = _json(path)
        return [str(k) for k in data] if isinstance(data, dict) else []
    return []


def read_table(
    path: Path,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    header_row: int | None = None,
    known_headers: Iterable[str] = (),
) -> Table:
    """Open one sheet of ``path`` as a :class:`Table`.

    Parameters
    ----------
    sheet : workbook sheet (or JSON key) by name; the first sheet when None.
    encoding : text encoding of a CSV, overriding detection.
    header_row : the header's row number when it is not the first full row.
    known_headers : header texts expected; the first row holding one of them
        is taken as the header, which skips title rows above it.
    """
    path = Path(path)
    if not path.is_file():
        raise LoadError(str(path), "no such file")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        return _xlsx(path, sheet, header_row, known_headers)
    if suffix in (".json", ".jsonl"):
        return _json_table(path, sheet)
    return _csv(path, encoding, header_row, known_headers)


def _split_header(
    rows: Iterator[Row], header_row: int | None, known: Iterable[str], where: str
) -> tuple[int, list[str], Iterator[Row]]:
    """Find the header (explicit, or by known headers, or first full row)."""
    keys = {match_key(k) for k in known}
    head: list[Row] = []
    for row in rows:
        head.append(row)
        if len(head) >= HEADER_SEARCH_ROWS:
            break
    chosen: Row | None = None
    if header_row is not None:
        chosen = next((r for r in head if r[0] == header_row), None)
    else:
        if keys:
            chosen = next((r for r in head if any(match_key(c) in keys for c in r[1])), None)
        if chosen is None:
            chosen = next((r for r in head if sum(1 for c in r[1] if c) >= 2), None)
        if chosen is None and head:
            chosen = head[0]
    if chosen is None:
        what = f"no row {header_row}" if header_row is not None else "no header row"
        raise LoadError(where, what, hint="check the file is not empty or give the header row")
    rest = (r for r in head if r[0] > chosen[0])
    return chosen[0], chosen[1], chain(rest, rows)


def _non_blank(rows: Iterable[Row]) -> Iterator[Row]:
    for number, cells in rows:
        if any(cells):
            yield number, cells


def _csv(path: Path, encoding: str | None, header_row: int | None, known: Iterable[str]) -> Table:
    handle, codec = open_text(path, encoding)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _sniff(handle)

    def rows() -> Iterator[Row]:
        reader = csv.reader(handle, delimiter=delimiter)
        # The last row is held back until the end of the file: a quote that
        # is never closed makes the csv module put the rest of the file into
        # one cell of it, silently; that is a broken file, not a bad cell.
        last: Row | None = None
        last_start = ended = 0  # lines: where the held row starts, where the one before ended
        try:
            for number, cells in enumerate(reader, start=1):
                if last is not None:
                    yield last
                last, last_start, ended = (
                    (number, [c.strip() for c in cells]),
                    ended + 1,
                    reader.line_num,
                )
            if last is not None:
                opened = _unclosed_quote(path, codec, last_start, delimiter)
                if opened is not None:
                    raise LoadError(
                        str(path),
                        f"a quote opened on line {opened} is never closed",
                        hint="close it, or delete it if it is stray; "
                        "a file cut short needs copying again",
                    )
                yield last
        except UnicodeDecodeError as exc:
            # exc.start is an offset in the block being decoded, not in the file.
            line = first_bad_line(path, codec)
            raise LoadError(
                str(path),
                f"not valid {codec} ({f'line {line}: ' if line else ''}{exc.reason})",
                hint="pass --encoding gb18030 (or the encoding the file is in)",
            ) from None
        except csv.Error as exc:  # e.g. a cell longer than the csv module's limit
            raise LoadError(
                str(path),
                f"line {reader.line_num} cannot be read as CSV ({exc})",
                hint="check that the file is a table and that every quote is closed",
            ) from None
        finally:
            handle.close()

    number, header, rest = _split_header(rows(), header_row, known, str(path))
    return Table(path, None, header, number, _non_blank(rest), codec)


def _unclosed_quote(path: Path, codec: str, start: int, delimiter: str) -> int | None:
    """The line where a quoted cell opens and never closes, reading from line ``start``.

    Read again from the file (once per file, for its last row only) and
    scanned the way the csv module reads: a quote opens a quoted cell only
    at the start of a cell, and two quotes inside one stand for one.
    """
    handle, _ = open_text(path, codec)
    state, opened = "start", None  # start | field | quoted | quote (just after one inside)
    with handle:
        for number, line in enumerate(islice(handle, start - 1, None), start=start):
            for ch in line:
                if state == "quoted":
                    state = "quote" if ch == '"' else state
                    continue
                if state == "quote":
                    if ch == '"':
                        state = "quoted"
                        continue
                    state = "field"
                if ch == delimiter or ch in "\r\n":
                    state = "start"
                elif ch == '"' and state == "start":
                    state, opened = "quoted", number
                else:
                    state = "field"
    return opened if state == "quoted" else None


def _sniff(handle: Any) -> str:
    """The delimiter of a CSV: comma unless the header says semicolon or tab."""
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        first = ""
    handle.seek(0)
    counts = {d: first.count(d) for d in (",", ";", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] > counts[","] else ","


def _workbook(path: Path) -> Any:
    import openpyxl

    try:
        # Our own handle, closed here whatever happens: given a path, openpyxl
        # leaves a workbook it fails to parse open until the cycle collector
        # finds it. Not read-only: merged-cell ranges are only known in the full mode.
        with path.open("rb") as handle:
            return openpyxl.load_workbook(handle, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise LoadError(
            str(path), f"not a readable Excel workbook ({exc})", hint="save it again as .xlsx"
        ) from exc


def _pick(names: Sequence[str], sheet: str | None, where: str) -> str:
    if sheet is None:
        return names[0]
    for name in names:
        if name == sheet or match_key(name) == match_key(sheet):
            return name
    raise LoadError(where, f"no sheet called {sheet!r}; it has {', '.join(names)}")


def _xlsx(path: Path, sheet: str | None, header_row: int | None, known: Iterable[str]) -> Table:
    book = _workbook(path)
    name = _pick(book.sheetnames, sheet, str(path))
    ws = book[name]
    # A merged block shows its value in every cell it covers: a school merged
    # down over its partners' rows belongs to each of those rows.
    fill: dict[tuple[int, int], Any] = {}
    for block in ws.merged_cells.ranges:
        value = ws.cell(block.min_row, block.min_col).value
        for r in range(block.min_row, block.max_row + 1):
            for c in range(block.min_col, block.max_col + 1):
                fill[(r, c)] = value

    def rows() -> Iterator[Row]:
        for r, values in enumerate(ws.iter_rows(values_only=True), start=1):
            cells = [cell_text(fill.get((r, c), v)) for c, v in enumerate(values, start=1)]
            yield r, cells

    where = f"{path}[{name}]"
    # Title rows are usually one merged cell across the header's width: only
    # its first cell counts, so it is not taken for a header.
    title_free = _blank_merged_copies(rows(), fill, ws)
    number, header, rest = _split_header(title_free, header_row, known, where)
    book_sheet = name if len(book.sheetnames) > 1 or sheet else None
    formulas = _unsaved_formulas(path, name, ws)
    return Table(path, book_sheet, header, number, _non_blank(rest), None, formulas)


def _unsaved_formulas(path: Path, name: str, ws: Any) -> dict[tuple[int, int], str]:
    """(row, 0-based column) -> formula for the cells of sheet ``name`` read as empty.

    Only cells the value-reading load saw as empty count, and a merged
    block's formula counts for every cell the block covers, as its value would.
    """
    from loaders.xlsx_formulas import unsaved_formulas

    found = {
        (r, c - 1): formula
        for (r, c), formula in unsaved_formulas(path, name).items()
        if ws.cell(r, c).value is None
    }
    # A merged block shows its first cell everywhere it covers: so does the formula.
    for block in ws.merged_cells.ranges:
        formula = found.get((block.min_row, block.min_col - 1))
        if formula is not None:
            for r in range(block.min_row, block.max_row + 1):
                for c in range(block.min_col - 1, block.max_col):
                    found[(r, c)] = formula
    return found


def _blank_merged_copies(
    rows: Iterator[Row], fill: dict[tuple[int, int], Any], ws: Any
) -> Iterator[Row]:
    """Undo horizontal merge filling in rows that are nothing but one merged block."""
    spans = {b.min_row: b for b in ws.merged_cells.ranges if b.min_row == b.max_row}
    for number, cells in rows:
        block = spans.get(number)
        if block is not None and all(
            not c for i, c in enumerate(cells, 1) if not block.min_col <= i <= block.max_col
        ):
            cells = [c if i == block.min_col else "" for i, c in enumerate(cells, 1)]
        yield number, cells


def _json(path: Path) -> Any:
    handle, _ = open_text(path)
    with handle:
        try:
            return json.load(handle)
        except json.JSONDecodeError as exc:
            raise LoadError(
                str(path), f"not valid JSON ({exc.msg})", row=exc.lineno, hint="fix the syntax"
            ) from None
        except RecursionError:
            raise LoadError(
                str(path),
                "not a table: lists or objects nested thousands deep",
                hint="a table is a list of objects, or an object whose keys are sheet names",
            ) from None


def _json_table(path: Path, sheet: str | None) -> Table:
    if path.suffix.lower() == ".jsonl":
        items: Iterable[Any] = _json_lines(path)
        name = None
    else:
        data = _json(path)
        name = None
        if isinstance(data, dict):
            name = _pick([str(k) for k in data], sheet, str(path))
            data = data[name]
        if not isinstance(data, list):
            raise LoadError(
                str(path),
                f"found a JSON {type(data).__name__}, expected a list of objects "
                "(or an object whose keys are sheet names)",
            )
        items = data
    objects = list(_objects(items, str(path)))
    header = list(dict.fromkeys(k for _, obj in objects for k in obj))
    rows = ((n, [cell_text(obj.get(k)) for k in header]) for n, obj in objects)
    return Table(path, name, header, 0, _non_blank(rows), "utf-8")


def _json_lines(path: Path) -> Iterator[Any]:
    handle, _ = open_text(path)
    with handle:
        for number, line in enumerate(handle, start=1):
            if line.strip():
                try:
                    yield json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LoadError(str(path), f"not valid JSON ({exc.msg})", row=number) from None
                except RecursionError:
                    raise LoadError(str(path), "nested thousands deep", row=number) from None


def _objects(items: Iterable[Any], where: str) -> Iterator[tuple[int, dict[str, Any]]]:
    for number, obj in enumerate(items, start=1):
        if not isinstance(obj, dict):
            raise LoadError(where, f"found {type(obj).__name__}, expected an object", row=number)
        # JSON may escape half of a UTF-16 pair ("\ud800"): text no file can hold.
        for key, value in obj.items():
            if _SURROGATE.search(str(key)) or _SURROGATE.search(cell_text(value)):
                raise LoadError(
                    where,
                    "holds an unpaired surrogate (a \\ud800-\\udfff escape): broken text",
                    row=number,
                    field=_SURROGATE.sub("\ufffd", str(key)),
                )
        yield number, {str(k): v for k, v in obj.items()}
