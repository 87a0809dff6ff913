"""Tables in the documented format → records, every record citing its row.

A dataset is a folder of CSV files named after the sheets of
:mod:`loaders.table_format` (``organizations.csv``, ``people.csv`` …). Rows
refer to each other by name, so the whole folder is one batch. Row numbers
are spreadsheet row numbers: the header is row 1.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from pathlib import Path

from graph.errors import LoadError, SchemaError
from graph.ids import make_id
from graph.ingest import Batch
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from loaders.table_format import SHEETS, Sheet, kind_label

__all__ = ["is_table_folder", "read_table_folder"]

Record = NodeRecord | EdgeRecord
_LIST = re.compile(r"[;；|]")
_LIST_LOOSE = re.compile(r"[;；|、,，]")


def is_table_folder(path: Path) -> bool:
    """True when ``path`` is a folder holding at least one known sheet."""
    return path.is_dir() and any((path / f"{s.name}.csv").exists() for s in SHEETS)


def read_table_folder(folder: Path) -> Batch:
    """Read every known sheet in ``folder`` into one batch of records.

    Raises LoadError listing every problem found (file, row, column).
    """
    reader = _FolderReader(folder)
    records: list[Record] = []
    for sheet in SHEETS:
        path = folder / f"{sheet.name}.csv"
        if path.exists():
            records.extend(reader.sheet(sheet, path))
    if reader.errors:
        raise LoadError(str(folder), "refused:\n  " + "\n  ".join(reader.errors))
    return Batch(str(folder), records)


class _FolderReader:
    """Turns rows into records, remembering sources and collecting errors."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.sources: dict[str, str] = {}
        self.errors: list[str] = []

    def sheet(self, sheet: Sheet, path: Path) -> Iterator[Record]:
        for row_no, row in _rows(sheet, path):
            prov = Provenance(
                self._source(row.get("source"), path, row_no),
                path=f"{self.folder.name}/{path.name}",
                row=row_no,
            )
            try:
                yield from getattr(self, f"_{sheet.name}")(row, prov)
            except SchemaError as exc:
                self.errors.append(str(exc))
            except LoadError as exc:
                self.errors.append(f"{path}, row {row_no}: {exc.reason}")

    def _source(self, key: str | None, path: Path, row_no: int) -> str:
        if key and key in self.sources:
            return self.sources[key]
        if key and path.stem != "sources":
            self.errors.append(
                f"{path}, row {row_no}, field 'source': {key!r} is not a key of sources.csv"
            )
        return str(make_id("Source", f"{self.folder.name}/{path.name}"))

    def _sources(self, row: dict[str, str], prov: Provenance) -> Iterator[Record]:
        props = {k: row.get(k) for k in ("title", "url", "publisher", "date", "kind", "path")}
        record = NodeRecord("Source", row["title"], props=props)
        self.sources[row["key"]] = str(make_id("Source", record.name))
        yield NodeRecord(
            "Source",
            row["title"],
            props=props,
            provenance=Provenance(self.sources[row["key"]], prov.path, prov.row),
        )

    def _regions(self, row: dict[str, str], prov: Provenance) -> Iterator[Record]:
        yield NodeRecord("Region", row["name"], props={"level": row.get("level")}, provenance=prov)
        if row.get("parent"):
            yield _edge(row["name"], "PART_OF", row["parent"], {}, prov, "Region", "Region")

    def _organizations(self, row: dict[str, str], prov: Provenance) -> Iterator[Record]:
        label = kind_label(row["kind"])
        if label is None or not SCHEMA.label(label).is_a("Organization"):
            kinds = "、".join(SCHEMA.labels[n].short for n in SCHEMA.descendants("Organization"))
            raise LoadError(None, f"unknown kind {row['kind']!r}; use one of {kinds}", field="kind")
        aliases = tuple(a.strip() for a in _LIST.split(row.get("aliases") or "") if a.strip())
        yield NodeRecord(
            label,
            row["name"],
            aliases,
            {"region": row.get("region")},
            code=row.get("code") or None,
            provenance=prov,
        )
        yield from _region_link(row["name"], row.get("region"), prov)
        yield from _industries(row["name"], "IN_INDUSTRY", row.get("industries"), prov)

    def _people(self, row: dict[str, str], prov: Provenance) -> Iterator[Record]:
        yield NodeRecord("Person", row["name"], props={"role": row.get("role")}, provenance=prov)
        if row.get("organization"):
            props = {k: row.get(k) for k in ("title", "since", "until")}
            yield _edge(
                row["name"], "WORKS_AT", row["organization"], props, prov, "Person", "Organization"
            )

    def _projects(self, row: dict[str, str], prov: Provenance) -> Iterator[Record]:
        props = {"kind": row.get("kind"), "since": row.get("since")}
        yield NodeRecord("Project", row["name"], props=props, provenance=prov)
        yield from _industries(row["name"], "TARGETS_INDUSTRY", row.get("industries"), prov)

    def _events(self, row: dict[str, str], prov: Provenance) -> Iterator[Record]:
        props = {k: row.get(k) for k in ("kind", "date", "place")}
        yield NodeRecord("Event", row["name"], props=props, provenance=prov)

    def _relationships(self, row: dict[str, str], prov: Provenance) -> Iterator[Record]:
        keys = ("role", "title", "since", "until", "status", "agreement", "date")
        props = {k: row[k] for k in keys if row.get(k)}
        yield _edge(row["from"], row["type"].strip().upper(), row["to"], props, prov)


def _edge(
    source: str,
    rel: str,
    target: str,
    props: dict[str, str | None],
    prov: Provenance,
    source_label: str | None = None,
    target_label: str | None = None,
) -> EdgeRecord:
    return EdgeRecord(
        NodeRef(source_label, source), rel, NodeRef(target_label, target), props, prov
    )


def _region_link(name: str, region: str | None, prov: Provenance) -> Iterator[Record]:
    if region:
        yield NodeRecord("Region", region, provenance=prov)
        yield _edge(name, "LOCATED_IN", region, {}, prov, "Organization", "Region")


def _industries(name: str, rel: str, cell: str | None, prov: Provenance) -> Iterator[Record]:
    for industry in (i.strip() for i in _LIST_LOOSE.split(cell or "")):
        if industry:
            yield NodeRecord("Industry", industry, provenance=prov)
            yield _edge(name, rel, industry, {}, prov, None, "Industry")


def _rows(sheet: Sheet, path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Yield (spreadsheet row number, {canonical column: stripped value})."""
    header_map = sheet.header_map()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                return
            columns = _columns(header, header_map, sheet, path)
            for row_no, cells in enumerate(reader, start=2):
                if not any(c.strip() for c in cells):
                    continue
                row = {columns[i]: c.strip() for i, c in enumerate(cells) if i in columns}
                for column in sheet.columns:
                    if column.required and not row.get(column.name):
                        raise LoadError(
                            str(path), "empty required cell", row=row_no, field=column.name
                        )
                yield row_no, row
    except UnicodeDecodeError as exc:
        raise LoadError(
            str(path),
            f"not UTF-8 ({exc.reason} at byte {exc.start})",
            hint="save it as UTF-8, or pass --encoding gb18030",
        ) from None


def _columns(
    header: list[str], header_map: dict[str, str], sheet: Sheet, path: Path
) -> dict[int, str]:
    from graph.text import match_key

    columns = {
        i: header_map[match_key(h)] for i, h in enumerate(header) if match_key(h) in header_map
    }
    missing = [c.name for c in sheet.columns if c.required and c.name not in columns.values()]
    if missing:
        raise LoadError(
            str(path),
            f"missing column(s) {', '.join(missing)}; header is {', '.join(header)}",
            row=1,
        )
    return columns
