"""Official designations: who holds which title, since which batch and document.

Lists such as the national 产教融合型企业, the 产教融合试点城市, and the
registered 市域产教联合体 and 行业产教融合共同体 are facts with a source like any
other. A row becomes a Designation node (the title), the designated
organisation or region, and a DESIGNATED_AS relationship carrying the batch,
document number and date, so that the ``designations`` question can set each
title beside the evidence of actual partnership.
"""

from __future__ import annotations

from collections.abc import Iterator

from graph.errors import SchemaError
from graph.records import EdgeRecord, NodeRecord, NodeRef, Provenance
from graph.schema import SCHEMA
from graph.text import match_key

__all__ = ["DESIGNATED_AS", "DESIGNATION", "designated_label", "designation_records"]

DESIGNATION = SCHEMA.label("Designation").name
DESIGNATED_AS = SCHEMA.rel("DESIGNATED_AS").name
_REGION = SCHEMA.label("Region").name
_ENTERPRISE = SCHEMA.label("Enterprise").name
_ALLIANCE = SCHEMA.label("Alliance").name

#: Words in a title that say what kind of holder it is given to, checked in order.
TITLE_HOLDERS: tuple[tuple[str, str], ...] = (
    ("试点城市", _REGION),
    ("试点省", _REGION),
    ("城市", _REGION),
    ("联合体", _ALLIANCE),
    ("共同体", _ALLIANCE),
    ("职教集团", _ALLIANCE),
    ("企业", _ENTERPRISE),
)
#: Words that tell a title's level when no level column is given.
LEVELS: tuple[tuple[str, str], ...] = (
    ("国家", "national"),
    ("全国", "national"),
    ("省", "provincial"),
    ("市级", "city"),
)


def designated_label(title: str, name: str, kind: str | None = None) -> str:
    """The label of a designation's holder: kind cell, else title, else name suffix.

    >>> designated_label("国家产教融合型企业", "浙江时立态合科技有限公司")
    'Enterprise'
    >>> designated_label("国家产教融合试点城市", "绍兴市")
    'Region'
    """
    from loaders.table_format import kind_label

    if kind:
        label = kind_label(kind)
        if label:
            return label
    for word, label in TITLE_HOLDERS:
        if word in title:
            return label
    guessed = SCHEMA.kind_of(name)
    if guessed is None:
        raise SchemaError(
            f"cannot tell what kind of holder {name!r} is for {title!r}; fill the kind column"
        )
    return guessed


def guess_level(title: str) -> str | None:
    """national / provincial / city from the title's wording, or None.

    >>> guess_level("国家产教融合型企业"), guess_level("浙江省产教融合型企业")
    ('national', 'provincial')
    """
    key = match_key(title)
    return next((level for word, level in LEVELS if word in key), None)


def designation_records(row: dict[str, str], prov: Provenance) -> Iterator[NodeRecord | EdgeRecord]:
    """Records for one row of a designations list.

    ``row`` has ``name`` and ``designation``, and may have ``kind``, ``batch``,
    ``document``, ``date``, ``issuer`` and ``level``.
    """
    title, name = row["designation"], row["name"]
    label = designated_label(title, name, row.get("kind"))
    level = row.get("level") or guess_level(title)
    yield NodeRecord(
        DESIGNATION, title, props={"level": level, "issuer": row.get("issuer")}, provenance=prov
    )
    yield NodeRecord(label, name, provenance=prov)
    props = {k: row.get(k) for k in ("batch", "document", "date")}
    yield EdgeRecord(NodeRef(label, name), DESIGNATED_AS, NodeRef(DESIGNATION, title), props, prov)
