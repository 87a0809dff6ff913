"""Rejected rows, written back as a sheet the analyst can fix and load again.

With ``--skip-invalid`` the valid rows load and the others must not vanish:
each sheet with rejected rows gets ``<file>.rejects.csv`` (its header, the
rejected rows as they were written, and a ``problems`` column), and the
load gets ``<file>.report.txt``, ``<file>`` being the whole file name
(``a.csv.report.txt``) listing every problem with file, row and
column. To keep the rows as written, table batches carry the cells they read.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from graph.errors import LoadError
from graph.ingest import Batch, BatchReport

__all__ = ["SheetRows", "TableBatch", "write_rejects"]

_UNSAFE = re.compile(r"[^\w.\-]+")
_FORMULA_START = ("=", "+", "-", "@")


@dataclass
class SheetRows:
    """The header and the cells of every row read from one sheet."""

    where: str
    header: list[str]
    rows: dict[int, list[str]] = field(default_factory=dict)


@dataclass(frozen=True)
class TableBatch(Batch):
    """A batch read from tables, with the rows as read (by sheet label and by path)."""

    sheets: dict[str, SheetRows] = field(default_factory=dict)


def _sheet_of(problem: LoadError, sheets: dict[str, SheetRows]) -> SheetRows | None:
    return sheets.get(str(problem.path)) if problem.path is not None else None


def _safe_name(where: str) -> str:
    # The whole file name, extension included: a.csv and a.xlsx in one folder
    # would otherwise overwrite each other's report and rejects.
    stem = Path(where.split("[", 1)[0]).name
    sheet = where.split("[", 1)[1].rstrip("]") if "[" in where else ""
    return _UNSAFE.sub("_", f"{stem}-{sheet}" if sheet else stem)


def _cell(text: str) -> str:
    # A spreadsheet would run a cell starting with = as a formula: show it as text.
    return "'" + text if text.startswith(_FORMULA_START) else text


def write_rejects(batch: Batch, report: BatchReport, folder: Path) -> tuple[Path, list[Path]]:
    """Write the report and one rejects CSV per sheet with rejected rows.

    Returns (report path, rejects paths). Problems without a row (a missing
    column, an unreadable file) are in the report only.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sheets = batch.sheets if isinstance(batch, TableBatch) else {}
    by_sheet: dict[str, tuple[SheetRows, dict[int, list[str]]]] = {}
    for problem in report.problems:
        sheet = _sheet_of(problem, sheets)
        if sheet is None or problem.row is None or problem.row not in sheet.rows:
            continue
        entry = by_sheet.setdefault(sheet.where, (sheet, {}))
        text = f"{problem.field}: {problem.reason}" if problem.field else problem.reason
        entry[1].setdefault(problem.row, []).append(text)
    written = []
    for sheet, rows in by_sheet.values():
        path = folder / f"{_safe_name(sheet.where)}.rejects.csv"
        with path.open("w", encoding="utf-8-sig", newline="") as handle:
            out = csv.writer(handle)
            out.writerow(["row", *sheet.header, "problems"])
            for number in sorted(rows):
                cells = [_cell(c) for c in sheet.rows[number]]
                cells += [""] * (len(sheet.header) - len(cells))
                out.writerow([number, *cells, "；".join(rows[number])])
        written.append(path)
    report_path = folder / f"{_safe_name(batch.name)}.report.txt"
    report_path.write_text(_report_text(batch.name, report, written), encoding="utf-8")
    return report_path, written


def _report_text(name: str, report: BatchReport, written: Sequence[Path]) -> str:
    lines = [
        f"Load report for {name}",
        f"nodes: {report.nodes_before} → {report.nodes_after}",
        f"relationships: {report.edges_before} → {report.edges_after}",
        f"problems: {len(report.problems)} (these rows were not loaded)",
        "",
        *(f"- {p}" for p in report.problems),
    ]
    if written:
        lines += ["", "Rejected rows, to fix and load again:", *(f"- {p}" for p in written)]
    return "\n".join(lines) + "\n"
