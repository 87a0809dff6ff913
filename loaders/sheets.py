"""One row of a documented sheet → records.

Each function takes a row already checked by :mod:`loaders.validation`
(canonical column names, stripped text) and the row's provenance, and yields
the nodes and relationships the row states. Names refer to nodes by name or
alias; the graph resolves them when the batch is applied.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from pathlib import Path

from graph.ids import make_id
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from loaders.designations import designation_records
from loaders.table_format import kind_label, rel_type, source_kind

__all__ = [
    "HANDLERS",
    "Record",
    "edge",
    "file_source_key",
    "source_id",
    "source_record",
    "source_scope",
    "split_list",
]

Record = NodeRecord | EdgeRecord
Row = dict[str, str]
_LIST = re.compile(r"[;；|\n]")
_LIST_LOOSE = re.compile(r"[;；|、,，\n]")

SOURCE = SCHEMA.label("Source").name
REGION = SCHEMA.label("Region").name
PERSON = SCHEMA.label("Person").name
PROJECT = SCHEMA.label("Project").name
EVENT = SCHEMA.label("Event").name
INDUSTRY = SCHEMA.label("Industry").name
ALLIANCE = SCHEMA.label("Alliance").name
ORGANIZATION = SCHEMA.label("Organization").name
PART_OF = SCHEMA.rel("PART_OF").name
WORKS_AT = SCHEMA.rel("WORKS_AT").name
MEMBER_OF = SCHEMA.rel("MEMBER_OF").name
LOCATED_IN = SCHEMA.rel("LOCATED_IN").name
IN_INDUSTRY = SCHEMA.rel("IN_INDUSTRY").name
TARGETS_INDUSTRY = SCHEMA.rel("TARGETS_INDUSTRY").name


def split_list(cell: str | None, loose: bool = False) -> list[str]:
    """Items of a list cell (``;`` ``；`` ``|``, and with ``loose`` also ``、`` ``,``).

    >>> split_list("绍兴中专；绍兴市中专 | 中专")
    ['绍兴中专', '绍兴市中专', '中专']
    """
    pattern = _LIST_LOOSE if loose else _LIST
    return [item.strip() for item in pattern.split(cell or "") if item.strip()]


def source_scope(row: Row, key: str | None = None) -> tuple[str, ...]:
    """What identifies a Source row: ``key`` (a table's path), else its URL, else ().

    With neither, the title written in the sources sheet is its key, as it
    always was (its id is the one the title alone gives).
    """
    return (key,) if key else ((row["url"],) if row.get("url") else ())


def source_id(row: Row, key: str | None = None) -> str:
    """The id :func:`source_record` gives the Source of ``row``."""
    return str(
        make_id(SOURCE, row.get("title") or row.get("url") or "", scope=source_scope(row, key))
    )


@functools.lru_cache(maxsize=256)  # asked per row; it asks the file system
def file_source_key(path: Path, sheet: str | None = None) -> str:
    """A table file's key as a Source: its folder's name and its own, and the sheet.

    Not the bare file name: 绍兴/合作.csv and 宁波/合作.csv are two sources.
    The same file loaded again, from anywhere, gets the same key.
    """
    path = Path(path).resolve()
    key = f"{path.parent.name}/{path.name}"
    return f"{key}[{sheet}]" if sheet else key


def source_record(row: Row, prov: Provenance, key: str | None = None) -> tuple[str, NodeRecord]:
    """A Source node from title/url/publisher/date/kind/tier cells, and its id.

    ``key`` identifies a Source made for a table file (:func:`file_source_key`).
    """
    props: dict[str, object] = {
        k: row.get(k) for k in ("title", "url", "publisher", "date", "path") if row.get(k)
    }
    kind = source_kind(row["kind"]) if row.get("kind") else None
    if kind:
        props["kind"] = kind[0]
    if row.get("tier") or kind:
        props["tier"] = int(row.get("tier") or (kind[1] if kind else 4))
    title = row.get("title") or row.get("url") or ""
    sid = source_id(row, key)
    return sid, NodeRecord(
        SOURCE,
        title,
        props=props,
        provenance=Provenance(sid, prov.path, prov.row),
        scope=source_scope(row, key),
    )


def edge(
    source: str,
    rel: str,
    target: str,
    props: dict[str, str | None],
    prov: Provenance,
    source_label: str | None = None,
    target_label: str | None = None,
) -> EdgeRecord:
    """A relationship between two nodes named as a sheet names them."""
    return EdgeRecord(
        NodeRef(source_label, source), rel, NodeRef(target_label, target), props, prov
    )


def _regions(row: Row, prov: Provenance) -> Iterator[Record]:
    yield NodeRecord(REGION, row["name"], props={"level": row.get("level")}, provenance=prov)
    if row.get("parent"):
        yield edge(row["name"], PART_OF, row["parent"], {}, prov, REGION, REGION)


def _organizations(row: Row, prov: Provenance) -> Iterator[Record]:
    label = str(kind_label(row["kind"]))
    yield NodeRecord(
        label,
        row["name"],
        tuple(split_list(row.get("aliases"))),
        {"region": row.get("region")},
        code=row.get("code") or None,
        provenance=prov,
    )
    yield from region_link(row["name"], row.get("region"), prov)
    yield from industries(row["name"], IN_INDUSTRY, row.get("industries"), prov)


def _people(row: Row, prov: Provenance) -> Iterator[Record]:
    # A person is told apart from namesakes by the organisation the row names.
    scope = (row["organization"],) if row.get("organization") else ()
    yield NodeRecord(
        PERSON, row["name"], props={"role": row.get("role")}, provenance=prov, scope=scope
    )
    if scope:
        props = {k: row.get(k) for k in ("title", "since", "until")}
        yield EdgeRecord(
            NodeRef(PERSON, row["name"], scope),
            WORKS_AT,
            NodeRef(ORGANIZATION, row["organization"]),
            props,
            prov,
        )


def _projects(row: Row, prov: Provenance) -> Iterator[Record]:
    props = {"kind": row.get("kind"), "since": row.get("since")}
    yield NodeRecord(PROJECT, row["name"], props=props, provenance=prov)
    yield from industries(row["name"], TARGETS_INDUSTRY, row.get("industries"), prov)


def _events(row: Row, prov: Provenance) -> Iterator[Record]:
    props = {k: row.get(k) for k in ("kind", "date", "place")}
    yield NodeRecord(EVENT, row["name"], props=props, provenance=prov)


def _members(row: Row, prov: Provenance) -> Iterator[Record]:
    props = {k: row.get(k) for k in ("role", "since", "until", "status")}
    yield edge(row["member"], MEMBER_OF, row["alliance"], props, prov, ORGANIZATION, ALLIANCE)


def _relationships(row: Row, prov: Provenance) -> Iterator[Record]:
    keys = ("role", "title", "since", "until", "status", "agreement", "date")
    props: dict[str, str | None] = {k: row[k] for k in keys if row.get(k)}
    yield edge(row["from"], str(rel_type(row["type"])), row["to"], props, prov)


def region_link(name: str, region: str | None, prov: Provenance) -> Iterator[Record]:
    """The region node and the organisation's LOCATED_IN, when a region is given."""
    if region:
        yield NodeRecord(REGION, region, provenance=prov)
        yield edge(name, LOCATED_IN, region, {}, prov, ORGANIZATION, REGION)


def industries(name: str, rel: str, cell: str | None, prov: Provenance) -> Iterator[Record]:
    """Industry nodes named in a list cell, each linked to ``name`` by ``rel``."""
    for industry in split_list(cell, loose=True):
        yield NodeRecord(INDUSTRY, industry, provenance=prov)
        yield edge(name, rel, industry, {}, prov, None, INDUSTRY)


#: sheet name -> row handler (the sources sheet is handled by the dataset reader)
HANDLERS: dict[str, Callable[[Row, Provenance], Iterator[Record]]] = {
    "regions": _regions,
    "organizations": _organizations,
    "people": _people,
    "projects": _projects,
    "events": _events,
    "members": _members,
    "relationships": _relationships,
    "designations": designation_records,
}
