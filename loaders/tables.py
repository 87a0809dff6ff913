"""Tables in the documented format → one batch of records, every record citing its row.

A dataset is a folder of files named after the sheets of
:mod:`loaders.table_format` (``organizations.csv``, ``组织.xlsx`` …), a
workbook whose sheets carry those names, a JSON object with those keys, or a
single file named after one sheet. Rows refer to each other by name, so a
dataset is one batch: all of it loads, or (when a cell is wrong) none of it,
with every bad cell listed. Row numbers are those the analyst sees: in CSV
and XLSX the header is a spreadsheet row (usually row 1).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.bulk import collector_paused
from graph.errors import LoadError, SchemaError
from graph.ingest import Batch
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from graph.text import match_key
from loaders.readers import TABLE_SUFFIXES, Table, list_sheets, read_table
from loaders.rejects import SheetRows, TableBatch
from loaders.sheets import HANDLERS, Record, file_source_key, source_record
from loaders.sheets import source_id as sheet_source_id
from loaders.table_format import SHEETS, Sheet, find_sheet
from loaders.validation import RowError, cell_problems, check_cell, without_columns

__all__ = [
    "SheetRef",
    "dataset_sheets",
    "is_dataset",
    "is_table_folder",
    "read_dataset",
    "read_table_folder",
]

_FILE_SOURCE_KIND = "table"
_SCOPED = (SCHEMA.label("Person").name, SCHEMA.label("Event").name)
_LIST_KIND = "official list"


@dataclass(frozen=True)
class SheetRef:
    """Where one documented sheet of a dataset is: file, and sheet inside it."""

    sheet: Sheet
    path: Path
    inner: str | None = None


def dataset_sheets(path: Path) -> list[SheetRef]:
    """The documented sheets found at ``path``, in reading order (may be empty)."""
    path = Path(path)
    found: dict[str, SheetRef] = {}
    if path.is_dir():
        for child in sorted(path.iterdir()):
            sheet = find_sheet(child.stem)
            if sheet and child.suffix.lower() in TABLE_SUFFIXES and sheet.name not in found:
                found[sheet.name] = SheetRef(sheet, child)
    elif path.suffix.lower() in (".xlsx", ".xlsm", ".json"):
        for inner in list_sheets(path):
            sheet = find_sheet(inner)
            if sheet and sheet.name not in found:
                found[sheet.name] = SheetRef(sheet, path, inner)
    if not found and path.is_file() and (sheet := find_sheet(path.stem)):
        found[sheet.name] = SheetRef(sheet, path)
    return [found[s.name] for s in SHEETS if s.name in found]


def is_dataset(path: Path) -> bool:
    """True when ``path`` holds at least one sheet of the documented format."""
    return bool(dataset_sheets(path))


def is_table_folder(path: Path) -> bool:
    """True when ``path`` is a folder holding at least one known sheet."""
    return Path(path).is_dir() and is_dataset(path)


def read_table_folder(folder: Path, *, encoding: str | None = None) -> Batch:
    """Read a dataset folder (kept for callers of the first version)."""
    return read_dataset(folder, encoding=encoding)


def read_dataset(
    path: Path, *, encoding: str | None = None, refs: list[SheetRef] | None = None
) -> Batch:
    """Read every documented sheet at ``path`` into one batch.

    Bad cells do not raise: they are collected as :class:`RowError` in
    ``Batch.errors`` so ingest refuses the batch listing all of them (or,
    with ``--skip-invalid``, loads the other rows).

    >>> from loaders import SAMPLE_PATH
    >>> batch = read_dataset(SAMPLE_PATH)
    >>> len(batch.records) > 100, batch.errors
    (True, ())
    """
    path = Path(path)
    reader = _DatasetReader(path)
    records: list[Record] = []
    with collector_paused(keep=True):  # the records live on, until the graph is built
        for ref in dataset_sheets(path) if refs is None else refs:
            table = read_table(
                ref.path, sheet=ref.inner, encoding=encoding, known_headers=ref.sheet.headers()
            )
            records.extend(reader.sheet(ref.sheet, table))
        if refs is None and (path.is_dir() or path.suffix.lower() in (".xlsx", ".xlsm", ".json")):
            records.extend(_other_files(path, reader, encoding))
    name = _folder_name(path) if path.name in ("", "..") else str(path)
    return TableBatch(name, records, tuple(reader.errors), sheets=reader.captured)


def _folder_name(folder: Path) -> str:
    """A folder's own name, also when given as ``.`` or ``..`` (whose name is empty or ``..``).

    ``iekg build .`` cited its rows as ``/organizations.csv`` and reported
    itself as ``.``; the folder's real name says which dataset it was.
    Not resolved through symbolic links: the name the analyst sees is kept.
    """
    return Path(os.path.abspath(folder)).name


def _other_files(path: Path, reader: _DatasetReader, encoding: str | None) -> list[Record]:
    """Partnerships sheets in a dataset; any other table file in a dataset folder is an error.

    A file the format does not know would otherwise be left out without a
    word. In a workbook, other sheets are often notes (说明), so they are
    passed over.
    """
    from loaders.mapped import read_with_mapping
    from loaders.partnerships import is_partnerships, partnerships_mapping

    refs = dataset_sheets(path)
    headers = [c for _, s in partnerships_mapping().column_specs() for c in s.columns]
    if path.is_dir():
        known = {ref.path for ref in refs}
        others: list[tuple[Path, str | None]] = [
            (child, None)
            for child in sorted(path.iterdir())
            if child not in known
            and not child.name.startswith(".")
            and child.suffix.lower() in TABLE_SUFFIXES
        ]
    else:
        inner = {ref.inner for ref in refs}
        others = [(path, name) for name in list_sheets(path) if name not in inner]
    records: list[Record] = []
    for child, sheet in others:
        table = read_table(child, sheet=sheet, encoding=encoding, known_headers=headers)
        if not is_partnerships(table.header):
            if sheet is None:
                names = ", ".join(f"{s.name} ({s.zh})" for s in SHEETS)
                reader.errors.append(
                    LoadError(
                        str(child),
                        "not a sheet of the documented format, nor a partnerships sheet",
                        hint=f"name it after a sheet ({names}) or move it out of the folder",
                    )
                )
            continue
        batch = read_with_mapping(table, partnerships_mapping())
        records.extend(batch.records)
        reader.errors.extend(batch.errors)
        reader.captured.update(getattr(batch, "sheets", {}))
    return records


@dataclass
class _DatasetReader:
    """Turns rows into records, remembering sources and collecting errors."""

    root: Path
    sources: dict[str, str] = field(default_factory=dict)
    file_sources: set[str] = field(default_factory=set)
    errors: list[LoadError] = field(default_factory=list)
    captured: dict[str, SheetRows] = field(default_factory=dict)
    # (label, match key) -> the scopes this dataset gives people and events of that name
    scoped: dict[tuple[str, str], set[tuple[str, ...]]] = field(default_factory=dict)

    def label(self, table: Table) -> str:
        """How provenance names a sheet: relative to the dataset's parent folder."""
        name = table.path.name
        base = f"{_folder_name(self.root)}/{name}" if self.root.is_dir() else name
        return f"{base}[{table.sheet}]" if table.sheet else base

    def sheet(self, sheet: Sheet, table: Table) -> Iterator[Record]:
        columns = self._columns(sheet, table)
        if columns is None:
            return
        where = table.where
        # Once per sheet, not per row: the label asks the file system.
        label = self.label(table)
        headers = _headers(table, columns)
        read = {i: table.header[i] for i in columns}
        kept = SheetRows(where, table.header)
        self.captured[where] = self.captured[label] = kept
        for row_no, cells in table.progress():
            kept.rows[row_no] = cells
            if (wide := table.too_wide(row_no, cells)) is not None:
                self.errors.append(wide)  # its cells are shifted: no other check means anything
                continue
            row = {columns[i]: c for i, c in enumerate(cells) if i in columns and c}
            problems = _check_row(sheet, row, row_no, where, headers)
            if unreadable := cell_problems(where, row_no, cells, read, table.formulas):
                problems = [*unreadable, *without_columns(problems, unreadable)]
            if problems:
                self.errors.extend(problems)
                continue
            records: list[Record] = []
            try:
                prov = Provenance(
                    self._source(row, sheet, table, label, row_no, records), label, row_no
                )
                if sheet.name == "sources":
                    source_id, record = source_record(row, prov)
                    self.sources[row["key"]] = source_id
                    records.append(record)
                else:
                    records.extend(HANDLERS[sheet.name](row, prov))
            except (SchemaError, LoadError) as exc:
                self.errors.append(_row_error(exc, where, row_no))
                continue
            yield from self._scope_refs(records)

    def _scope_refs(self, records: list[Record]) -> list[Record]:
        """Records whose bare names of this dataset's people and events carry their scope.

        A relationships row names 张伟 or 签约仪式 alone; when the people or
        events sheet of the same dataset gives one 张伟 (at one organisation)
        or one 签约仪式 (on one date), the row means that one, not a
        namesake another source loaded.
        """
        for record in records:
            if isinstance(record, NodeRecord) and record.scope and record.label in _SCOPED:
                key = (record.label, match_key(record.name))
                self.scoped.setdefault(key, set()).add(record.scope)
        if not self.scoped:
            return records
        out = []
        for r in records:
            if isinstance(r, EdgeRecord) and (_maybe_scoped(r.source) or _maybe_scoped(r.target)):
                source, target = self._ref(r.source), self._ref(r.target)
                if source is not r.source or target is not r.target:
                    r = replace(r, source=source, target=target)
            out.append(r)
        return out

    def _ref(self, ref: NodeRef) -> NodeRef:
        if not _maybe_scoped(ref):
            return ref
        labels = (ref.label,) if ref.label else _SCOPED
        found = [
            (label, scope)
            for label in labels
            for scope in self.scoped.get((label, match_key(ref.name)), ())
        ]
        if len(found) != 1:
            return ref  # none, or several: the graph says which, or that it cannot tell
        label, scope = found[0]
        return NodeRef(label, ref.name, scope)

    def _columns(self, sheet: Sheet, table: Table) -> dict[int, str] | None:
        header_map = sheet.header_map()
        columns: dict[int, str] = {}
        for i, header in enumerate(table.header):
            name = header_map.get(match_key(header))
            if name and name in columns.values():
                # Reading either would silently drop the other's cells.
                first = next(j for j, n in columns.items() if n == name)
                self.errors.append(
                    RowError(
                        table.where,
                        table.header_row,
                        header,
                        header,
                        f"one column for {name!r} (columns {first + 1} and {i + 1} both give it)",
                        hint="delete or rename one of them",
                    )
                )
            elif name:
                columns[i] = name
        missing = [c for c in sheet.columns if c.required and c.name not in columns.values()]
        for column in missing:
            accepted = " or ".join(repr(h) for h in (column.name, *column.headers))
            self.errors.append(
                RowError(
                    table.where,
                    table.header_row,
                    column.name,
                    "",
                    f"a column headed {accepted}",
                    hint=f"the header is {', '.join(h for h in table.header if h) or '(empty)'}",
                )
            )
        return None if missing else columns

    def _source(
        self,
        row: dict[str, str],
        sheet: Sheet,
        table: Table,
        label: str,
        row_no: int,
        out: list[Record],
    ) -> str:
        key = row.get("source")
        if sheet.name == "sources":
            return sheet_source_id(row)
        if key and key in self.sources:
            return self.sources[key]
        if key and self.sources:
            raise RowError(
                table.where,
                row_no,
                "source",
                key,
                f"a key of the sources sheet ({', '.join(self.sources)})",
            )
        title = key or label
        source_id, record = source_record(
            {
                "title": title,
                **({} if key else {"path": str(table.path), "kind": _FILE_SOURCE_KIND}),
                # a designations list is an official list unless a sources sheet says otherwise
                **({"kind": _LIST_KIND} if key and sheet.name == "designations" else {}),
            },
            Provenance("", label, row_no),
            key=None if key else file_source_key(table.path, table.sheet),
        )
        if source_id not in self.file_sources:
            self.file_sources.add(source_id)
            out.append(record)
        return source_id


def _headers(table: Table, columns: dict[int, str]) -> dict[str, str]:
    """canonical column -> the header as the file writes it, for messages."""
    return {name: table.header[i] for i, name in columns.items()}


def _maybe_scoped(ref: NodeRef) -> bool:
    """Whether a reference may mean one of a dataset's scoped people or events: it gives
    no scope, and its label is one of theirs or unknown (most name an organisation)."""
    return not ref.scope and (ref.label is None or ref.label in _SCOPED)


def _check_row(
    sheet: Sheet, row: dict[str, str], row_no: int, where: str, headers: dict[str, str]
) -> list[LoadError]:
    problems: list[LoadError] = []
    for column in sheet.columns:
        value = row.get(column.name, "")
        shown = headers.get(column.name, column.name)
        if column.required and not value:
            problems.append(RowError(where, row_no, shown, "", "a value (this column is required)"))
        elif value and column.check:
            expected = check_cell(column.check, value)
            if expected:
                problems.append(RowError(where, row_no, shown, value, expected))
    return problems


def _row_error(exc: IekgErrorLike, where: str, row_no: int) -> LoadError:
    if isinstance(exc, RowError):
        return exc
    if isinstance(exc, LoadError):
        return LoadError(where, exc.reason, row=row_no, field=exc.field, hint=exc.hint)
    return LoadError(where, str(exc).split(": ", 1)[-1], row=row_no)


IekgErrorLike = SchemaError | LoadError
