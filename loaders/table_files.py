"""One table file → one batch, whatever it holds.

An analyst hands over a file; the loader decides how to read it, in this
order: a mapping given with ``--mapping``; a documented dataset (a workbook
or JSON with sheets named like ``organizations``/``组织``, or a file named
after one sheet); a partnerships sheet (a school column and an enterprise
column); a sheet whose header matches one documented sheet. Otherwise the
file is refused with the columns seen and the way forward: ``iekg inspect``.
"""

from __future__ import annotations

from pathlib import Path

from graph.errors import LoadError
from graph.ingest import Batch
from graph.text import match_key
from loaders.readers import read_table
from loaders.table_format import SHEETS, Sheet
from loaders.tables import SheetRef, dataset_sheets, read_dataset

__all__ = ["ALL_HEADERS", "read_table_file", "sheet_for_header"]

ALL_HEADERS = tuple(dict.fromkeys(h for s in SHEETS for h in s.headers()))


def sheet_for_header(header: list[str]) -> Sheet | None:
    """The documented sheet whose required columns a header has (most matches wins)."""
    keys = {match_key(h) for h in header if h}
    best: tuple[int, Sheet] | None = None
    for sheet in SHEETS:
        table = sheet.header_map()
        matched = {table[k] for k in keys if k in table}
        complete = all(c.name in matched for c in sheet.columns if c.required)
        if complete and (best is None or len(matched) > best[0]):
            best = (len(matched), sheet)
    return best[1] if best else None


def read_table_file(
    path: Path,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    mapping: Path | None = None,
) -> Batch:
    """Read one CSV, XLSX or JSON file into a batch (see the module docstring)."""
    from loaders.partnerships import is_partnerships, partnerships_mapping, read_partnerships

    path = Path(path)
    if mapping is not None:
        from loaders.mapped import read_mapped
        from loaders.mapping import load_mapping

        return read_mapped(path, load_mapping(mapping), encoding=encoding, sheet=sheet)
    if sheet is None and dataset_sheets(path):
        return read_dataset(path, encoding=encoding)
    known = [
        *ALL_HEADERS,
        *(c for _, s in partnerships_mapping().column_specs() for c in s.columns),
    ]
    table = read_table(path, sheet=sheet, encoding=encoding, known_headers=known)
    if is_partnerships(table.header):
        return read_partnerships(table)
    found = sheet_for_header(table.header)
    if found is not None:
        ref = SheetRef(found, path, table.sheet or sheet)
        return read_dataset(path, encoding=encoding, refs=[ref])
    seen = ", ".join(h for h in table.header if h) or "(none)"
    raise LoadError(
        table.where,
        f"cannot tell what this sheet holds; its columns are {seen}",
        hint=f"run `iekg inspect {path}` for a suggested mapping, then "
        f"`iekg build {path} --mapping mapping.yaml`",
    )
