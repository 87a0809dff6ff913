"""A sheet read through a :class:`~loaders.mapping.TableMapping` → one batch.

Each row states the mapping's nodes (those whose name cell is filled) and
the relationships between them. Every cell is checked first, and every
problem is kept with its row and the column header as the file writes it;
the batch then carries them to ingest, which refuses the file whole or,
with ``--skip-invalid``, loads the other rows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from itertools import product
from pathlib import Path

from graph.errors import LoadError, SchemaError
from graph.ingest import Batch
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from graph.text import match_key
from loaders.mapping import NodeSpec, TableMapping, ValueSpec
from loaders.readers import Table, read_table
from loaders.rejects import SheetRows, TableBatch
from loaders.sheets import Record, file_source_key, source_record, split_list
from loaders.validation import RowError, cell_problems, check_cell, without_columns

__all__ = ["read_mapped", "read_with_mapping"]


def read_mapped(
    path: Path, mapping: TableMapping, *, encoding: str | None = None, sheet: str | None = None
) -> Batch:
    """Read ``path`` (``sheet``) through ``mapping`` into one batch."""
    table = read_table(
        path,
        sheet=sheet or mapping.sheet,
        encoding=encoding or mapping.encoding,
        header_row=mapping.header_row,
        known_headers=[c for _, s in mapping.column_specs() for c in s.columns],
    )
    return read_with_mapping(table, mapping)


def read_with_mapping(table: Table, mapping: TableMapping, name: str | None = None) -> Batch:
    """Records (and problems) for every row of an open table."""
    reader = _Reader(table, mapping)
    records = list(reader.records()) if reader.locate() else []
    return TableBatch(
        name or str(table.path),
        records,
        tuple(reader.errors),
        _warnings(records, mapping),
        sheets=reader.captured,
    )


def _warnings(records: list[Record], mapping: TableMapping) -> tuple[str, ...]:
    """Say so when a mapping loads nodes but no relationship joins them.

    Such a load succeeds, yet every question that follows links (which
    enterprises work with which schools) answers nothing, and nothing
    else would tell the analyst why.
    """
    source = SCHEMA.label("Source").name
    nodes = sum(1 for r in records if isinstance(r, NodeRecord) and r.label != source)
    if not nodes or any(isinstance(r, EdgeRecord) for r in records):
        return ()
    return (
        f"no relationships: the mapping {mapping.path} joins none of its {nodes} nodes, so "
        "questions such as `iekg query connections` will not find them; add edges to it, "
        "e.g. edges: [[school, PARTNERS_WITH, enterprise]]",
    )


@dataclass
class _Reader:
    table: Table
    mapping: TableMapping
    index: dict[str, int] = field(default_factory=dict)  # header as written -> position
    errors: list[LoadError] = field(default_factory=list)
    seen_sources: set[str] = field(default_factory=set)
    captured: dict[str, SheetRows] = field(default_factory=dict)

    def locate(self) -> bool:
        """Find every column the mapping names; report each missing one once."""
        keys = {match_key(h): i for i, h in reversed(list(enumerate(self.table.header))) if h}
        twice = Counter(match_key(h) for h in self.table.header if h)
        missing: dict[tuple[str, ...], list[str]] = {}
        for at, spec in self.mapping.column_specs():
            found = [c for c in spec.columns if match_key(c) in keys]
            for column in found:
                self.index[column] = keys[match_key(column)]
                if twice[match_key(column)] > 1:  # reading one would drop the other's cells
                    twice[match_key(column)] = 0  # reported once
                    self.errors.append(
                        RowError(
                            self.table.where,
                            self.table.header_row,
                            column,
                            column,
                            f"one column headed {column!r} (the header has several)",
                            hint="delete or rename the others",
                        )
                    )
            if not found and not spec.optional:
                missing.setdefault(spec.columns, []).append(at)
        seen = ", ".join(h for h in self.table.header if h) or "(none)"
        for columns, where in missing.items():
            wanted = " or ".join(repr(c) for c in columns)
            self.errors.append(
                RowError(
                    self.table.where,
                    self.table.header_row,
                    columns[0],
                    "",
                    f"a column headed {wanted} (named by {', '.join(where)} in "
                    f"{self.mapping.path})",
                    hint=f"the columns are {seen}",
                )
            )
        return not self.errors

    def cell(self, spec: ValueSpec, cells: list[str]) -> tuple[str, str | None]:
        """(value, column it came from) for one spec on one row."""
        for column in spec.columns:
            i = self.index.get(column)
            if i is not None and i < len(cells) and cells[i]:
                return cells[i], self.table.header[i]
        if spec.value is not None:
            return spec.value, None
        return spec.default or "", (spec.columns[0] if spec.columns else None)

    def records(self) -> Iterator[Record]:
        label = self.table.path.name + (f"[{self.table.sheet}]" if self.table.sheet else "")
        kept = SheetRows(self.table.where, self.table.header)
        self.captured[self.table.where] = self.captured[label] = kept
        read = {i: self.table.header[i] for i in sorted(set(self.index.values()))}
        for row_no, cells in self.table.progress():
            kept.rows[row_no] = cells
            if (wide := self.table.too_wide(row_no, cells)) is not None:
                self.errors.append(wide)  # its cells are shifted: no other check means anything
                continue
            problems: list[LoadError] = []
            out: list[Record] = []
            source_id, source = self._source(cells, row_no, label, problems)
            prov = Provenance(source_id, label, row_no)
            names = {
                key: self._node(node, cells, row_no, prov, out, problems)
                for key, node in self.mapping.nodes.items()
            }
            scopes = self._scope(names, out)
            for edge in self.mapping.edges:
                props = self._props(
                    edge.props, SCHEMA.rel_properties(edge.type), cells, row_no, problems
                )
                for (a, la), (b, lb) in product(names[edge.source], names[edge.target]):
                    ref_a = NodeRef(la, a, scopes.get((la, a), ()))
                    ref_b = NodeRef(lb, b, scopes.get((lb, b), ()))
                    out.append(EdgeRecord(ref_a, edge.type, ref_b, props, prov))
            if unreadable := cell_problems(
                self.table.where, row_no, cells, read, self.table.formulas
            ):
                problems = [*unreadable, *without_columns(problems, unreadable)]
            if problems:
                # One column feeding several properties fails once, not once per use.
                self.errors.extend({str(p): p for p in problems}.values())
                continue
            if source_id not in self.seen_sources:
                self.seen_sources.add(source_id)
                yield source
            yield from out

    def _scope(
        self, names: dict[str, list[tuple[str, str]]], out: list[Record]
    ) -> dict[tuple[str, str], tuple[str, ...]]:
        """Scope the row's people by the one organisation it places them at (WORKS_AT).

        The row's NodeRecords in ``out`` are replaced by scoped ones; the
        scopes (people's and events', whose come from their date and place)
        are returned for the row's relationships to name them by.
        """
        orgs: dict[tuple[str, str], set[str]] = {}
        for edge in self.mapping.edges:
            if edge.type == _WORKS_AT:
                for person in names[edge.source]:
                    orgs.setdefault(person, set()).update(n for n, _ in names[edge.target])
        scopes: dict[tuple[str, str], tuple[str, ...]] = {}
        for i, record in enumerate(out):
            if not isinstance(record, NodeRecord):
                continue
            at = orgs.get((record.name, record.label), set())
            if record.label == _PERSON and len(at) == 1:
                record = out[i] = replace(record, scope=(next(iter(at)),))
            if record.scope:
                scopes[(record.label, record.name)] = record.scope
        return scopes

    def _node(
        self,
        node: NodeSpec,
        cells: list[str],
        row_no: int,
        prov: Provenance,
        out: list[Record],
        problems: list[LoadError],
    ) -> list[tuple[str, str]]:
        raw, column = self.cell(node.name, cells)
        names = split_list(raw, loose=True) if node.split else ([raw] if raw else [])
        if not names:
            if node.required:
                problems.append(
                    RowError(
                        self.table.where, row_no, column, "", "a name (this column is required)"
                    )
                )
            return []
        label = self._label(node, names[0], cells, row_no, problems)
        if label is None:
            return []
        props = self._props(node.props, SCHEMA.node_properties(label), cells, row_no, problems)
        aliases = tuple(split_list(self.cell(node.aliases, cells)[0])) if node.aliases else ()
        code = (self.cell(node.code, cells)[0] or None) if node.code else None
        for name in names:
            try:
                out.append(NodeRecord(label, name, aliases, props, code=code, provenance=prov))
            except SchemaError as exc:
                problems.append(
                    LoadError(
                        self.table.where, str(exc).split(": ", 1)[-1], row=row_no, field=column
                    )
                )
        return [(name, label) for name in names]

    def _label(
        self, node: NodeSpec, name: str, cells: list[str], row_no: int, problems: list[LoadError]
    ) -> str | None:
        from loaders.table_format import kind_label

        cell, column = (
            self.cell(node.label, cells) if (node.label.columns or node.label.value) else ("", None)
        )
        if cell:
            label = kind_label(node.label.translate(cell) or cell)
            if label in node.labels:
                return label
            if node.label.columns and column is not None and cell != node.label.default:
                known = "、".join(node.label.values) or "a label name or kind (企业, 中职 …)"
                problems.append(RowError(self.table.where, row_no, column, cell, f"one of {known}"))
                return None
        if node.guess:
            guessed = _guess(name, node.guess)
            if guessed:
                return guessed
            if node.label.default:
                return kind_label(node.label.default)
            # The name is what was found, so the message names the name's column,
            # never a kind column the file may not even have.
            problems.append(
                RowError(
                    self.table.where,
                    row_no,
                    self.cell(node.name, cells)[1],
                    name,
                    f"a {SCHEMA.labels[node.guess].zh} name with a telling ending "
                    f"({_endings(node.guess)} …) {self._kind_remedy(node)}",
                )
            )
            return None
        return kind_label(node.label.default) if node.label.default else None

    def _kind_remedy(self, node: NodeSpec) -> str:
        """How the row could say the kind instead: the kind column, or one to add."""
        first: dict[str, str] = {}  # one cell text per kind: 中职、高职, not 中职、中专、职高
        for cell, kind in node.label.values.items():
            first.setdefault(kind, cell)
        kinds = "、".join(first.values()) or "中职、高校"
        present = [self.table.header[self.index[c]] for c in node.label.columns if c in self.index]
        if present:
            return f"or its kind in column '{present[0]}' ({kinds} …)"
        if node.label.columns:
            return f"or a kind column (add a '{node.label.columns[0]}' column: {kinds} …)"
        return "or a kind column"

    def _props(
        self,
        specs: dict[str, ValueSpec] | object,
        declared: dict[str, object],
        cells: list[str],
        row_no: int,
        problems: list[LoadError],
    ) -> dict[str, str]:
        props: dict[str, str] = {}
        for name, spec in dict(specs).items():  # type: ignore[call-overload]
            raw, column = self.cell(spec, cells)
            if not raw:
                continue
            value = spec.translate(raw) or raw
            kind = getattr(declared.get(name), "type", "string")
            if kind == "date" and name == "until":
                kind = "endDate"  # an agreement's end may lie ahead
            expected = check_cell(kind, value) if kind in ("date", "endDate", "status") else None
            if expected:
                problems.append(RowError(self.table.where, row_no, column, raw, expected))
                continue
            props[name] = value
        return props

    def _source(
        self, cells: list[str], row_no: int, label: str, problems: list[LoadError]
    ) -> tuple[str, NodeRecord]:
        """The row's Source node: from the mapping's source fields, else the file."""
        fields = {name: self.cell(spec, cells) for name, spec in self.mapping.source.items()}
        row = {name: value for name, (value, _) in fields.items() if value}
        key = None
        if not row.get("title") and not row.get("url"):
            row = {"title": label, "path": str(self.table.path), "kind": "table"}
            key = file_source_key(self.table.path, self.table.sheet)
        elif row.get("title", "").startswith(("http://", "https://")):
            row.setdefault("url", row["title"])
        for name, check in (("kind", "sourceKind"), ("tier", "tier"), ("date", "date")):
            if row.get(name) and (expected := check_cell(check, row[name])):
                problems.append(
                    RowError(self.table.where, row_no, fields[name][1], row[name], expected)
                )
                row.pop(name)
        return source_record(row, Provenance("", label, row_no), key)


_PERSON = SCHEMA.label("Person").name
_WORKS_AT = SCHEMA.rel("WORKS_AT").name


def _endings(root: str) -> str:
    """A few name endings that tell the kinds under ``root``, for messages."""
    return "、".join(s for n in SCHEMA.descendants(root) for s in SCHEMA.labels[n].suffixes[:2])


_SUFFIXES = SCHEMA.suffix_table()  # longest first; computed once, not per row


def _guess(name: str, root: str) -> str | None:
    """The label among ``root``'s descendants that the name's ending tells."""
    among = SCHEMA.descendants(root)
    return next((lab for suffix, lab in _SUFFIXES if lab in among and name.endswith(suffix)), None)
